export const id = 318;
export const ids = [318];
export const modules = {

/***/ 6937:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   restoreCache: () => (/* binding */ restoreCache),
/* harmony export */   saveCache: () => (/* binding */ saveCache)
/* harmony export */ });
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9312);
/* harmony import */ var _action_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9471);
/** The Actions cache, where a failure to restore or save is an outcome, never a failed step. */


/**
 * The Actions cache, where a failure is an outcome rather than an exception: a cache can make a job faster, never
 * make it fail.
 */
async function restoreCache(paths, key, restoreKeys = []) {
    if (!_actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .isFeatureAvailable */ .w3())
        return { status: 'unavailable', reason: 'the Actions cache service is not available to this job' };
    try {
        const hit = await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .restoreCache */ .P3(paths, key, restoreKeys);
        if (hit === undefined)
            return { status: 'miss' };
        return { status: hit === key ? 'exact' : 'partial', key: hit };
    }
    catch (error) {
        return { status: 'unavailable', reason: `the cache could not be restored: ${(0,_action_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}` };
    }
}
async function saveCache(paths, key) {
    if (!_actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .isFeatureAvailable */ .w3())
        return { status: 'not-saved', reason: 'the Actions cache service is not available to this job' };
    try {
        const id = await _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .saveCache */ .Io(paths, key);
        return id === -1 ? { status: 'not-saved', reason: `the cache service did not accept key ${key}` } : { status: 'saved', key };
    }
    catch (error) {
        // ReserveCacheError: another job saved the same key first, which is as good as saving it.
        return { status: 'not-saved', reason: (0,_action_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error) };
    }
}


/***/ })

};
