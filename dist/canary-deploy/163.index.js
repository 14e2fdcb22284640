export const id = 163;
export const ids = [163];
export const modules = {

/***/ 7163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/index.js + 874 modules
var dist = __webpack_require__(3329);
;// CONCATENATED MODULE: ./src/lib/retry.ts
/** Retries with exponential backoff and full jitter, honouring a server's Retry-After. */
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 60_000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full jitter (AWS architecture blog): a uniform delay in [0, min(max, base * 2^retry)). */
function retry_backoffDelay(retry, policy, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    return Math.floor(random() * ceiling);
}
/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function parseRetryAfter(header, now = Date.now()) {
    if (header == null || header.trim() === '')
        return undefined;
    const text = header.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
async function withRetry(operation, options) {
    const policy = options.policy ?? DEFAULT_RETRY;
    const wait = options.sleep ?? sleep;
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            const decision = options.classify(error);
            if (!decision.retry || attempt >= policy.attempts)
                throw error;
            const maxRetryAfter = policy.maxRetryAfterMs ?? Infinity;
            if (decision.afterMs !== undefined && decision.afterMs > maxRetryAfter)
                throw error;
            const delayMs = decision.afterMs ?? retry_backoffDelay(attempt - 1, policy, options.random);
            if (options.deadline !== undefined && (options.now ?? Date.now)() + delayMs >= options.deadline)
                throw error;
            options.onRetry?.({ attempt, delayMs, reason: decision.reason });
            await wait(delayMs);
        }
    }
}

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
;// CONCATENATED MODULE: ./src/lib/kube/deadline.ts
/**
 * Deadlines of Kubernetes API requests. Each request may take at most the client's per-request timeout, and no
 * longer than what is left of the deadline of the wait it serves (`withinDeadline`); a request still unanswered
 * then is aborted and fails as a KubeRequestTimeout, retried like a dropped connection. Without this, a stalled API
 * server held a request for undici's header timeout, 300 s, whatever the action's own timeouts said.
 */

/** The cap on one request: the API server itself ends a non-watch request after 60 s (`--request-timeout`). */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** However little is left of a deadline, a request gets this long (a call that reports the timeout must still run). */
const MIN_REQUEST_TIMEOUT_MS = 1_000;
/**
 * A per-request timeout from an action's own time budget (e.g. its rollout timeout): a third of it, so that a
 * stalled request can be retried within the budget, between 5 s and the default cap.
 */
function requestTimeoutFor(budgetMs) {
    return Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.max(5_000, Math.floor(budgetMs / 3)));
}
/** A request that had no answer (or no complete answer) within its timeout. */
class KubeRequestTimeout extends Error {
    timeoutMs;
    name = 'KubeRequestTimeout';
    constructor(timeoutMs) {
        super(`no answer within ${formatMs(timeoutMs)}`);
        this.timeoutMs = timeoutMs;
    }
}
const formatMs = (ms) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
/** The deadline (ms since the epoch) of the wait the current code runs in. */
const deadlines = new external_node_async_hooks_.AsyncLocalStorage();
/** The timeout of the request being made now. */
const requestTimeouts = new external_node_async_hooks_.AsyncLocalStorage();
/** Runs `work` with every API request in it ending by `deadline` (ms since the epoch), retries included. */
const withinDeadline = (deadline, work) => deadlines.run(Math.min(deadline, deadlines.getStore() ?? Infinity), work);
/** The deadline of the wait the current code runs in, if any. */
const currentDeadline = () => deadlines.getStore();
/** How long the next request may take: the cap, or less when the current wait's deadline is nearer. */
function nextRequestTimeout(capMs, now = Date.now()) {
    const deadline = deadlines.getStore();
    const left = deadline === undefined ? capMs : deadline - now;
    return Math.max(MIN_REQUEST_TIMEOUT_MS, Math.min(capMs, left));
}
/** Runs one request with a timeout; its abort comes out as a KubeRequestTimeout. */
async function withRequestTimeout(timeoutMs, request) {
    try {
        return await requestTimeouts.run(timeoutMs, request);
    }
    catch (error) {
        const name = error?.name;
        if (name === 'TimeoutError' || (name === 'AbortError' && error.cause?.name === 'TimeoutError'))
            throw new KubeRequestTimeout(timeoutMs);
        throw error;
    }
}
/** client-node middleware: the request's abort signal, from the timeout withRequestTimeout set for it. */
const deadlineMiddleware = {
    pre: (context) => {
        const timeoutMs = requestTimeouts.getStore();
        if (timeoutMs !== undefined)
            context.setSignal(AbortSignal.timeout(timeoutMs));
        return Promise.resolve(context);
    },
    post: (response) => Promise.resolve(response)
};

// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __webpack_require__(9471);
;// CONCATENATED MODULE: ./src/lib/kube/errors.ts
/** Reading errors of @kubernetes/client-node: the HTTP status, the Status message, Retry-After, and which ones are
 * worth retrying (429, 5xx, dropped connections); and the user errors for the failures a user can act on. */




function errors_statusCode(error) {
    if (error instanceof dist/* ApiException */.UJ4)
        return error.code;
    const code = error?.statusCode;
    return typeof code === 'number' ? code : undefined;
}
function statusBody(error) {
    if (!(error instanceof dist/* ApiException */.UJ4))
        return undefined;
    const body = error.body;
    if (typeof body === 'string') {
        try {
            return JSON.parse(body);
        }
        catch {
            // Plain text, e.g. the priority-and-fairness filter's 429 (Go's http.Error ends it with a newline).
            return { message: body.trim() };
        }
    }
    return (body ?? undefined);
}
/** The API server's own message (e.g. `deployments.apps "web" not found`), else a short description. */
function kubeErrorMessage(error) {
    if (error instanceof KubeAccessError)
        return error.message;
    if (error instanceof KubeCallError)
        return error.serverMessage;
    const body = statusBody(error);
    const code = errors_statusCode(error);
    if (body?.message)
        return code ? `${body.message} (HTTP ${code})` : body.message;
    // For answers its API description declares without a body (401 among them), client-node keeps only the reason;
    // its Watch keeps only the status text.
    const reason = error instanceof dist/* ApiException */.UJ4 ? /^Message: (.+)$/m.exec(error.message)?.[1] : error instanceof Error && error.message ? error.message : undefined;
    if (code !== undefined)
        return reason ? `${reason} (HTTP ${code})` : `HTTP ${code}`;
    const cause = error?.cause?.message;
    const message = error instanceof Error ? error.message : String(error);
    return cause ? `${message}: ${cause}` : message;
}
const isNotFound = (error) => errors_statusCode(error) === 404;
const isConflict = (error) => errors_statusCode(error) === 409;
const isGone = (error) => errors_statusCode(error) === 410;
/**
 * A write refused because the object changed since it was read: 409 Conflict, or the API server's answer to a JSON
 * patch whose `test` failed (json-patch.ts). That answer names nothing (422, reason Invalid, "the server rejected our
 * request due to an error in our request", no causes), unlike a validation error, which lists its causes.
 */
function errors_isStaleWrite(error) {
    if (isConflict(error))
        return true;
    if (errors_statusCode(error) !== 422)
        return false;
    const body = error instanceof KubeCallError ? undefined : statusBody(error);
    return body?.reason === 'Invalid' && body.details?.causes === undefined && /error in our request/.test(body.message ?? '');
}
function retryAfterMs(error) {
    if (!(error instanceof dist/* ApiException */.UJ4))
        return undefined;
    const headers = (error.headers ?? {});
    const header = headers['retry-after'] ?? headers['Retry-After'];
    return parseRetryAfter(header);
}
const TRANSIENT_NETWORK = /fetch failed|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|other side closed|UND_ERR/i;
/** Retry policy for API calls: throttling, server errors, dropped connections and stalls; never 4xx decisions. */
function classifyKubeError(error) {
    if (error instanceof KubeRequestTimeout)
        return { retry: true, reason: error.message };
    const code = errors_statusCode(error);
    if (code === 429) {
        const afterMs = retryAfterMs(error);
        return { retry: true, reason: 'HTTP 429 Too Many Requests', ...(afterMs !== undefined ? { afterMs } : {}) };
    }
    if (code !== undefined && code >= 500) {
        const afterMs = retryAfterMs(error);
        return { retry: true, reason: `HTTP ${code}`, ...(afterMs !== undefined ? { afterMs } : {}) };
    }
    if (code === undefined && TRANSIENT_NETWORK.test(kubeErrorMessage(error)))
        return { retry: true, reason: kubeErrorMessage(error) };
    return { retry: false };
}
/**
 * The API server refused the kubeconfig's user: its credentials (401) or a permission (403). The user fixes that
 * in the cluster or the kubeconfig, so it is a user error, with the server's own words on what was refused.
 */
class KubeAccessError extends errors/* UserError */.yo {
    statusCode;
    name = 'KubeAccessError';
    constructor(statusCode, what, serverMessage) {
        super(statusCode === 401
            ? `Kubernetes refused the kubeconfig's credentials when trying to ${what}: ${serverMessage}. Check that its token or client certificate is valid and not expired.`
            : `Kubernetes refused to let the kubeconfig's user ${what}: ${serverMessage}. Grant that user this permission (a Role in the namespace), or use a kubeconfig whose user has it.`);
        this.statusCode = statusCode;
    }
}
/**
 * A failed API call the user can act on, other than a refusal: the message says what to change; the HTTP status
 * stays readable (`statusCode`, and `code` as client-node's ApiException names it), so isNotFound and isConflict
 * still answer, and kubeErrorMessage still gives the server's own words.
 */
class KubeCallError extends errors/* UserError */.yo {
    statusCode;
    serverMessage;
    code;
    constructor(statusCode, serverMessage, message) {
        super(message);
        this.statusCode = statusCode;
        this.serverMessage = serverMessage;
        this.code = statusCode;
    }
}
/** A 404 that names the object it did not find: a wrong name, namespace or context, or an object not created yet. */
class KubeNotFoundError extends KubeCallError {
    name = 'KubeNotFoundError';
    constructor(what, serverMessage) {
        super(404, serverMessage, `Kubernetes could not ${what}: ${serverMessage}. Check the name and the namespace (and that the kubeconfig's context is the intended cluster), or create it first.`);
    }
}
/**
 * A read-modify-write refused with 409 Conflict each time it was read again and re-applied: another writer keeps
 * changing the object.
 */
class KubeConflictError extends KubeCallError {
    name = 'KubeConflictError';
    constructor(object, attempts, serverMessage) {
        super(409, serverMessage, `Kubernetes refused ${attempts} updates in a row of ${object}: another writer changed it each time between the read and the write (${serverMessage}). Find what else is writing it (another workflow or a controller), stop it or wait for it to finish, then run again.`);
    }
}
/**
 * A create refused with 409 AlreadyExists whose object is not the one the caller meant to create: something else
 * of that name is in the way, and the action will not take over or overwrite it.
 */
class KubeAlreadyExistsError extends KubeCallError {
    name = 'KubeAlreadyExistsError';
    constructor(object, problem, serverMessage) {
        super(409, serverMessage, `Kubernetes could not create ${object}: one of that name already exists and ${problem}. It is left as it is; delete or rename it, then run again.`);
    }
}
/** A throttled, failing or unreachable API server that was still so when the retries ran out. */
class KubeUnavailableError extends KubeCallError {
    name = 'KubeUnavailableError';
    constructor(what, statusCode, serverMessage) {
        super(statusCode, serverMessage, `Kubernetes could not ${what}: ${serverMessage}, still after retrying. Check that the API server the kubeconfig names is up and reachable from this runner, then run again.`);
    }
}
/**
 * The error a failed API call surfaces once its retries are done: a refusal (401/403), a named object not found
 * (404) or a transient failure that outlasted the retries as a user error; anything else (a request this project
 * got wrong) as it came.
 */
function errors_userErrorOr(what, error) {
    const code = errors_statusCode(error);
    if (code === 401 || code === 403)
        return new KubeAccessError(code, what, kubeErrorMessage(error));
    if (code === 404 && statusBody(error)?.details?.name)
        return new KubeNotFoundError(what, kubeErrorMessage(error));
    if (classifyKubeError(error).retry)
        return new KubeUnavailableError(what, code, kubeErrorMessage(error));
    return error;
}

;// CONCATENATED MODULE: ./src/lib/kube/json-patch.ts
/**
 * JSON patches (RFC 6902) for writes that change an object read a moment before: only the paths that differ between
 * what was read and what is wanted, behind a `test` of the resourceVersion read, so a write never sends back fields
 * it did not mean to change and never lands on an object someone else changed meanwhile. Pure: no I/O.
 */
/** A JSON pointer segment (RFC 6901): `~` as `~0`, `/` as `~1` (annotation keys such as `example.com/team`). */
const pointerSegment = (key) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');
/** The object as it goes over the wire: undefined members dropped, Dates as strings (client-node's models use the wire names). */
const wireJson = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
function equal(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
}
/**
 * The operations that turn `before` into `after`, both plain JSON (see wireJson): members compared one by one, lists
 * of the same length element by element, a list whose length changed replaced whole (as a merge patch would).
 */
function jsonPatchDiff(before, after, path = '') {
    if (equal(before, after))
        return [];
    if (isPlainObject(before) && isPlainObject(after)) {
        const ops = [];
        for (const key of Object.keys(before)) {
            if (!(key in after))
                ops.push({ op: 'remove', path: `${path}/${pointerSegment(key)}` });
        }
        for (const [key, value] of Object.entries(after)) {
            const at = `${path}/${pointerSegment(key)}`;
            if (!(key in before))
                ops.push({ op: 'add', path: at, value });
            else
                ops.push(...jsonPatchDiff(before[key], value, at));
        }
        return ops;
    }
    if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
        return before.flatMap((item, index) => jsonPatchDiff(item, after[index], `${path}/${index}`));
    }
    return [{ op: 'replace', path, value: after }];
}
/** `test` that the object is still at the resourceVersion it was read at: the API server refuses the patch otherwise. */
const json_patch_testResourceVersion = (resourceVersion) => ({ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion });

;// CONCATENATED MODULE: ./src/lib/kube/client.ts
/**
 * Typed access to the resources the actions use, through @kubernetes/client-node. Every call has a deadline
 * (deadline.ts) and retries 429 (after Retry-After), 5xx, dropped connections and requests without an answer in
 * time; patches always name their content type, because client-node sends `application/json-patch+json` by default
 * even for an object body. Every write is a create, a patch or a delete, never a PUT of an object read into
 * client-node's models (which would send back every field as those models know it and overwrite what other managers
 * set), and names the action as its field manager (`kubectl get -o yaml --show-managed-fields` shows it).
 */






const CONTENT_TYPES = {
    merge: dist/* PatchStrategy */.Qve.MergePatch,
    strategic: dist/* PatchStrategy */.Qve.StrategicMergePatch,
    json: dist/* PatchStrategy */.Qve.JsonPatch
};
/** The options argument that makes client-node send a patch with the given content type. */
const patchOptions = (type) => dist/* setHeaderOptions */.OkF('Content-Type', CONTENT_TYPES[type]);
/** The field managers of the actions' writes: what `kubectl get -o yaml --show-managed-fields` names as the writer. */
const fieldManagerOf = (action) => `pipeline-actions/${action}`;
const WRITES = new Set(['POST', 'PUT', 'PATCH']);
/**
 * client-node middleware: every create, update and patch names `fieldManager` (a query parameter of each), whichever
 * API call made it, so no write of the action is left to the API server's default (the User-Agent's first word).
 */
function fieldManagerMiddleware(fieldManager) {
    return {
        pre: (context) => {
            if (WRITES.has(context.getHttpMethod()) && !new URL(context.getUrl()).searchParams.has('fieldManager'))
                context.setQueryParam('fieldManager', fieldManager);
            return Promise.resolve(context);
        },
        post: (response) => Promise.resolve(response)
    };
}
class KubeClient {
    kc;
    options;
    apps;
    core;
    networking;
    custom;
    log;
    constructor(kc, options = {}) {
        this.kc = kc;
        this.options = options;
        this.apps = this.api(dist/* AppsV1Api */.eY6);
        this.core = this.api(dist/* CoreV1Api */.f5Y);
        this.networking = this.api(dist/* NetworkingV1Api */.sGP);
        this.custom = this.api(dist/* CustomObjectsApi */.aVm);
        this.log = options.log ?? ((message) => core/* info */.pq(message));
    }
    /**
     * An API of client-node for the kubeconfig's cluster, as kc.makeApiClient makes it (the kubeconfig authenticates
     * each request), plus the middleware that gives each request the timeout call() set for it.
     */
    api(type) {
        const cluster = this.kc.getCurrentCluster();
        if (!cluster)
            throw new Error('No active cluster!');
        return new type(dist/* createConfiguration */.$v4({
            baseServer: new dist/* ServerConfiguration */.i04(cluster.server, {}),
            authMethods: { default: this.kc },
            middleware: [dist/* setHeaderMiddleware */.Ofj('User-Agent', 'pipeline-actions (kubernetes-client-javascript)')],
            promiseMiddleware: [deadlineMiddleware, ...(this.options.fieldManager ? [fieldManagerMiddleware(this.options.fieldManager)] : [])]
        }));
    }
    /**
     * Runs one API call with the retry policy for transient failures. What the user can act on comes out as a user
     * error (userErrorOr): a refusal, a named object not found, a failure that outlasted the retries.
     */
    call(what, operation) {
        const cap = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
        const deadline = currentDeadline();
        return withRetry(() => withRequestTimeout(nextRequestTimeout(cap), operation), {
            policy: this.options.retry ?? DEFAULT_RETRY,
            classify: classifyKubeError,
            ...(deadline !== undefined ? { deadline } : {}),
            ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
            onRetry: ({ attempt, delayMs, reason }) => this.log(`Kubernetes API: ${what} failed (${reason}); retry ${attempt} in ${delayMs} ms`)
        }).catch((error) => {
            throw errors_userErrorOr(what, error);
        });
    }
    /**
     * Read-modify-write with optimistic concurrency, written as a patch: `change` gets (a copy of) the current object
     * and returns the object wanted, or undefined when nothing needs changing. Only the paths that differ are
     * sent, as a JSON patch behind a `test` of the resourceVersion read (json-patch.ts), so fields this change does not
     * touch are never written and another writer's change made meanwhile is never overwritten: the patch is then
     * refused, the object read again and the change re-applied, up to `attempts` times; then a KubeConflictError says
     * that another writer kept changing it.
     */
    async modify(what, read, change, patch, attempts = 5) {
        for (let attempt = 1;; attempt++) {
            const current = await this.call(`read ${what}`, read);
            const next = change(structuredClone(current));
            if (next === undefined)
                return current;
            const operations = jsonPatchDiff(wireJson(current), wireJson(next));
            if (operations.length === 0)
                return current;
            try {
                return await this.call(`patch ${what}`, () => patch([json_patch_testResourceVersion(current.metadata.resourceVersion), ...operations]));
            }
            catch (error) {
                if (!errors_isStaleWrite(error))
                    throw error;
                if (attempt >= attempts)
                    throw new KubeConflictError(what, attempts, kubeErrorMessage(error));
                this.log(`Kubernetes API: ${what} changed while it was being updated (${kubeErrorMessage(error)}); reading it again`);
            }
        }
    }
    /**
     * A create that may be retried: when its answer is lost (a dropped connection) the retry meets the object its
     * first try made (409 AlreadyExists). The object is then read, and `ownProblem` says whether it is the one this
     * run meant to create (undefined: it is, and it is returned as created) or why it is not, which makes a
     * KubeAlreadyExistsError naming the object and the reason.
     */
    async create(what, create, read, ownProblem) {
        try {
            return await this.call(`create ${what}`, create);
        }
        catch (error) {
            if (!isConflict(error))
                throw error;
            let existing;
            try {
                existing = await this.call(`read ${what}`, read);
            }
            catch (readError) {
                // Gone again between the 409 and the read: the create's own answer stands.
                if (isNotFound(readError))
                    throw error;
                throw readError;
            }
            const problem = ownProblem(existing);
            if (problem !== undefined)
                throw new KubeAlreadyExistsError(what, problem, kubeErrorMessage(error));
            this.log(`Kubernetes API: ${what} already exists and is the one this run created (its create was answered after all); carrying on`);
            return existing;
        }
    }
    // ---- apps/v1 ----
    getDeployment(namespace, name) {
        return this.call(`get deployment ${namespace}/${name}`, () => this.apps.readNamespacedDeployment({ name, namespace }));
    }
    patchDeployment(namespace, name, patch, type) {
        return this.call(`patch deployment ${namespace}/${name}`, () => this.apps.patchNamespacedDeployment({ name, namespace, body: patch }, patchOptions(type)));
    }
    /** `kubectl rollout pause` / `resume`: a merge patch of spec.paused. */
    setDeploymentPaused(namespace, name, paused) {
        return this.patchDeployment(namespace, name, { spec: { paused } }, 'merge');
    }
    /** Read-modify-write of a Deployment as a JSON patch of what changed behind a resourceVersion test (modify). */
    modifyDeployment(namespace, name, change) {
        return this.modify(`deployment ${namespace}/${name}`, () => this.apps.readNamespacedDeployment({ name, namespace }), change, (operations) => this.apps.patchNamespacedDeployment({ name, namespace, body: operations }, patchOptions('json')));
    }
    async listReplicaSets(namespace, labelSelector) {
        const list = await this.call(`list replicasets in ${namespace}`, () => this.apps.listNamespacedReplicaSet({ namespace, ...(labelSelector ? { labelSelector } : {}) }));
        return list.items;
    }
    // ---- core/v1 ----
    async listPods(namespace, labelSelector) {
        const list = await this.call(`list pods in ${namespace}`, () => this.core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) }));
        return list.items;
    }
    readPodLog(namespace, name, options = {}) {
        return this.call(`read log of pod ${namespace}/${name}`, () => this.core.readNamespacedPodLog({ name, namespace, ...options }));
    }
    async listEvents(namespace, fieldSelector) {
        const list = await this.call(`list events in ${namespace}`, () => this.core.listNamespacedEvent({ namespace, ...(fieldSelector ? { fieldSelector } : {}) }));
        return list.items;
    }
    getService(namespace, name) {
        return this.call(`get service ${namespace}/${name}`, () => this.core.readNamespacedService({ name, namespace }));
    }
    patchService(namespace, name, patch, type) {
        return this.call(`patch service ${namespace}/${name}`, () => this.core.patchNamespacedService({ name, namespace, body: patch }, patchOptions(type)));
    }
    // ---- networking.k8s.io/v1 ----
    getIngress(namespace, name) {
        return this.call(`get ingress ${namespace}/${name}`, () => this.networking.readNamespacedIngress({ name, namespace }));
    }
    patchIngress(namespace, name, patch, type) {
        return this.call(`patch ingress ${namespace}/${name}`, () => this.networking.patchNamespacedIngress({ name, namespace, body: patch }, patchOptions(type)));
    }
    // ---- custom resources (no strategic merge patch: the API server refuses it for them) ----
    getCustomObject(ref, namespace, name) {
        return this.call(`get ${ref.plural}.${ref.group} ${namespace}/${name}`, () => this.custom.getNamespacedCustomObject({ ...ref, namespace, name }));
    }
    patchCustomObject(ref, namespace, name, patch, type) {
        return this.call(`patch ${ref.plural}.${ref.group} ${namespace}/${name}`, () => this.custom.patchNamespacedCustomObject({ ...ref, namespace, name, body: patch }, patchOptions(type)));
    }
    /** Read-modify-write of a custom object as a JSON patch of what changed behind a resourceVersion test (modify). */
    modifyCustomObject(ref, namespace, name, change) {
        return this.modify(`${ref.plural}.${ref.group} ${namespace}/${name}`, () => this.custom.getNamespacedCustomObject({ ...ref, namespace, name }), change, (operations) => this.custom.patchNamespacedCustomObject({ ...ref, namespace, name, body: operations }, patchOptions('json')));
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/lib/action/secrets.ts
var secrets = __webpack_require__(9887);
// EXTERNAL MODULE: ./src/lib/kube/kubeconfig-file.ts
var kubeconfig_file = __webpack_require__(4545);
;// CONCATENATED MODULE: ./src/lib/kube/config.ts
/**
 * Where the cluster credentials come from, in order: the action's `kubeconfig` input (content, plain or base64,
 * masked in logs and written 0600 under RUNNER_TEMP so tools started by the action can use it; the post step removes
 * it), the KUBECONFIG variable (e.g. set by a setup action), or the in-cluster service account of a self-hosted
 * runner pod. Then the `context` input picks a context.
 */










const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** Accepts base64 of a kubeconfig, as often stored in secrets (KUBE_CONFIG_DATA). */
function decodeContent(content) {
    const compact = content.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) {
        const decoded = Buffer.from(compact, 'base64').toString('utf8');
        if (/^\s*(apiVersion|clusters|kind|contexts|current-context)\s*:/m.test(decoded))
            return decoded;
    }
    return content;
}
function loadContent(content, inputName) {
    const kc = new dist/* KubeConfig */.ypW();
    try {
        kc.loadFromString(content);
    }
    catch (error) {
        // Parser messages quote the offending text; keep only the position so no credential reaches the log.
        const position = /line (\d+)/.exec(String(error))?.[1];
        throw new errors/* UserError */.yo(`Input '${inputName}' is not a valid kubeconfig (YAML error${position ? ` at line ${position}` : ''}).`);
    }
    if (kc.getClusters().length === 0)
        throw new errors/* UserError */.yo(`Input '${inputName}' is not a valid kubeconfig: it defines no cluster.`);
    return kc;
}
function writePrivateFile(content, env) {
    const dir = env.RUNNER_TEMP || (0,external_node_os_.tmpdir)();
    const file = external_node_path_default().join(dir, `kubeconfig-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.yaml`);
    (0,external_node_fs_.writeFileSync)(file, content, { mode: 0o600, flag: 'wx' });
    return file;
}
function loadKubeconfig(source = {}) {
    const env = source.env ?? process.env;
    const inputName = source.inputName ?? 'kubeconfig';
    const content = source.content?.trim() ?? '';
    let loaded;
    if (content !== '') {
        (0,secrets/* maskSecret */.$)(content);
        const yaml = decodeContent(content);
        if (yaml !== content)
            (0,secrets/* maskSecret */.$)(yaml);
        const kc = loadContent(yaml, inputName);
        for (const user of kc.getUsers()) {
            for (const secret of [user.token, user.password, user.keyData, user.certData])
                if (secret)
                    (0,secrets/* maskSecret */.$)(secret);
        }
        loaded = { kc, origin: 'input' };
        selectContext(kc, source.context ?? '', 'input');
        checkServer(kc, `Input '${inputName}'`);
        // Written only once it is known to be usable: a refused kubeconfig leaves no file behind.
        loaded.file = writePrivateFile(yaml, env);
    }
    else if (env.KUBECONFIG) {
        const kc = new dist/* KubeConfig */.ypW();
        const previous = process.env.KUBECONFIG;
        process.env.KUBECONFIG = env.KUBECONFIG;
        try {
            kc.loadFromDefault();
        }
        catch (error) {
            throw new errors/* UserError */.yo(`The kubeconfig named by KUBECONFIG (${env.KUBECONFIG}) cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}.`);
        }
        finally {
            if (previous === undefined)
                delete process.env.KUBECONFIG;
            else
                process.env.KUBECONFIG = previous;
        }
        loaded = { kc, origin: 'KUBECONFIG' };
    }
    else if (env.KUBERNETES_SERVICE_HOST && (0,external_node_fs_.existsSync)(SERVICE_ACCOUNT_TOKEN)) {
        const kc = new dist/* KubeConfig */.ypW();
        kc.loadFromCluster();
        loaded = { kc, origin: 'in-cluster' };
    }
    else {
        throw new errors/* UserError */.yo(`No cluster credentials: set the '${inputName}' input (kubeconfig content or its base64), set KUBECONFIG, or run on a runner inside the cluster.`);
    }
    if (loaded.origin !== 'input') {
        selectContext(loaded.kc, source.context ?? '', loaded.origin);
        checkServer(loaded.kc, loaded.origin === 'KUBECONFIG' ? `The kubeconfig named by KUBECONFIG (${env.KUBECONFIG})` : 'The in-cluster configuration');
    }
    const namespace = loaded.kc.getContextObject(loaded.kc.getCurrentContext())?.namespace;
    if (namespace)
        loaded.contextNamespace = namespace;
    return loaded;
}
function selectContext(kc, context, origin) {
    const names = kc.getContexts().map((c) => c.name);
    if (context !== '') {
        if (!names.includes(context)) {
            throw new errors/* UserError */.yo(`Input 'context': got '${context}'; the kubeconfig (${origin}) has ${names.length === 0 ? 'no contexts' : `contexts ${names.map((n) => `'${n}'`).join(', ')}`}.`);
        }
        kc.setCurrentContext(context);
    }
    if (!kc.getCurrentCluster()) {
        throw new errors/* UserError */.yo(`The kubeconfig (${origin}) has no usable current context${names.length > 0 ? `; set the 'context' input to one of ${names.map((n) => `'${n}'`).join(', ')}` : ''}.`);
    }
}
/**
 * The API server of the selected context must be an https URL; plain http only where client-node allows it, a
 * cluster with `insecure-skip-tls-verify: true` (it refuses any other http server on the first request).
 */
function checkServer(kc, where) {
    const cluster = kc.getCurrentCluster();
    let protocol;
    try {
        protocol = new URL(cluster.server).protocol;
    }
    catch {
        protocol = undefined;
    }
    if (protocol === 'https:' || (protocol === 'http:' && cluster.skipTLSVerify))
        return;
    throw new errors/* UserError */.yo(`${where}: the cluster '${cluster.name}' (current context) has server '${cluster.server.replace(/\/\/[^/@]*@/, '//***@')}'; expected an https:// URL of the API server` +
        ` (http:// only with 'insecure-skip-tls-verify: true' on that cluster, which sends the credentials unencrypted).`);
}
/** The namespace to work in: the input's, else the context's, else 'default'. */
function resolveNamespace(loaded, input) {
    return input?.trim() || loaded.contextNamespace || 'default';
}
/** Leaves the written file's path to the post step. */
function saveKubeconfigForCleanup(loaded) {
    if (loaded.file)
        core/* saveState */.LZ(kubeconfig_file/* KUBECONFIG_FILE_STATE */.H, loaded.file);
}

;// CONCATENATED MODULE: ./src/lib/kube/pods.ts

/** Waiting reasons that will not go away by waiting (clusterise/rollout-status fails fast on these). */
const TERMINAL_WAITING_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError']);
/**
 * Of those, the ones real clusters often see clear by themselves: a registry that refuses a few pulls, a Secret or
 * ConfigMap created seconds after the Deployment. They count only once the pod has had TRANSIENT_GRACE_MS to get past
 * them (the kubelet retries a pull after 10 s, then 20 s, and a config error on every sync), still far below the
 * progress deadline (10 minutes by default). InvalidImageName never clears and counts at once.
 */
const TRANSIENT_WAITING_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError']);
const TRANSIENT_GRACE_MS = 30_000;
function problemOf(pod, status) {
    const waiting = status.state?.waiting;
    const terminated = status.lastState?.terminated;
    const base = {
        pod: pod.metadata?.name ?? '',
        container: status.name,
        restartCount: status.restartCount ?? 0,
        ...(status.image ? { image: status.image } : {}),
        ...(terminated ? { lastExit: { exitCode: terminated.exitCode, ...(terminated.reason ? { reason: terminated.reason } : {}), ...(terminated.finishedAt ? { finishedAt: terminated.finishedAt } : {}) } } : {}),
        ready: status.ready,
        ...(startedAt(pod) ? { since: startedAt(pod) } : {})
    };
    if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
        return { ...base, reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) };
    }
    if (status.state?.terminated) {
        return { ...base, reason: status.state.terminated.reason ?? 'Terminated', ...(status.state.terminated.message ? { message: status.state.terminated.message } : {}) };
    }
    if ((status.restartCount ?? 0) > 0 && !status.ready)
        return { ...base, reason: terminated?.reason ?? 'Restarting' };
    return undefined;
}
function startedAt(pod) {
    const at = pod.status?.startTime ?? pod.metadata?.creationTimestamp;
    return at === undefined ? undefined : new Date(at);
}
/**
 * A pod being deleted (deletionTimestamp set). Until its containers stop (a preStop hook, then SIGTERM, within
 * terminationGracePeriodSeconds) it keeps answering and stays Ready, but it is on its way out: not a pod of the version
 * that counts as running, and its exits are the shutdown the kubelet asked for, not failures.
 */
const isTerminating = (pod) => pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
/** Ready, and not terminating: a pod that counts for its version. */
const isReadyPod = (pod) => !isTerminating(pod) && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
/**
 * A pod that may still answer requests: one of the containers its template declares (or, without a template, any)
 * is running, terminating or not. A terminating pod stops being one when its containers have stopped.
 */
function isServing(pod, template) {
    const names = managedContainers(template);
    return (pod.status?.containerStatuses ?? []).some((status) => (names.size === 0 || names.has(status.name)) && status.state?.running !== undefined);
}
/** Problems of every container (init containers included) of these pods; terminating pods have none (isTerminating). */
function containerProblems(pods) {
    return pods.filter((pod) => !isTerminating(pod)).flatMap((pod) => [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].flatMap((status) => {
        const problem = problemOf(pod, status);
        return problem ? [problem] : [];
    }));
}
/**
 * The problems of the containers a pod template declares: containers injected by admission (a mesh's sidecar, a
 * policy engine's agent) are not the version being deployed and do not decide its verdict.
 */
function managedProblems(problems, template) {
    const names = managedContainers(template);
    return names.size === 0 ? problems : problems.filter((p) => names.has(p.container));
}
/** The names of the containers (init containers included) a pod template declares. */
function managedContainers(template) {
    return new Set([...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])].map((c) => c.name));
}
/** The images a pod runs in the containers its template declares, in the template's order (injected ones left out). */
function managedImages(pod, template) {
    const containers = pod.spec?.containers ?? [];
    return (template?.spec?.containers ?? []).map((c) => containers.find((x) => x.name === c.name)?.image ?? '');
}
/**
 * Is this problem one that waiting will not fix? CrashLoopBackOff counts once restarts reach `maxRestarts`; a pull or
 * config error once its pod is TRANSIENT_GRACE_MS old at `now` (without `now`, at once).
 */
function isTerminalProblem(problem, maxRestarts, now) {
    if (TRANSIENT_WAITING_REASONS.has(problem.reason) && now !== undefined && problem.since !== undefined)
        return now - problem.since.getTime() >= TRANSIENT_GRACE_MS;
    if (TERMINAL_WAITING_REASONS.has(problem.reason))
        return true;
    return problem.reason === 'CrashLoopBackOff' && problem.restartCount >= maxRestarts;
}
/** The pods a ReplicaSet controls. */
function podsOf(replicaSet, pods) {
    return pods.filter((pod) => isControlledBy(pod, replicaSet));
}

;// CONCATENATED MODULE: ./src/lib/kube/revisions.ts
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
function revisions_revisionOf(object) {
    const value = object.metadata?.annotations?.[REVISION_ANNOTATION];
    if (value === undefined)
        return undefined;
    const revision = Number(value);
    return Number.isInteger(revision) && revision >= 0 ? revision : undefined;
}
/** `app=web,tier in (a,b)`: a structured selector as a labelSelector query value. */
function revisions_selectorToString(selector) {
    const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
    for (const expr of selector?.matchExpressions ?? []) {
        if (expr.operator === 'In' || expr.operator === 'NotIn')
            parts.push(`${expr.key} ${expr.operator.toLowerCase()} (${(expr.values ?? []).join(',')})`);
        else if (expr.operator === 'Exists')
            parts.push(expr.key);
        else if (expr.operator === 'DoesNotExist')
            parts.push(`!${expr.key}`);
    }
    return parts.join(',');
}
function revisions_isControlledBy(object, owner) {
    const uid = owner.metadata?.uid;
    return uid !== undefined && (object.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === uid);
}
function revisions_ownedReplicaSets(deployment, replicaSets) {
    return replicaSets.filter((rs) => revisions_isControlledBy(rs, deployment));
}
function canonical(value) {
    if (value instanceof Date)
        return JSON.stringify(value.toISOString());
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object') {
        const record = value;
        return `{${Object.keys(record)
            .filter((key) => record[key] !== undefined && record[key] !== null)
            .sort()
            .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
            .join(',')}}`;
    }
    return JSON.stringify(value);
}
/** The pod template without the pod-template-hash label (what `rollout undo` puts back into the Deployment). */
function revisions_withoutHash(template) {
    const copy = structuredClone(template);
    if (copy.metadata?.labels) {
        delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    }
    return copy;
}
function normalised(template) {
    const copy = revisions_withoutHash(template ?? {});
    if (copy.metadata?.labels && Object.keys(copy.metadata.labels).length === 0)
        delete copy.metadata.labels;
    return canonical(copy);
}
/** EqualIgnoreHash: pod templates equal apart from the pod-template-hash label. */
function revisions_equalIgnoreHash(a, b) {
    return normalised(a) === normalised(b);
}
const created = (rs) => new Date(rs.metadata?.creationTimestamp ?? 0).getTime();
/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
function findNewReplicaSet(deployment, owned) {
    return [...owned].sort((a, b) => created(a) - created(b)).find((rs) => revisions_equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}
/** `kubectl rollout history`: one entry per ReplicaSet with a revision, oldest first. */
function revisionHistory(owned) {
    return owned
        .flatMap((rs) => {
        const revision = revisions_revisionOf(rs);
        if (revision === undefined)
            return [];
        const cause = rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
        return [{ revision, replicaSet: rs, images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''), ...(cause ? { changeCause: cause } : {}) }];
    })
        .sort((a, b) => a.revision - b.revision);
}
const revisions_imagesOf = (template) => (template?.spec?.containers ?? []).map((c) => c.image ?? '');

;// CONCATENATED MODULE: ./src/lib/kube/rollout-status.ts

const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';
function deploymentRolloutStatus(deployment, options = {}) {
    const name = deployment.metadata?.name ?? '';
    if (options.revision !== undefined && options.revision > 0) {
        const current = revisions_revisionOf(deployment);
        if (current === undefined)
            return { state: 'waiting', message: `deployment "${name}" has no revision annotation yet` };
        if (current !== options.revision)
            throw new Error(`desired revision (${options.revision}) is different from the running revision (${current})`);
    }
    const status = deployment.status ?? {};
    const generation = deployment.metadata?.generation ?? 0;
    if (generation > (status.observedGeneration ?? 0))
        return { state: 'waiting', message: 'Waiting for deployment spec update to be observed...' };
    const progressing = (status.conditions ?? []).find((c) => c.type === 'Progressing');
    if (progressing?.reason === PROGRESS_DEADLINE_EXCEEDED)
        return { state: 'deadline-exceeded', message: `deployment "${name}" exceeded its progress deadline` };
    const desired = deployment.spec?.replicas;
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (desired !== undefined && updated < desired) {
        return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...` };
    }
    if (replicas > updated) {
        return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...` };
    }
    if (available < updated) {
        return { state: 'waiting', message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` };
    }
    return { state: 'complete', message: `deployment "${name}" successfully rolled out` };
}

;// CONCATENATED MODULE: ./src/lib/kube/rollout-undo.ts




const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
/** Annotations kept from the Deployment, never copied from the ReplicaSet (rollback.go annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO]);
class UndoRefused extends errors/* UserError */.yo {
    refusal;
    name = 'UndoRefused';
    constructor(refusal, message) {
        super(message);
        this.refusal = refusal;
    }
}
/** The decision of `rollout undo` on data already read: pure, no I/O. */
function planUndo(deployment, replicaSets, toRevision = 0) {
    const name = deployment.metadata?.name ?? '';
    if (toRevision < 0)
        throw new UndoRefused('revision-not-found', `unable to find specified revision ${toRevision} in history`);
    const owned = ownedReplicaSets(deployment, replicaSets);
    let target;
    if (toRevision > 0) {
        target = owned.find((rs) => revisionOf(rs) === toRevision);
        if (!target)
            throw new UndoRefused('revision-not-found', `unable to find specified revision ${toRevision} in history`);
    }
    else {
        const byRevision = owned.filter((rs) => revisionOf(rs) !== undefined).sort((a, b) => revisionOf(b) - revisionOf(a));
        target = byRevision[1];
        if (!target)
            throw new UndoRefused('no-history', `no rollout history found for deployment "${name}"`);
    }
    if (deployment.spec?.paused) {
        throw new UndoRefused('paused', `you cannot rollback a paused deployment; resume it first (set spec.paused to false, as 'kubectl rollout resume deployment/${name}' does) and try again`);
    }
    const targetRevision = revisionOf(target);
    if (equalIgnoreHash(target.spec?.template, deployment.spec?.template)) {
        return { action: 'skip', toRevision: targetRevision, message: `skipped rollback (current template already matches revision ${targetRevision})` };
    }
    const fromRevision = revisionOf(deployment);
    return {
        action: 'patch',
        toRevision: targetRevision,
        ...(fromRevision !== undefined ? { fromRevision } : {}),
        target,
        fromImages: imagesOf(deployment.spec?.template),
        toImages: imagesOf(target.spec?.template),
        patch: undoPatch(deployment, target)
    };
}
/**
 * kubectl's undo patch of `deployment` as read: /spec/template from the target ReplicaSet (without pod-template-hash),
 * /metadata/annotations the Deployment's controller-owned ones plus the ReplicaSet's others.
 */
function undoPatch(deployment, target) {
    const annotations = {};
    for (const key of ANNOTATIONS_TO_SKIP) {
        const value = deployment.metadata?.annotations?.[key];
        if (value !== undefined)
            annotations[key] = value;
    }
    for (const [key, value] of Object.entries(target.metadata?.annotations ?? {})) {
        if (!ANNOTATIONS_TO_SKIP.has(key))
            annotations[key] = value;
    }
    // client-node's models use the wire names for pod templates; a JSON round trip drops undefined and writes Dates.
    const template = JSON.parse(JSON.stringify(withoutHash(target.spec.template)));
    return [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations }
    ];
}
/**
 * Reads the Deployment and its ReplicaSets, plans, and applies the undo patch behind a test of the resourceVersion
 * read. Transient failures (429, 5xx, dropped connections) resend the same patch. When the Deployment changed in
 * between (the test fails, or a 409), it is read again: already at the target template, done; paused meanwhile,
 * refused; at another template than the one the undo was planned on (someone deployed meanwhile), refused and left
 * as it is; otherwise (status, replicas, annotations changed) the patch is rebuilt on the object just read, for the
 * *same* target template: the plan is never recomputed, because once the undo has landed the "previous revision" is
 * the bad one, and a fresh plan would roll forward again.
 */
async function rolloutUndo(client, namespace, name, options = {}) {
    const deployment = await client.getDeployment(namespace, name);
    const replicaSets = await client.listReplicaSets(namespace, selectorToString(deployment.spec?.selector));
    const plan = planUndo(deployment, replicaSets, options.toRevision ?? 0);
    if (plan.action === 'skip')
        return { plan, deployment };
    const attempts = options.attempts ?? 10;
    let read = deployment;
    let patch = plan.patch;
    for (let attempt = 1;; attempt++) {
        try {
            return { plan, deployment: await client.patchDeployment(namespace, name, [testResourceVersion(read.metadata.resourceVersion), ...patch], 'json') };
        }
        catch (error) {
            if (!isStaleWrite(error) || attempt >= attempts)
                throw error;
            const current = await client.getDeployment(namespace, name);
            if (equalIgnoreHash(current.spec?.template, plan.target.spec?.template))
                return { plan, deployment: current };
            if (current.spec?.paused)
                throw new UndoRefused('paused', `the deployment "${name}" was paused while it was being rolled back; resume it first and try again`);
            if (!equalIgnoreHash(current.spec?.template, deployment.spec?.template)) {
                const now = imagesOf(current.spec?.template).join(', ');
                throw new UndoRefused('changed', `deployment "${name}" was changed by another writer while it was being rolled back: it now runs ${now}${revisionOf(current) !== undefined ? ` (revision ${revisionOf(current)})` : ''}, not the ${plan.fromImages.join(', ')} that was judged, so it is left as it is`);
            }
            read = current;
            patch = undoPatch(current, plan.target);
        }
    }
}

;// CONCATENATED MODULE: ./src/lib/kube/watch.ts
/**
 * A watch that survives what real clusters do to long watches: the connection drops (load balancers, API server
 * restarts, the server's own timeout) and is resumed from the last resourceVersion seen (events and BOOKMARKs);
 * a resourceVersion that has become too old (410 Gone, as an HTTP status or as an ERROR event with a 410 Status,
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#410-gone-responses) makes it list again and continue
 * from the list's resourceVersion, as client-go's reflector does.
 *
 * Each watch asks the server to end it after WATCH_TIMEOUT_SECONDS (client-go's reflector sets timeoutSeconds too):
 * client-node aborts a watch that receives nothing for 30 s, and a real API server sends BOOKMARKs only once a
 * minute, so a quiet watch without a server timeout would fail every 30 s. With one, the server sends a BOOKMARK
 * 2 s before the end and closes the stream cleanly; the next watch resumes from that bookmark.
 */



const DEFAULT_WATCH_RETRY = { attempts: 10, baseDelayMs: 200, maxDelayMs: 5000 };
/** Below client-node's inactivity timeout (Watch.requestTimeoutMs, 30 s); `query.timeoutSeconds` overrides it. */
const WATCH_TIMEOUT_SECONDS = 25;
function watchWithResume(options) {
    const retry = options.retry ?? DEFAULT_WATCH_RETRY;
    const wait = options.sleep ?? realSleep;
    const log = options.log ?? (() => { });
    const stats = { reconnects: 0, relists: 0 };
    let stopped = false;
    let current;
    let wake;
    const once = (resourceVersion, onProgress) => new Promise((resolve) => {
        let outcome;
        const watcher = new Watch(options.kc);
        watcher
            .watch(options.path, { timeoutSeconds: WATCH_TIMEOUT_SECONDS, ...options.query, resourceVersion, allowWatchBookmarks: true }, (type, object) => {
            if (type === 'ERROR') {
                outcome = object.code === 410 ? { kind: 'gone' } : { kind: 'failed', error: new Error(`watch error: ${object.message ?? JSON.stringify(object)}`) };
                current?.abort();
                return;
            }
            const rv = object.metadata?.resourceVersion;
            if (rv)
                onProgress(rv);
            if (type === 'BOOKMARK')
                return;
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
                options.onEvent(type, object);
        }, (error) => {
            if (outcome)
                return resolve(outcome);
            if (error === null || error === undefined || stopped)
                return resolve({ kind: 'closed' });
            const status = error.statusCode;
            resolve(status === 410 ? { kind: 'gone' } : { kind: 'failed', error });
        })
            .then((controller) => {
            current = controller;
            if (stopped)
                controller.abort();
        })
            .catch((error) => resolve({ kind: 'failed', error }));
    });
    const run = async () => {
        let resourceVersion = '';
        let needList = true;
        let failures = 0;
        while (!stopped) {
            if (needList) {
                const listed = await options.list();
                resourceVersion = listed.resourceVersion;
                options.onList?.(listed.items);
                needList = false;
            }
            let progressed = false;
            const outcome = await once(resourceVersion, (rv) => {
                resourceVersion = rv;
                progressed = true;
            });
            if (stopped)
                return;
            if (progressed)
                failures = 0;
            if (outcome.kind === 'gone') {
                stats.relists++;
                log(`watch ${options.path}: resourceVersion ${resourceVersion} is too old (410 Gone); listing again`);
                needList = true;
                continue;
            }
            stats.reconnects++;
            if (outcome.kind === 'failed') {
                // A refusal (401/403) does not pass with time: retrying it would only hide it behind the back-off.
                const code = statusCode(outcome.error);
                if (code === 401 || code === 403)
                    throw userErrorOr(`watch ${options.path}`, outcome.error);
                failures++;
                if (failures >= retry.attempts)
                    throw outcome.error;
                const delay = backoffDelay(failures - 1, retry);
                log(`watch ${options.path} failed (${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}); resuming from ${resourceVersion} in ${delay} ms`);
                await Promise.race([wait(delay), new Promise((resolve) => (wake = resolve))]);
            }
            // A clean end (the server's timeout, every WATCH_TIMEOUT_SECONDS) is routine: resumed without a log line.
        }
    };
    const done = run();
    return {
        stop: () => {
            stopped = true;
            current?.abort();
            wake?.();
        },
        done,
        stats
    };
}

;// CONCATENATED MODULE: ./src/lib/kube/index.ts
/** Kubernetes access shared by canary-deploy and health-rollback. */











// EXTERNAL MODULE: ./src/lib/action/log-text.ts
var log_text = __webpack_require__(3818);
// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __webpack_require__(6578);
;// CONCATENATED MODULE: ./src/lib/summary/write.ts
/** Writing the job summary, where a failure is a warning. */

/** Appends Markdown to the job summary; a summary that cannot be written is a warning, never a failed step. */
async function appendSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
        runner/* debug */.Yz('GITHUB_STEP_SUMMARY is not set; the job summary is skipped');
        return;
    }
    try {
        runner/* appendStepSummary */.Jc(markdown);
    }
    catch (error) {
        runner/* warning */.$e(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/lib/probes/http-probe.ts
async function httpProbe(url, options) {
    const at = (options.now ?? Date.now)();
    const started = performance.now();
    const limit = options.maxBodyBytes ?? 64 * 1024;
    try {
        const response = await fetch(url, {
            headers: { 'user-agent': 'pipeline-actions-health-rollback', ...options.headers },
            redirect: 'manual',
            signal: AbortSignal.timeout(options.timeoutMs)
        });
        const body = await readLimited(response, limit);
        return { url, at, status: response.status, latencyMs: performance.now() - started, body };
    }
    catch (error) {
        const latencyMs = performance.now() - started;
        return { url, at, latencyMs, error: describeFetchError(error, options.timeoutMs) };
    }
}
async function readLimited(response, limit) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        chunks.push(value);
        size += value.byteLength;
        if (size >= limit) {
            await reader.cancel();
            break;
        }
    }
    return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
function describeFetchError(error, timeoutMs) {
    const name = error?.name;
    if (name === 'TimeoutError' || name === 'AbortError')
        return `no response within ${timeoutMs} ms`;
    const cause = error?.cause;
    if (cause?.code)
        return `request failed: ${cause.code}`;
    return `request failed: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

// EXTERNAL MODULE: ./src/lib/metrics/condition.ts
var condition = __webpack_require__(5252);
// EXTERNAL MODULE: ./src/lib/metrics/verdict.ts
var verdict = __webpack_require__(1784);
;// CONCATENATED MODULE: ./src/canary-deploy/verdict.ts

/** Judges one metric given the canary result and, for a relative condition, the stable result (the one verdict of lib/metrics). */
function measureMetric(metric, canary, stable) {
    const judged = (0,verdict/* judgeMetric */.mg)(metric, canary, stable);
    const detail = judged.missing ? `${judged.missing === 'stable' ? 'stable' : 'canary'}: ${judged.detail}` : judged.detail;
    return {
        condition: judged.condition,
        verdict: judged.verdict,
        ...(judged.value !== undefined ? { value: judged.value } : {}),
        ...(judged.stableValue !== undefined ? { stableValue: judged.stableValue } : {}),
        ...(detail !== undefined ? { detail } : {})
    };
}
function roundVerdict(checks, noData) {
    if (checks.includes('fail'))
        return 'fail';
    if (checks.includes('no-data'))
        return noData === 'fail' ? 'fail' : noData === 'pass' ? 'pass' : 'inconclusive';
    return 'pass';
}
/**
 * What to do after a round at time `now` in a step that started at `stepStartedAt` and pauses `pauseMs`.
 * `failedChecks` names what failed, for the reason.
 */
function afterRound(progress, verdict, now, step, policy, failedChecks) {
    const next = { ...progress, lastVerdict: verdict };
    if (verdict === 'fail') {
        next.failures = progress.failures + 1;
        delete next.inconclusiveSince;
        if (next.failures > policy.failureLimit) {
            const limit = policy.failureLimit === 0 ? '' : ` (${next.failures} failed rounds, failure-limit ${policy.failureLimit})`;
            return { progress: next, decision: { kind: 'abort', reason: `analysis failed at ${step.weight}%: ${failedChecks.join('; ')}${limit}` } };
        }
        return { progress: next, decision: { kind: 'continue' } };
    }
    if (verdict === 'inconclusive') {
        next.inconclusiveSince = progress.inconclusiveSince ?? now;
        if (now - next.inconclusiveSince >= policy.inconclusiveTimeoutMs) {
            return {
                progress: next,
                decision: { kind: 'abort', reason: `analysis inconclusive at ${step.weight}% for ${Math.round((now - next.inconclusiveSince) / 1000)}s (inconclusive-timeout): ${failedChecks.join('; ')}` }
            };
        }
        return { progress: next, decision: { kind: 'continue' } };
    }
    delete next.inconclusiveSince;
    return { progress: next, decision: now - step.startedAt >= step.pauseMs ? { kind: 'complete' } : { kind: 'continue' } };
}

;// CONCATENATED MODULE: ./src/canary-deploy/analysis.ts
/**
 * Analysis, shared by canary and blue-green: a round measures every metric on canary (and on stable for relative
 * conditions) and every health URL; analyseStep repeats rounds at one step until the verdict completes or aborts it.
 */



const hasChecks = (checks) => checks.metrics.length > 0 || checks.healthUrls.length > 0;
/**
 * The warning for a canary that will move traffic with nothing measured (no `metrics`, no `health-urls`): its steps
 * advance on their pauses alone, so a bad release is promoted. Undefined when there is analysis, when nothing moves
 * traffic step by step (`abort`, blue-green, or a schedule that is only `100`).
 */
function noAnalysisWarning(inputs) {
    if (inputs.action === 'abort' || inputs.strategy !== 'canary')
        return undefined;
    if (hasChecks({ metrics: inputs.metrics, healthUrls: inputs.healthUrls, metricsClient: undefined, healthTimeoutMs: 0 }))
        return undefined;
    const weights = inputs.steps.filter((step) => step.weight < 100).map((step) => `${step.weight}%`);
    if (weights.length === 0)
        return undefined;
    return (`The canary runs with no analysis: neither 'metrics' nor 'health-urls' is set, so the steps ${weights.join(', ')} advance on their pauses ` +
        "alone and a failing release is promoted to 100%. Set 'metrics' (e.g. the presets 'error-rate' and 'latency-p99' with 'prometheus-url') or 'health-urls'.");
}
async function measureRound(checks, ctx) {
    const metricRuns = checks.metrics.map(async (metric) => {
        const query = (0,condition/* resolveQuery */.zN)(metric.query, ctx.targets, 'canary');
        const stableQuery = (0,condition/* isRelative */.n3)(metric) ? (0,condition/* resolveQuery */.zN)(metric.query, ctx.targets, 'stable') : undefined;
        const [canary, stable] = await Promise.all([
            checks.metricsClient.query(query),
            stableQuery !== undefined ? checks.metricsClient.query(stableQuery) : Promise.resolve(undefined)
        ]);
        return { round: ctx.round, at: ctx.at, weight: ctx.weight, name: metric.name, query, ...(stableQuery !== undefined ? { stableQuery } : {}), ...measureMetric(metric, canary, stable) };
    });
    const healthRuns = checks.healthUrls.map(async (url) => {
        const observation = await httpProbe(url, { timeoutMs: checks.healthTimeoutMs });
        const ok = observation.status !== undefined && observation.status >= 200 && observation.status < 400;
        return {
            round: ctx.round,
            at: ctx.at,
            weight: ctx.weight,
            name: 'health',
            query: url,
            ...(observation.status !== undefined ? { value: observation.status } : {}),
            condition: 'HTTP 2xx/3xx',
            verdict: ok ? 'pass' : 'fail',
            ...(ok ? {} : { detail: observation.error ?? `HTTP ${observation.status}` })
        };
    });
    return Promise.all([...metricRuns, ...healthRuns]);
}
/** The analysis decided to abort (or a blue-green smoke check failed); the message is the reason reported. */
class AnalysisAbort extends Error {
}
const startAnalysis = (checks, targets, intervalMs, policy) => ({ checks, targets, intervalMs, policy, progress: { failures: 0 }, round: 0 });
/**
 * Holds one step for its pause: without checks the pause alone; with checks a round every interval until the
 * verdict (verdict.ts) completes the step, or aborts it with AnalysisAbort. `point` (the step's history point) gets
 * the verdict of each round.
 */
async function analyseStep(analysis, step, point, watch) {
    if (!hasChecks(analysis.checks)) {
        if (step.pauseMs > 0)
            await watch.sleep(step.pauseMs);
        return;
    }
    const startedAt = watch.now();
    for (;;) {
        await watch.sleep(analysis.intervalMs);
        const round = ++analysis.round;
        await watch.beforeRound?.();
        const measured = await measureRound(analysis.checks, { round, at: watch.since(), weight: step.weight, targets: analysis.targets });
        watch.measurements.push(...measured);
        const verdict = roundVerdict(measured.map((m) => m.verdict), analysis.policy.noData);
        const failed = measured.filter((m) => m.verdict !== 'pass').map((m) => `${m.name} ${m.verdict === 'no-data' ? 'has no data' : 'failed'}${m.detail ? ` (${m.detail})` : ''}`);
        const outcome = afterRound(analysis.progress, verdict, watch.now(), { startedAt, pauseMs: step.pauseMs, weight: step.weight }, analysis.policy, failed);
        analysis.progress = outcome.progress;
        point.analysis = verdict;
        watch.log?.(`Analysis round ${round} at ${step.weight}%: ${verdict}${failed.length > 0 ? ` — ${failed.join('; ')}` : ''}`);
        if (outcome.decision.kind === 'abort')
            throw new AnalysisAbort(outcome.decision.reason);
        if (outcome.decision.kind === 'complete')
            return;
    }
}

// EXTERNAL MODULE: ./src/lib/metrics/source.ts + 6 modules
var source = __webpack_require__(4241);
// EXTERNAL MODULE: ./src/canary-deploy/images.ts + 1 modules
var canary_deploy_images = __webpack_require__(9704);
;// CONCATENATED MODULE: ./src/canary-deploy/object-ownership.ts
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = { [MANAGED_BY_LABEL]: 'canary-deploy' };
/** The run (CanaryState.owner) that created the object. */
const RUN_ANNOTATION = 'canary-deploy.pipeline-actions.dev/run';
/** Why the object is not canary-deploy's own; undefined when it is. */
function notCanaryDeploys(meta) {
    return meta?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY[MANAGED_BY_LABEL] ? undefined : `was not created by canary-deploy (it lacks the label ${MANAGED_BY_LABEL}=canary-deploy)`;
}
/** Why the object is not the one the run `owner` created; undefined when it is. */
function notThisRuns(meta, owner) {
    const foreign = notCanaryDeploys(meta);
    if (foreign)
        return foreign;
    const run = meta?.annotations?.[RUN_ANNOTATION];
    return run === owner ? undefined : `was created by ${run ? `another canary-deploy run (${run})` : 'an earlier canary-deploy'}, not by this run (${owner})`;
}

;// CONCATENATED MODULE: ./src/lib/kube/placement.ts
const UNSCHEDULABLE_GRACE_MS = 60_000;
function placementProblem(replicaSet, pods, now, graceMs = UNSCHEDULABLE_GRACE_MS) {
    const failure = (replicaSet?.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    if (failure)
        return { reason: failure.reason ?? 'ReplicaFailure', message: `ReplicaSet ${replicaSet?.metadata?.name ?? ''} cannot create its pods: ${failure.message ?? failure.reason ?? 'ReplicaFailure'}` };
    if (now === undefined)
        return undefined;
    for (const pod of pods) {
        const scheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
        if (scheduled?.status !== 'False' || scheduled.reason !== 'Unschedulable')
            continue;
        const since = scheduled.lastTransitionTime ? new Date(scheduled.lastTransitionTime).getTime() : undefined;
        if (since === undefined || now - since < graceMs)
            continue;
        return { reason: 'Unschedulable', message: `pod ${pod.metadata?.name ?? ''} could not be placed for ${Math.round((now - since) / 1000)} s: ${scheduled.message ?? 'Unschedulable'}` };
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/canary-deploy/router-plan.ts
var router_plan = __webpack_require__(7747);
;// CONCATENATED MODULE: ./src/canary-deploy/state.ts
const STATE_ANNOTATION = 'canary-deploy.pipeline-actions.dev/state';
/** The state a run writes when it claims the stable Deployment: progressing, at weight 0, with no history yet. */
function freshState(fields, now) {
    return { version: 1, phase: 'progressing', startedAt: new Date(now).toISOString(), weight: 0, history: [], ...fields };
}
/** The containers a recorded canary changes: its `images`, or the one `container` of a state written before them. */
function changesOf(state) {
    return state.images ?? [{ container: state.container, image: state.image, previousImage: state.previousImage }];
}
function readState(annotations) {
    const raw = annotations?.[STATE_ANNOTATION];
    if (!raw)
        return undefined;
    try {
        const parsed = JSON.parse(raw);
        return parsed.version === 1 ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
const writeState = (state) => JSON.stringify(state);
/** Whether a run may take the Deployment: a canary of another action run blocks it (also another step or matrix job
 * of the same workflow run); a leftover of an earlier attempt of this workflow run (a rerun of a job killed before
 * its post step) is cleaned up first. */
function ownership(state, owner) {
    if (!state)
        return { kind: 'free' };
    if (state.owner === owner)
        return { kind: 'ours' };
    const [run, attempt] = state.owner.split('/');
    const [ourRun, ourAttempt] = owner.split('/');
    if (run === ourRun && attempt !== ourAttempt)
        return { kind: 'leftover-of-our-run' };
    return { kind: 'other', owner: state.owner, phase: state.phase, weight: state.weight };
}

;// CONCATENATED MODULE: ./src/canary-deploy/state-lease.ts
/**
 * Where a Deployment's canary state lives: a coordination.k8s.io Lease of its own (`canary-deploy.<deployment>`),
 * held by the run that owns the canary and owned by the Deployment (deleted with it).
 *
 * Not an annotation on the Deployment: the deployment controller copies a Deployment's annotations onto each new
 * ReplicaSet, and `rollout undo` copies a ReplicaSet's annotations back, so a state kept there came back from an old
 * ReplicaSet after a rollback and blocked every later canary. Nothing copies a Lease.
 */



const stateLeaseName = (deployment) => `canary-deploy.${deployment}`;
class StateLease {
    client;
    namespace;
    leases;
    constructor(client, namespace) {
        this.client = client;
        this.namespace = namespace;
        this.leases = client.api(dist/* CoordinationV1Api */.hSW);
    }
    async read(deployment) {
        return readState((await this.find(deployment))?.metadata?.annotations);
    }
    /**
     * Writes (or, with `state` undefined, removes) the state against the Lease's resourceVersion just read. `check`
     * sees the state found and throws to refuse (another run's canary); when another writer got there first (409, a
     * failed resourceVersion test, or the Lease appeared or vanished meanwhile) the Lease is read and checked again, so of two runs exactly one wins.
     */
    async write(deployment, check, state, attempts = 5) {
        for (let attempt = 1;; attempt++) {
            const lease = await this.find(deployment);
            check(readState(lease?.metadata?.annotations));
            try {
                if (!state)
                    return lease ? await this.remove(lease) : undefined;
                return lease ? await this.update(lease, state) : await this.create(deployment, state);
            }
            catch (error) {
                if (!(errors_isStaleWrite(error) || isNotFound(error)) || attempt >= attempts)
                    throw error;
            }
        }
    }
    async find(deployment) {
        const name = stateLeaseName(deployment);
        try {
            return await this.client.call(`get lease ${this.namespace}/${name}`, () => this.leases.readNamespacedLease({ name, namespace: this.namespace }));
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    async create(deployment, state) {
        const owner = await this.client.getDeployment(this.namespace, deployment);
        const name = stateLeaseName(deployment);
        const body = {
            metadata: {
                name,
                namespace: this.namespace,
                labels: { 'app.kubernetes.io/managed-by': 'canary-deploy' },
                annotations: { [STATE_ANNOTATION]: writeState(state) },
                ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment, uid: owner.metadata.uid }]
            },
            // No acquireTime/renewTime: they are MicroTime (6 fractional digits), which client-node writes with 3 and the
            // API server then refuses; the state carries its own times.
            spec: { holderIdentity: state.owner }
        };
        await this.client.call(`create lease ${this.namespace}/${name}`, () => this.leases.createNamespacedLease({ namespace: this.namespace, body }));
    }
    /**
     * A JSON patch of the state annotation and the holder only, behind a test of the resourceVersion read: nothing else
     * of the Lease is sent back, so what another writer set on it stays.
     */
    async update(lease, state) {
        const name = lease.metadata.name;
        const before = wireJson(lease);
        const after = { ...before, metadata: { ...before.metadata, annotations: { ...(before.metadata?.annotations ?? {}), [STATE_ANNOTATION]: writeState(state) } }, spec: { ...before.spec, holderIdentity: state.owner } };
        const body = [json_patch_testResourceVersion(lease.metadata.resourceVersion), ...jsonPatchDiff(before, after)];
        await this.client.call(`patch lease ${this.namespace}/${name}`, () => this.leases.patchNamespacedLease({ name, namespace: this.namespace, body }, patchOptions('json')));
    }
    async remove(lease) {
        const name = lease.metadata.name;
        const body = { preconditions: { resourceVersion: lease.metadata.resourceVersion } };
        await this.client.call(`delete lease ${this.namespace}/${name}`, () => this.leases.deleteNamespacedLease({ name, namespace: this.namespace, body }));
    }
}

;// CONCATENATED MODULE: ./src/canary-deploy/cluster.ts
/**
 * The Kubernetes side of canary-deploy, through src/lib/kube: read the stable Deployment and claim it (the state
 * lives in a Lease: state-lease.ts), create, scale and delete the canary Deployment and Service, rewrite the router
 * objects, wait for rollouts. Every write is a create, a patch of what it changes or a delete (lib/kube/client.ts),
 * never a whole object sent back. Objects it creates carry canary-deploy's label and the creating run
 * (object-ownership.ts): it never overwrites or deletes one of the same name it did not create, and a create retried
 * after its answer was lost recognises the object it made. No decisions here.
 */









const ROLE_LABEL = 'canary-deploy.pipeline-actions.dev/role';

/**
 * The router kinds the action writes, with the versions whose spec it writes, newest first: the same VirtualService
 * in Istio's v1, v1beta1 and v1alpha3, the same HTTPRoute weights in Gateway API's v1 and v1beta1. The version used is
 * the newest of these the cluster serves (Istio before 1.22 has no v1; older Gateway API releases no v1).
 */
const ROUTER_KINDS = {
    istio: { kind: 'VirtualService', group: 'networking.istio.io', plural: 'virtualservices', versions: ['v1', 'v1beta1', 'v1alpha3'] },
    'gateway-api': { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', plural: 'httproutes', versions: ['v1', 'v1beta1'] }
};
/** The newest of `known` that `served` has; undefined when none. Pure. */
function newestServed(known, served) {
    return known.find((v) => served.includes(v));
}
/**
 * The TrafficSplit versions whose spec the action writes ({service, backends: [{service, weight: int}]}), newest
 * first. v1alpha1 weighs backends with quantities. Meshes serve different ones (SMI's CRD v1alpha4, Linkerd's SMI
 * extension v1alpha1-2, OSM v1alpha2), so the version is the newest of these the cluster serves.
 */
const TRAFFIC_SPLIT_VERSIONS = ['v1alpha4', 'v1alpha3', 'v1alpha2'];
const trafficSplitRef = (version) => ({ group: router_plan/* SMI_GROUP */.kr, version, plural: 'trafficsplits' });
class ConcurrentCanary extends errors/* UserError */.yo {
}
class Cluster {
    client;
    namespace;
    sleep;
    trafficSplitApi;
    routerApis = new Map();
    state;
    constructor(client, namespace, sleep) {
        this.client = client;
        this.namespace = namespace;
        this.sleep = sleep;
        this.state = new StateLease(client, namespace);
    }
    async findDeployment(name) {
        try {
            return await this.client.getDeployment(this.namespace, name);
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    /** The canary state of `deployment` (kept in a Lease of its own: state-lease.ts), if a run holds one. */
    readState(deployment) {
        return this.state.read(deployment);
    }
    /** Writes or (undefined) removes the state; `check` sees the state found and throws to refuse. */
    writeState(deployment, check, state) {
        return this.state.write(deployment, check, state);
    }
    /** Writes a new run's state, refusing when another run claimed the Deployment between our read and this write. */
    async claim(deployment, state) {
        await this.writeState(deployment, (current) => {
            const o = ownership(current, state.owner);
            if (o.kind === 'other')
                throw new ConcurrentCanary(`Deployment ${deployment} was claimed by run ${o.owner} at the same moment; this run changed nothing.`);
        }, state);
    }
    /**
     * A Deployment running the release beside the stable one: the release's whole pod template when it has one
     * (`manifest`, `template-patch`), else the stable pod template with the new `images` (all of them together in each
     * pod); plus the role label. Created by the run `owner` (or, when canary-deploy's own already exists, e.g. a held
     * canary being promoted, updated).
     */
    async applyWorkload(stable, name, role, release, replicas, owner) {
        const template = structuredClone(release.template ?? stable.spec.template);
        template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [ROLE_LABEL]: role } };
        delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
        if (!release.template) {
            const set = (0,canary_deploy_images/* withImages */.nS)(template.spec, release.images);
            if (set.missing.length > 0)
                throw new errors/* UserError */.yo(`Deployment ${stable.metadata?.name} has no container ${set.missing.map((c) => `'${c}'`).join(', ')}`);
            template.spec = set.spec;
        }
        const body = {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name, namespace: this.namespace, labels: { ...(stable.metadata?.labels ?? {}), ...MANAGED_BY, [ROLE_LABEL]: role }, annotations: { [RUN_ANNOTATION]: owner } },
            spec: {
                replicas,
                selector: { matchLabels: { ...(stable.spec.selector.matchLabels ?? {}), [ROLE_LABEL]: role }, ...(stable.spec.selector.matchExpressions ? { matchExpressions: stable.spec.selector.matchExpressions } : {}) },
                template,
                ...(stable.spec.minReadySeconds !== undefined ? { minReadySeconds: stable.spec.minReadySeconds } : {}),
                ...(stable.spec.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: stable.spec.progressDeadlineSeconds } : {})
            }
        };
        const what = `deployment ${this.namespace}/${name}`;
        if (await this.findDeployment(name)) {
            // A patch of what this run sets (its labels and annotation, replicas, the template), behind a test of the
            // resourceVersion read: what other managers set on it (a label, an annotation) stays.
            await this.client.modifyDeployment(this.namespace, name, (current) => {
                refuseForeign(`Deployment ${name}`, current.metadata);
                const meta = current.metadata;
                return {
                    ...current,
                    metadata: { ...meta, labels: { ...(meta.labels ?? {}), ...body.metadata.labels }, annotations: { ...(meta.annotations ?? {}), ...body.metadata.annotations } },
                    spec: { ...current.spec, ...body.spec, selector: current.spec.selector }
                };
            });
            return;
        }
        const create = () => this.client.apps.createNamespacedDeployment({ namespace: this.namespace, body });
        await this.client.create(what, create, () => this.client.apps.readNamespacedDeployment({ name, namespace: this.namespace }), (found) => notThisRuns(found.metadata, owner));
    }
    /** Why the canary-named objects that exist now are not canary-deploy's (for the preflight, before any change). */
    async foreignObjects(objects) {
        const problems = [];
        for (const { kind, name } of objects) {
            const found = kind === 'deployment' ? await this.findDeployment(name) : kind === 'service' ? await this.findService(name) : await this.findIngress(name);
            const problem = found && notCanaryDeploys(found.metadata);
            if (problem)
                problems.push(`${KIND_NAMES[kind]} ${this.namespace}/${name} exists and ${problem}; canary-deploy creates and deletes its own object of that name, so it leaves this one alone: delete or rename it`);
        }
        return problems;
    }
    scale(name, replicas) {
        return this.client.patchDeployment(this.namespace, name, { spec: { replicas } }, 'merge');
    }
    /**
     * Sets the stable Deployment's container images, all in one write (the promotion): a JSON patch of those images (and
     * replicas) only.
     */
    async setImages(name, images, replicas) {
        await this.client.modifyDeployment(this.namespace, name, (current) => {
            const set = (0,canary_deploy_images/* withImages */.nS)(current.spec.template.spec, images);
            if (set.missing.length > 0)
                throw new errors/* UserError */.yo(`Deployment ${name} has no container ${set.missing.map((c) => `'${c}'`).join(', ')}`);
            if (sameImages(current.spec.template.spec, set.spec) && (replicas === undefined || current.spec.replicas === replicas))
                return undefined;
            current.spec.template.spec = set.spec;
            if (replicas !== undefined)
                current.spec.replicas = replicas;
            return current;
        });
    }
    /**
     * Sets the stable Deployment's whole pod template (and replicas) in one write (the promotion of a `manifest` or
     * `template-patch` release): a JSON patch of what differs, behind the resourceVersion read.
     */
    async setTemplate(name, template, replicas) {
        await this.client.modifyDeployment(this.namespace, name, (current) => {
            current.spec.template = structuredClone(template);
            if (replicas !== undefined)
                current.spec.replicas = replicas;
            return current;
        });
    }
    /**
     * The pod template the stable Deployment would have with `patch` applied (a strategic merge patch, or a JSON patch
     * replacing spec.template), as the API server makes it: merged, defaulted and validated, without writing
     * (dryRun=All). A template the server refuses throws its answer.
     */
    async dryRunTemplate(name, patch, type) {
        const result = await this.client.call(`patch deployment ${this.namespace}/${name} (dry run)`, () => this.client.apps.patchNamespacedDeployment({ name, namespace: this.namespace, body: patch, dryRun: 'All' }, patchOptions(type)));
        return result.spec.template;
    }
    /**
     * Waits until the Deployment's rollout is complete; throws with the pods' problem or at the timeout. Its API
     * requests (retries included) end by the same deadline, so a stalled API server cannot hold the wait past it.
     */
    async waitRolledOut(name, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        return withinDeadline(deadline, () => this.pollRollout(name, timeoutMs, deadline));
    }
    async pollRollout(name, timeoutMs, deadline) {
        for (;;) {
            const deployment = await this.client.getDeployment(this.namespace, name);
            const status = deploymentRolloutStatus(deployment);
            if (status.state === 'complete')
                return;
            if (status.state === 'deadline-exceeded')
                throw new errors/* UserError */.yo(`${status.message}${await this.podProblems(deployment)}`);
            const problems = (await this.terminalProblems(deployment)) ?? (await this.placementProblem(deployment));
            if (problems)
                throw new errors/* UserError */.yo(`Deployment ${name} cannot become ready: ${problems}`);
            if (Date.now() >= deadline)
                throw new errors/* UserError */.yo(`Deployment ${name} was not ready within ${Math.round(timeoutMs / 1000)}s: ${status.message}${await this.podProblems(deployment)}`);
            await this.sleep(250);
        }
    }
    async currentPods(deployment) {
        const selector = revisions_selectorToString(deployment.spec?.selector);
        return this.client.listPods(this.namespace, selector);
    }
    /** Problems of the pods of the Deployment's current ReplicaSet only: old pods failing do not stop a rollout. */
    async terminalProblems(deployment) {
        const hash = await this.currentHash(deployment);
        if (!hash)
            return undefined;
        const pods = (await this.currentPods(deployment)).filter((p) => p.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash);
        const problems = managedProblems(containerProblems(pods), deployment.spec?.template).filter((p) => isTerminalProblem(p, 3, Date.now()));
        return problems.length === 0 ? undefined : problems.map((p) => `${p.pod}/${p.container}: ${p.reason}${p.message ? ` (${p.message})` : ''}`).join('; ');
    }
    /** Pods of the current ReplicaSet that a quota refuses or the scheduler cannot place (lib/kube/placement). */
    async placementProblem(deployment) {
        const owned = revisions_ownedReplicaSets(deployment, await this.client.listReplicaSets(this.namespace, revisions_selectorToString(deployment.spec?.selector)));
        const current = findNewReplicaSet(deployment, owned);
        if (!current)
            return undefined;
        const hash = current.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
        const pods = (await this.currentPods(deployment)).filter((p) => p.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash);
        return placementProblem(current, pods, Date.now())?.message;
    }
    async podProblems(deployment) {
        const problems = containerProblems(await this.currentPods(deployment));
        return problems.length === 0 ? '' : ` (${problems.map((p) => `${p.pod}/${p.container}: ${p.reason}`).join('; ')})`;
    }
    /** The pod-template-hash of the stable Deployment's current ReplicaSet. */
    async currentHash(deployment) {
        const owned = revisions_ownedReplicaSets(deployment, await this.client.listReplicaSets(this.namespace, revisions_selectorToString(deployment.spec?.selector)));
        return findNewReplicaSet(deployment, owned)?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
    }
    /** The HPA scaling a Deployment, if any (a cluster without autoscaling/v2 has none). */
    async findAutoscaler(deployment) {
        const api = this.client.api(dist/* AutoscalingV2Api */.ffz);
        try {
            const list = await this.client.call(`list horizontalpodautoscalers in ${this.namespace}`, () => api.listNamespacedHorizontalPodAutoscaler({ namespace: this.namespace }));
            const hpa = list.items.find((h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment);
            if (!hpa)
                return undefined;
            return {
                name: hpa.metadata?.name ?? '',
                ...(hpa.status?.currentReplicas !== undefined ? { currentReplicas: hpa.status.currentReplicas } : {}),
                ...(hpa.spec?.minReplicas !== undefined ? { minReplicas: hpa.spec.minReplicas } : {})
            };
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    /** The versions of an API group the cluster serves (API discovery); none when it does not serve the group. */
    async servedVersions(group) {
        const apis = this.client.api(dist/* ApisApi */.kZp);
        const list = await this.client.call('list API groups', () => apis.getAPIVersions());
        return list.groups.find((g) => g.name === group)?.versions.map((v) => v.version) ?? [];
    }
    /** The VirtualService or HTTPRoute resource at the version to write, discovered once per run. */
    routerApi(kind) {
        const known = ROUTER_KINDS[kind];
        let found = this.routerApis.get(kind);
        if (!found) {
            found = this.servedVersions(known.group).then((served) => {
                const version = newestServed(known.versions, served);
                return { ref: version ? { group: known.group, version, plural: known.plural } : undefined, served };
            });
            found.catch(() => this.routerApis.delete(kind));
            this.routerApis.set(kind, found);
        }
        return found;
    }
    /** Which TrafficSplit version to use here, discovered once per run. */
    trafficSplit() {
        this.trafficSplitApi ??= this.servedVersions(router_plan/* SMI_GROUP */.kr).then((served) => {
            const version = TRAFFIC_SPLIT_VERSIONS.find((v) => served.includes(v));
            return { ref: version ? trafficSplitRef(version) : undefined, served };
        }, (error) => {
            this.trafficSplitApi = undefined;
            throw error;
        });
        return this.trafficSplitApi;
    }
    async findService(name) {
        try {
            return await this.client.getService(this.namespace, name);
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    /** `<service>-canary`: the stable Service's ports, selecting the pods with the role label; created by the run `owner`. */
    async applyRoleService(stable, name, selector, owner) {
        const body = {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name, namespace: this.namespace, labels: { ...MANAGED_BY }, annotations: { [RUN_ANNOTATION]: owner } },
            spec: { selector, ports: (stable.spec?.ports ?? []).map((p) => ({ ...p, nodePort: undefined })), type: 'ClusterIP' }
        };
        const existing = await this.findService(name);
        if (existing) {
            refuseForeign(`Service ${name}`, existing.metadata);
            await this.client.patchService(this.namespace, name, { spec: { selector, ports: body.spec.ports } }, 'merge');
            return;
        }
        const create = () => this.client.core.createNamespacedService({ namespace: this.namespace, body });
        await this.client.create(`service ${this.namespace}/${name}`, create, () => this.client.core.readNamespacedService({ name, namespace: this.namespace }), (found) => notThisRuns(found.metadata, owner));
    }
    /** Merge patch of the selector; a null value removes a key. */
    patchSelector(service, selector) {
        return this.client.patchService(this.namespace, service, { spec: { selector } }, 'merge');
    }
    async getCustom(ref, name) {
        try {
            return await this.client.getCustomObject(ref, this.namespace, name);
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    /** Reads a custom object every 250 ms until `done` accepts it or `timeoutMs` has passed; returns the last read. */
    async pollCustom(ref, name, timeoutMs, done) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const current = await this.getCustom(ref, name);
            if (done(current) || Date.now() >= deadline)
                return current;
            await this.sleep(250);
        }
    }
    modifyCustom(ref, name, change) {
        return this.client.modifyCustomObject(ref, this.namespace, name, change);
    }
    /** A router object canary-deploy makes (the SMI TrafficSplit): its spec set, or it is created by the run `owner`. */
    async applyCustom(ref, body, owner) {
        const name = body.metadata.name;
        const existing = await this.getCustom(ref, name);
        if (existing) {
            await this.client.modifyCustomObject(ref, this.namespace, name, (current) => {
                refuseForeign(`${ref.plural}.${ref.group} ${name}`, current.metadata);
                return { ...current, spec: { ...(current.spec ?? {}), ...body.spec } };
            });
            return;
        }
        const owned = { ...body, metadata: { ...body.metadata, annotations: { ...(body.metadata.annotations ?? {}), [RUN_ANNOTATION]: owner } } };
        await this.client.create(`${ref.plural}.${ref.group} ${this.namespace}/${name}`, () => this.client.custom.createNamespacedCustomObject({ ...ref, namespace: this.namespace, body: owned }), () => this.client.custom.getNamespacedCustomObject({ ...ref, namespace: this.namespace, name }), (found) => notThisRuns(found.metadata, owner));
    }
    async findIngress(name) {
        try {
            return await this.client.getIngress(this.namespace, name);
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    /** The nginx canary Ingress: updated when canary-deploy's own exists, else created by the run `owner`. */
    async applyIngress(body, owner) {
        const name = body.metadata.name;
        const existing = await this.findIngress(name);
        if (existing) {
            refuseForeign(`Ingress ${name}`, existing.metadata);
            await this.client.patchIngress(this.namespace, name, { metadata: { annotations: body.metadata.annotations }, spec: body.spec }, 'merge');
            return;
        }
        const owned = { ...body, metadata: { ...body.metadata, annotations: { ...(body.metadata.annotations ?? {}), [RUN_ANNOTATION]: owner } } };
        const create = () => this.client.networking.createNamespacedIngress({ namespace: this.namespace, body: owned });
        await this.client.create(`ingress ${this.namespace}/${name}`, create, () => this.client.networking.readNamespacedIngress({ name, namespace: this.namespace }), (found) => notThisRuns(found.metadata, owner));
    }
    /**
     * Deletes an object canary-deploy created; one already gone is fine (cleanup must be repeatable), and one of that
     * name that canary-deploy did not create is left alone (false, as for one already gone).
     */
    async remove(kind, name) {
        const ns = this.namespace;
        const what = typeof kind === 'string' ? `${kind} ${ns}/${name}` : `${kind.plural}.${kind.group} ${ns}/${name}`;
        try {
            const found = kind === 'deployment' ? await this.findDeployment(name) : kind === 'service' ? await this.findService(name) : kind === 'ingress' ? await this.findIngress(name) : await this.getCustom(kind, name);
            if (!found || notCanaryDeploys(found.metadata))
                return false;
            // Only that object: not one of the same name made after this read.
            const body = { preconditions: { uid: found.metadata.uid } };
            await this.client.call(`delete ${what}`, () => {
                if (kind === 'deployment')
                    return this.client.apps.deleteNamespacedDeployment({ name, namespace: ns, propagationPolicy: 'Background', body });
                if (kind === 'service')
                    return this.client.core.deleteNamespacedService({ name, namespace: ns, body });
                if (kind === 'ingress')
                    return this.client.networking.deleteNamespacedIngress({ name, namespace: ns, body });
                return this.client.custom.deleteNamespacedCustomObject({ ...kind, namespace: ns, name, body });
            });
            return true;
        }
        catch (error) {
            if (isNotFound(error))
                return false;
            throw new errors/* UserError */.yo(`could not delete ${what}: ${kubeErrorMessage(error)}`);
        }
    }
}
/** Whether two pod specs run the same image in every container and init container. */
function sameImages(a, b) {
    const images = (spec) => JSON.stringify([...spec.containers, ...(spec.initContainers ?? [])].map((c) => [c.name, c.image]));
    return images(a) === images(b);
}
const KIND_NAMES = { deployment: 'Deployment', service: 'Service', ingress: 'Ingress' };
/** Throws when the object found under a canary object's name is not canary-deploy's. */
function refuseForeign(object, meta) {
    const problem = notCanaryDeploys(meta);
    if (problem)
        throw new errors/* UserError */.yo(`${object} in the way of the canary: it exists and ${problem}. canary-deploy leaves it as it is; delete or rename it, then run again.`);
}

;// CONCATENATED MODULE: ./src/canary-deploy/connect.ts
/** The connections a run needs: the cluster from the kubeconfig input (its namespace resolved), the metrics source. */




/** `file`: a kubeconfig file written for this connection, for the post step to remove (the main step saves it for cleanup). */
function connect(inputs, isPost = false) {
    const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context });
    if (!isPost)
        saveKubeconfigForCleanup(loaded);
    const namespace = resolveNamespace(loaded, inputs.namespace);
    // Each API request may take a third of rollout-timeout (at most 30 s), so a stalled one is retried within it.
    const client = new KubeClient(loaded.kc, { requestTimeoutMs: requestTimeoutFor(inputs.rolloutTimeoutMs), fieldManager: fieldManagerOf('canary-deploy') });
    return { cluster: new Cluster(client, namespace, sleep), ...(loaded.file ? { file: loaded.file } : {}) };
}
const metricsClientFor = (inputs) => (inputs.metricsSource ? (0,source/* createMetricsClient */.hO)(inputs.metricsSource) : undefined);

;// CONCATENATED MODULE: ./src/canary-deploy/template-diff.ts
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const listed = (names) => names.map((n) => `\`${n}\``).join(', ');
/** Names added, removed and changed between two lists of named items. */
function namedChanges(before, after, noun) {
    const b = new Map((before ?? []).map((item) => [item.name, item]));
    const a = new Map((after ?? []).map((item) => [item.name, item]));
    const added = [...a.keys()].filter((n) => !b.has(n));
    const removed = [...b.keys()].filter((n) => !a.has(n));
    const changed = [...a.keys()].filter((n) => b.has(n) && !same(b.get(n), a.get(n)));
    return [
        ...(added.length > 0 ? [`${noun} added: ${listed(added)}`] : []),
        ...(removed.length > 0 ? [`${noun} removed: ${listed(removed)}`] : []),
        ...(changed.length > 0 ? [`${noun} changed: ${listed(changed)}`] : [])
    ];
}
function resources(r) {
    const part = (label, values) => values && Object.keys(values).length > 0 ? `${label} ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
    return [part('requests', r?.requests), part('limits', r?.limits)].filter(Boolean).join(', ') || 'none';
}
function containerChanges(before, after) {
    const changes = [];
    if (before.image !== after.image)
        changes.push(`image ${before.image} → ${after.image}`);
    changes.push(...namedChanges(before.env, after.env, 'env'));
    if (!same(before.envFrom, after.envFrom))
        changes.push(`envFrom: ${envFromText(after.envFrom)} (was ${envFromText(before.envFrom)})`);
    if (!same(before.resources, after.resources))
        changes.push(`resources: ${resources(after.resources)} (was ${resources(before.resources)})`);
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        if (!same(before[probe], after[probe]))
            changes.push(`${probe} ${before[probe] ? (after[probe] ? 'changed' : 'removed') : 'added'}`);
    }
    for (const key of ['command', 'args'])
        if (!same(before[key], after[key]))
            changes.push(`${key} changed`);
    changes.push(...namedChanges(before.ports?.map((p) => ({ ...p, name: p.name ?? String(p.containerPort) })), after.ports?.map((p) => ({ ...p, name: p.name ?? String(p.containerPort) })), 'ports'));
    changes.push(...namedChanges(before.volumeMounts?.map((m) => ({ ...m, name: `${m.name}:${m.mountPath}` })), after.volumeMounts?.map((m) => ({ ...m, name: `${m.name}:${m.mountPath}` })), 'mounts'));
    const covered = new Set(['name', 'image', 'env', 'envFrom', 'resources', 'readinessProbe', 'livenessProbe', 'startupProbe', 'command', 'args', 'ports', 'volumeMounts']);
    const other = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !covered.has(k) && !same(before[k], after[k]));
    if (other.length > 0)
        changes.push(`${listed(other)} changed`);
    return changes;
}
function envFromText(from) {
    const names = (from ?? []).map((f) => (f.configMapRef ? `ConfigMap ${f.configMapRef.name}` : f.secretRef ? `Secret ${f.secretRef.name}` : '?'));
    return names.join(', ') || 'none';
}
function volumeText(volume) {
    if (volume.configMap)
        return `\`${volume.name}\` (ConfigMap ${volume.configMap.name})`;
    if (volume.secret)
        return `\`${volume.name}\` (Secret ${volume.secret.secretName})`;
    return `\`${volume.name}\``;
}
/** Every difference between the stable pod template and the release's, in the order a reader checks them. */
function templateChanges(before, after) {
    const rows = [];
    const b = before.spec ?? { containers: [] };
    const a = after.spec ?? { containers: [] };
    for (const [kind, bList, aList] of [['container', b.containers, a.containers], ['init container', b.initContainers ?? [], a.initContainers ?? []]]) {
        for (const container of aList) {
            const old = bList.find((c) => c.name === container.name);
            if (!old)
                rows.push({ subject: `${kind} \`${container.name}\``, change: `added (${container.image})` });
            else
                for (const change of containerChanges(old, container))
                    rows.push({ subject: `${kind} \`${container.name}\``, change });
        }
        for (const container of bList.filter((c) => !aList.some((x) => x.name === c.name)))
            rows.push({ subject: `${kind} \`${container.name}\``, change: 'removed' });
    }
    const bVolumes = new Map((b.volumes ?? []).map((v) => [v.name, v]));
    const aVolumes = new Map((a.volumes ?? []).map((v) => [v.name, v]));
    for (const [name, volume] of aVolumes) {
        const old = bVolumes.get(name);
        if (!old)
            rows.push({ subject: 'volumes', change: `added ${volumeText(volume)}` });
        else if (!same(old, volume))
            rows.push({ subject: 'volumes', change: `changed ${volumeText(old)} → ${volumeText(volume)}` });
    }
    for (const [name, volume] of bVolumes)
        if (!aVolumes.has(name))
            rows.push({ subject: 'volumes', change: `removed ${volumeText(volume)}` });
    const covered = new Set(['containers', 'initContainers', 'volumes']);
    const podFields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !covered.has(k) && !same(b[k], a[k]));
    if (podFields.length > 0)
        rows.push({ subject: 'pod', change: `${listed(podFields)} changed` });
    for (const key of ['labels', 'annotations']) {
        const changed = namedChanges(mapEntries(before.metadata?.[key]), mapEntries(after.metadata?.[key]), key);
        for (const change of changed)
            rows.push({ subject: 'pod metadata', change });
    }
    return rows;
}
const mapEntries = (map) => Object.entries(map ?? {}).map(([name, value]) => ({ name, value }));
/**
 * The containers whose image the release changes (or adds), with the stable image ('' for a container stable does
 * not have); every container when no image changes, so a report always names what runs.
 */
function imageChangesOf(before, after) {
    const all = (t) => [...(t.spec?.containers ?? []), ...(t.spec?.initContainers ?? [])];
    const previous = (name) => all(before).find((c) => c.name === name)?.image ?? '';
    const images = all(after).map((c) => ({ container: c.name, image: c.image ?? '', previousImage: previous(c.name) }));
    const changed = images.filter((i) => i.image !== i.previousImage);
    return changed.length > 0 ? changed : images.filter((i) => (after.spec?.containers ?? []).some((c) => c.name === i.container));
}

;// CONCATENATED MODULE: ./src/canary-deploy/stable.ts



async function findStable(inputs, cluster) {
    const stable = await cluster.findDeployment(inputs.deployment);
    if (!stable) {
        throw new errors/* UserError */.yo(`Input 'deployment': the Deployment '${inputs.deployment}' does not exist in namespace ${cluster.namespace}. Apply its manifest first (any image); canary-deploy then rolls out 'image' plainly when no stable version is serving.`);
    }
    return stable;
}
/**
 * The containers of the stable Deployment this run's `image` (and `container`) change, each with the image it runs
 * now; an unknown container is refused here, after the Deployment is read and before any write.
 */
function imageChanges(stable, requests) {
    const planned = (0,canary_deploy_images/* planImageChanges */.iC)(stable.spec?.template.spec, requests, stable.metadata?.name ?? '');
    if (!planned.ok)
        throw new errors/* UserError */.yo(planned.problem);
    return planned.changes;
}
/** A recorded template release (promoted or aborted by a later run): its differences from the stable template, its config copies. */
function describeRecordedTemplate(report, stable, state) {
    if (!state.template)
        return;
    report.changes = templateChanges(stable.spec.template, state.template);
    report.configs = state.configs ?? [];
}

;// CONCATENATED MODULE: ./src/canary-deploy/blue-green.ts







const greenNameOf = (deployment) => `${deployment}-green`;
/** action run or start with strategy blue-green. */
async function switchToGreen(inv) {
    const { inputs, report } = inv;
    const stable = await settlePrevious(inv);
    const images = imageChanges(stable, inputs.images);
    report.image = (0,canary_deploy_images/* describeImages */.Sx)(images, 'image');
    report.previousImage = (0,canary_deploy_images/* describeImages */.Sx)(images, 'previousImage');
    if (images.length > 1)
        report.images = images;
    if ((0,canary_deploy_images/* nothingChanges */.$y)(images)) {
        report.result = 'promoted';
        report.weight = 100;
        report.notes.push(`Deployment ${inputs.deployment} already runs ${report.image}; nothing to do.`);
        return report;
    }
    const run = await claimGreen(inv, stable, images);
    try {
        await bringUpGreen(inv, run);
        await switchService(inv, run);
        await analyseGreen(inv, run);
        return await keepOrFinalize(inv, run);
    }
    catch (error) {
        return switchBackAfter(inv, run, error);
    }
}
/** A previous switch kept by keep-previous is finalized first; a rollout of another run refuses. Returns blue. */
async function settlePrevious(inv) {
    const { inputs, cluster, found, report, rt } = inv;
    const owner = ownership(found, rt.owner);
    if (found && found.strategy === 'blue-green' && found.phase === 'holding') {
        rt.log(`Finalizing the previous blue-green switch of run ${found.owner} before this one.`);
        report.restored.push(...(await finalize(inputs, cluster, found, rt)));
        report.notes.push(`The previous switch (run ${found.owner}, ${found.image}) was finalized: ${inputs.deployment} now runs it and its blue copy is gone.`);
        return (await cluster.findDeployment(inputs.deployment));
    }
    if (owner.kind === 'other') {
        throw new ConcurrentCanary(`Deployment ${inputs.deployment} already has a rollout of run ${owner.owner} (${owner.phase}). Wait for it, or end it with 'action: abort'.`);
    }
    return inv.stable;
}
async function claimGreen(inv, stable, images) {
    const { inputs, cluster, report, rt } = inv;
    const service = await cluster.findService(inputs.service);
    if (!service)
        throw new errors/* UserError */.yo(`Input 'service': the Service '${inputs.service}' does not exist in namespace ${cluster.namespace} (blue-green switches its selector).`);
    const blueHash = await cluster.currentHash(stable);
    const green = greenNameOf(inputs.deployment);
    const state = freshState({
        strategy: 'blue-green',
        owner: rt.owner,
        image: (0,canary_deploy_images/* describeImages */.Sx)(images, 'image'),
        previousImage: (0,canary_deploy_images/* describeImages */.Sx)(images, 'previousImage'),
        container: images[0].container,
        ...(images.length > 1 ? { images } : {}),
        method: 'replicas',
        workload: green,
        service: inputs.service,
        ...(blueHash ? { pinnedHash: blueHash } : {}),
        previousSelector: { ...(service.spec?.selector ?? {}) },
        stepIndex: 0,
        total: stable.spec?.replicas ?? 1
    }, rt.now());
    await cluster.claim(inputs.deployment, state);
    rt.onClaimed(true);
    const startedAt = rt.now();
    report.history = state.history;
    state.history.push({ at: 0, weight: 0, analysis: 'none' });
    return { stable, green, images, state, since: () => rt.now() - startedAt };
}
/** Green at blue's full size, rolled out, and smoke-checked (round 0) before any traffic. */
async function bringUpGreen(inv, run) {
    const { inputs, cluster, report } = inv;
    await cluster.applyWorkload(run.stable, run.green, 'green', { images: run.images }, run.state.total, run.state.owner);
    await cluster.waitRolledOut(run.green, inputs.rolloutTimeoutMs);
    const smoke = { metrics: [], metricsClient: undefined, healthUrls: [...inputs.smokeUrls, ...inputs.healthUrls], healthTimeoutMs: 10_000 };
    if (!hasChecks(smoke))
        return;
    const measured = await measureRound(smoke, { round: 0, at: run.since(), weight: 0, targets: { canary: run.green, stable: inputs.deployment, namespace: cluster.namespace } });
    report.measurements.push(...measured);
    const failed = measured.filter((m) => m.verdict !== 'pass');
    if (failed.length > 0)
        throw new AnalysisAbort(`smoke checks failed on green before the switch: ${failed.map((m) => `${m.query} (${m.detail})`).join('; ')}`);
}
async function switchService(inv, run) {
    const { inputs, cluster, report, rt } = inv;
    const { state } = run;
    await cluster.patchSelector(inputs.service, { ...(state.previousSelector ?? {}), [ROLE_LABEL]: 'green', [POD_TEMPLATE_HASH_LABEL]: null });
    state.weight = 100;
    state.history.push({ at: run.since(), weight: 100, analysis: 'none' });
    await cluster.writeState(inputs.deployment, () => undefined, state);
    report.weight = 100;
    rt.log(`Service ${inputs.service} now selects ${run.green} (${run.state.image}).`);
}
/** Green serving everything, analysed for `step-pause` (the same analysis as a canary step at 100%). */
async function analyseGreen(inv, run) {
    const { inputs, cluster, metricsClient, report, rt } = inv;
    const checks = { metrics: inputs.metrics, metricsClient, healthUrls: inputs.healthUrls, healthTimeoutMs: 10_000 };
    const analysis = startAnalysis(checks, { canary: run.green, stable: inputs.deployment, namespace: cluster.namespace }, inputs.analysisIntervalMs, inputs);
    const point = run.state.history.at(-1);
    await analyseStep(analysis, { weight: 100, pauseMs: inputs.stepPauseMs }, point, { sleep: rt.sleep, now: rt.now, since: run.since, measurements: report.measurements });
}
/** With keep-previous blue stays for an instant abort (the state holds); without, the switch is finalized now. */
async function keepOrFinalize(inv, run) {
    const { inputs, cluster, report, rt } = inv;
    report.result = 'promoted';
    if (inputs.keepPrevious) {
        run.state.phase = 'holding';
        await cluster.writeState(inputs.deployment, () => undefined, run.state);
        rt.onClaimed(false);
        report.notes.push(`Blue (${inputs.deployment}, ${run.state.previousImage}) is kept at full size: 'action: abort' switches back instantly; the next run finalizes.`);
        return report;
    }
    report.restored.push(...(await finalize(inputs, cluster, run.state, rt)));
    rt.onClaimed(false);
    return report;
}
async function switchBackAfter(inv, run, error) {
    const { inputs, cluster, report, rt } = inv;
    report.result = 'aborted';
    report.abortedReason = error instanceof AnalysisAbort ? error.message : `error: ${(0,errors/* errorMessage */.gJ)(error)}`;
    rt.warn(`Switching back to blue: ${report.abortedReason}`);
    report.restored.push(...(await switchBack(inputs, cluster, run.state, rt)));
    run.state.history.push({ at: run.since(), weight: 0, analysis: error instanceof AnalysisAbort ? 'fail' : 'none' });
    await cluster.writeState(inputs.deployment, () => undefined, undefined);
    rt.onClaimed(false);
    report.weight = 0;
    return report;
}
/** The Service back on blue (pinned to blue's pods while green exists), green deleted, selector as before. */
async function switchBack(inputs, cluster, state, rt) {
    const done = [];
    const service = state.service ?? inputs.service;
    const previous = state.previousSelector ?? {};
    const pin = state.pinnedHash ? { [POD_TEMPLATE_HASH_LABEL]: state.pinnedHash } : {};
    await cluster.patchSelector(service, { ...previous, ...pin, [ROLE_LABEL]: null });
    done.push(`Service ${service} selects blue (${state.previousImage}) again`);
    if (await cluster.remove('deployment', state.workload))
        done.push(`Deployment ${state.workload} deleted`);
    if (state.pinnedHash && previous[POD_TEMPLATE_HASH_LABEL] === undefined)
        await cluster.patchSelector(service, { [POD_TEMPLATE_HASH_LABEL]: null });
    await cluster.writeState(inputs.deployment, () => undefined, undefined);
    rt.log(done.join('; '));
    return done;
}
/** Blue takes the new image while green serves; then the Service selects the stable Deployment again. */
async function finalize(inputs, cluster, state, rt) {
    const service = state.service ?? inputs.service;
    await cluster.setImages(inputs.deployment, changesOf(state), state.total);
    await cluster.waitRolledOut(inputs.deployment, inputs.rolloutTimeoutMs);
    const selector = { ...(state.previousSelector ?? {}), [ROLE_LABEL]: null };
    await cluster.patchSelector(service, selector);
    const done = [`Deployment ${inputs.deployment} runs ${state.image}`, `Service ${service} selects ${inputs.deployment} again`];
    if (await cluster.remove('deployment', state.workload))
        done.push(`Deployment ${state.workload} deleted`);
    await cluster.writeState(inputs.deployment, () => undefined, undefined);
    rt.log(done.join('; '));
    return done;
}

;// CONCATENATED MODULE: ./src/canary-deploy/replica-split.ts
/**
 * The `replicas` traffic method: the Service spreads requests over ready pods, so the canary's share is its share of
 * the pods. With N the stable Deployment's replica count and w the requested weight (w < 100):
 *   canary = round(N × w / 100), halves rounded up, then clamped to [1, N − 1] so both versions serve;
 *   stable = N − canary.
 * With N = 1 the stable keeps its pod and the canary gets one (2 pods, 50%). The effective weight
 * canary / (canary + stable) is what users get and is reported next to the requested one. Pure.
 */
function replicaSplit(total, weight) {
    if (weight >= 100)
        return { canary: total, stable: 0, requestedWeight: weight, effectiveWeight: 100 };
    if (total <= 1)
        return { canary: 1, stable: 1, requestedWeight: weight, effectiveWeight: 50 };
    const rounded = Math.floor((total * weight) / 100 + 0.5);
    const canary = Math.min(total - 1, Math.max(1, rounded));
    const stable = total - canary;
    return { canary, stable, requestedWeight: weight, effectiveWeight: Math.round((canary / total) * 10_000) / 100 };
}

;// CONCATENATED MODULE: ./src/canary-deploy/route-status.ts
const REQUIRED = ['Accepted', 'ResolvedRefs'];
/** `Gateway <namespace>/<name>[/<section>]`, the way a user finds the parent. */
function parentName(ref, routeNamespace) {
    const kind = ref.kind ?? 'Gateway';
    return `${kind} ${ref.namespace ?? routeNamespace}/${ref.name ?? '?'}${ref.sectionName ? `/${ref.sectionName}` : ''}${ref.port ? `:${ref.port}` : ''}`;
}
const sameParent = (a, b, routeNamespace) => (a.group ?? 'gateway.networking.k8s.io') === (b.group ?? 'gateway.networking.k8s.io') &&
    (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway') &&
    a.name === b.name &&
    (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace) &&
    (a.sectionName ?? '') === (b.sectionName ?? '') &&
    (a.port ?? 0) === (b.port ?? 0);
function routeVerdict(route) {
    const namespace = route.metadata.namespace ?? 'default';
    const generation = route.metadata.generation ?? 0;
    const refs = ((route.spec ?? {}).parentRefs ?? []).filter((r) => r.name);
    const reported = (route.status ?? {}).parents ?? [];
    const waitingFor = [];
    for (const ref of refs) {
        const name = parentName(ref, namespace);
        // Several controllers may report on one parent; the route is served if one of them took it.
        const statuses = reported.filter((p) => sameParent(p.parentRef, ref, namespace));
        const current = statuses.map((s) => (s.conditions ?? []).filter((c) => (c.observedGeneration ?? generation) >= generation));
        const refusal = current.flatMap((conditions) => conditions.filter((c) => REQUIRED.includes(c.type) && c.status === 'False'))[0];
        const taken = current.some((conditions) => REQUIRED.every((type) => conditions.some((c) => c.type === type && c.status === 'True')));
        if (taken)
            continue;
        if (refusal)
            return { state: 'refused', parent: name, condition: refusal };
        waitingFor.push(name);
    }
    if (waitingFor.length > 0)
        return { state: 'pending', waitingFor };
    return { state: 'accepted', parents: refs.map((r) => parentName(r, namespace)) };
}
/** The refusal as a user reads it: which Gateway, which condition, its reason and message. */
function describeRefusal(routeName, verdict) {
    const c = verdict.condition;
    return `${verdict.parent} does not take HTTPRoute ${routeName}: ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
}

;// CONCATENATED MODULE: ./src/canary-deploy/config-copies.ts
/**
 * The ConfigMaps and Secrets a release brings, versioned for the canary: each one the pod template refers to gets a
 * copy named `<name>-<hash of its content>` as kustomize's configMapGenerator and secretGenerator name theirs (the
 * same 10 characters for the same content), and the template is rewritten to refer to the copies. Stable pods keep
 * the objects they refer to; the canary never changes them. Pure.
 */

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Go's encoding/json: object keys sorted, and <, >, &, U+2028 and U+2029 escaped. */
function goJson(value) {
    const sorted = (v) => (Array.isArray(v) ? v.map(sorted) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
    return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** A field as kustomize's hasher reads it: the value, or '' when absent. */
const field = (object, key) => object[key] ?? '';
/**
 * The 10-character suffix kustomize gives a generated ConfigMap or Secret of this content (api/hasher: the SHA-256
 * of the JSON of kind, data, binaryData or type and stringData, with the name empty as it is when generated; the
 * first 10 hex digits with 0, 1, 3, a, e replaced so the suffix cannot read as a number or a word).
 */
function kustomizeHash(kind, object) {
    const encoded = kind === 'ConfigMap' ? { kind, name: '', data: field(object, 'data') } : { kind, type: field(object, 'type'), name: '', data: field(object, 'data') };
    if (kind === 'ConfigMap' && isObject(object.binaryData))
        encoded.binaryData = object.binaryData;
    if (kind === 'Secret' && isObject(object.stringData))
        encoded.stringData = object.stringData;
    const hex = (0,external_node_crypto_.createHash)('sha256').update(goJson(encoded)).digest('hex').slice(0, 10);
    return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]);
}
/** Each reference to a ConfigMap or Secret in a pod spec, as a holder whose name can be read and rewritten. */
function references(spec) {
    const found = [];
    for (const volume of spec.volumes ?? []) {
        if (volume.configMap)
            found.push({ kind: 'ConfigMap', holder: volume.configMap });
        if (volume.secret)
            found.push({ kind: 'Secret', holder: volume.secret });
        for (const source of volume.projected?.sources ?? []) {
            if (source.configMap)
                found.push({ kind: 'ConfigMap', holder: source.configMap });
            if (source.secret)
                found.push({ kind: 'Secret', holder: source.secret });
        }
    }
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const env of container.env ?? []) {
            if (env.valueFrom?.configMapKeyRef)
                found.push({ kind: 'ConfigMap', holder: env.valueFrom.configMapKeyRef });
            if (env.valueFrom?.secretKeyRef)
                found.push({ kind: 'Secret', holder: env.valueFrom.secretKeyRef });
        }
        for (const from of container.envFrom ?? []) {
            if (from.configMapRef)
                found.push({ kind: 'ConfigMap', holder: from.configMapRef });
            if (from.secretRef)
                found.push({ kind: 'Secret', holder: from.secretRef });
        }
    }
    for (const pullSecret of spec.imagePullSecrets ?? [])
        found.push({ kind: 'Secret', holder: pullSecret });
    return found;
}
const nameOf = (holder) => ('secretName' in holder ? holder.secretName : holder.name);
/** The ConfigMaps and Secrets a pod spec refers to, `Kind/name`, each once. */
function referencedConfigs(spec) {
    return [...new Set(references(spec).map((r) => `${r.kind}/${nameOf(r.holder)}`))];
}
/**
 * The template with every reference to a ConfigMap or Secret of the manifest rewritten to its versioned copy (a
 * copy), and the copies to create. ConfigMaps and Secrets of the manifest the template does not refer to are left
 * out; references to objects the manifest does not bring are left as they are.
 */
function versionConfigs(template, configs) {
    const copy = structuredClone(template);
    if (!copy.spec)
        return { template: copy, copies: [] };
    const planned = new Map();
    for (const { kind, holder } of references(copy.spec)) {
        const name = nameOf(holder);
        const config = configs.find((c) => c.kind === kind && c.name === name);
        if (!config)
            continue;
        const key = `${kind}/${config.name}`;
        let entry = planned.get(key);
        if (!entry) {
            entry = plannedCopy(config);
            planned.set(key, entry);
        }
        if ('secretName' in holder)
            holder.secretName = entry.copy;
        else
            holder.name = entry.copy;
    }
    return { template: copy, copies: [...planned.values()] };
}
function plannedCopy(config) {
    const hash = kustomizeHash(config.kind, config.object);
    const copy = config.name.endsWith(`-${hash}`) ? config.name : `${config.name}-${hash}`;
    const meta = isObject(config.object.metadata) ? config.object.metadata : {};
    const body = { ...config.object, apiVersion: 'v1', kind: config.kind, metadata: { name: copy, ...(isObject(meta.labels) ? { labels: meta.labels } : {}), ...(isObject(meta.annotations) ? { annotations: meta.annotations } : {}) } };
    return { kind: config.kind, name: config.name, copy, body };
}
/** Whether an object found under a copy's name has the content the copy would have (data, binaryData, type). */
function sameContent(kind, found, wanted) {
    return goJson(contentOf(kind, found)) === goJson(contentOf(kind, wanted));
}
/** The content as the API server keeps it: a Secret's stringData merged into data (base64), its type defaulted. */
function contentOf(kind, object) {
    const data = isObject(object.data) ? { ...object.data } : {};
    if (kind === 'ConfigMap')
        return { data, binaryData: isObject(object.binaryData) ? object.binaryData : {} };
    if (isObject(object.stringData))
        for (const [key, value] of Object.entries(object.stringData))
            data[key] = Buffer.from(String(value)).toString('base64');
    return { data, type: typeof object.type === 'string' ? object.type : 'Opaque' };
}

;// CONCATENATED MODULE: ./src/canary-deploy/config-store.ts




async function find(cluster, kind, name) {
    const ns = cluster.namespace;
    try {
        const found = await cluster.client.call(`get ${kind.toLowerCase()} ${ns}/${name}`, () => kind === 'ConfigMap' ? cluster.client.core.readNamespacedConfigMap({ name, namespace: ns }) : cluster.client.core.readNamespacedSecret({ name, namespace: ns }));
        return found;
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
/**
 * Which copies exist already with the same content (kept as they are, never deleted by this release) and which
 * this run will create (`createdBy: owner`). A copy's name held by other content is refused before any write.
 */
async function surveyCopies(cluster, copies, owner, input) {
    const recorded = [];
    for (const copy of copies) {
        const found = await find(cluster, copy.kind, copy.copy);
        if (found && !sameContent(copy.kind, found, copy.body)) {
            throw new errors/* UserError */.yo(`Input '${input}': the ${copy.kind} ${cluster.namespace}/${copy.copy} (the versioned copy of '${copy.name}') exists with other content; canary-deploy does not overwrite it. Delete it, then run again.`);
        }
        recorded.push({ kind: copy.kind, name: copy.name, copy: copy.copy, ...(found ? {} : { createdBy: owner }) });
    }
    return recorded;
}
/** Creates the copies this run is to create (a retried create recognises its own). */
async function createCopies(cluster, copies, recorded) {
    const ns = cluster.namespace;
    for (const entry of recorded.filter((r) => r.createdBy !== undefined)) {
        const planned = copies.find((c) => c.kind === entry.kind && c.copy === entry.copy);
        const meta = (planned.body.metadata ?? {});
        const body = { ...planned.body, metadata: { ...meta, namespace: ns, labels: { ...(meta.labels ?? {}), ...MANAGED_BY }, annotations: { ...(meta.annotations ?? {}), [RUN_ANNOTATION]: entry.createdBy } } };
        const what = `${entry.kind.toLowerCase()} ${ns}/${entry.copy}`;
        const read = () => (entry.kind === 'ConfigMap' ? cluster.client.core.readNamespacedConfigMap({ name: entry.copy, namespace: ns }) : cluster.client.core.readNamespacedSecret({ name: entry.copy, namespace: ns }));
        const create = () => entry.kind === 'ConfigMap'
            ? cluster.client.core.createNamespacedConfigMap({ namespace: ns, body: body })
            : cluster.client.core.createNamespacedSecret({ namespace: ns, body: body });
        await cluster.client.create(what, create, read, (found) => notThisRuns(found.metadata, entry.createdBy));
    }
}
/** Deletes the copies the canary's run created (the object of that name and uid only); true for each one deleted. */
async function removeCopies(cluster, recorded) {
    const ns = cluster.namespace;
    const deleted = [];
    for (const entry of recorded.filter((r) => r.createdBy !== undefined)) {
        const found = await find(cluster, entry.kind, entry.copy);
        if (!found || notThisRuns(found.metadata, entry.createdBy))
            continue;
        const body = { preconditions: { uid: found.metadata.uid } };
        try {
            await cluster.client.call(`delete ${entry.kind.toLowerCase()} ${ns}/${entry.copy}`, () => entry.kind === 'ConfigMap' ? cluster.client.core.deleteNamespacedConfigMap({ name: entry.copy, namespace: ns, body }) : cluster.client.core.deleteNamespacedSecret({ name: entry.copy, namespace: ns, body }));
            deleted.push(`${entry.kind} ${entry.copy}`);
        }
        catch (error) {
            if (isNotFound(error))
                continue;
            throw new errors/* UserError */.yo(`could not delete ${entry.kind} ${ns}/${entry.copy}: ${kubeErrorMessage(error)}`);
        }
    }
    return deleted;
}

;// CONCATENATED MODULE: ./src/canary-deploy/traffic.ts







const backends = (ctx) => ({ stableService: ctx.service, canaryService: ctx.canaryService, namespace: ctx.cluster.namespace });
/** Checks that what the method needs exists and has the expected shape, before any change. Returns problems. */
async function preflight(ctx) {
    const foreign = await ctx.cluster.foreignObjects([
        { kind: 'deployment', name: ctx.canaryName },
        ...(ctx.method === 'replicas' ? [] : [{ kind: 'service', name: ctx.canaryService }]),
        ...(ctx.method === 'nginx' ? [{ kind: 'ingress', name: `${ctx.router}-canary` }] : [])
    ]);
    if (foreign.length > 0)
        return foreign;
    if (ctx.method === 'replicas')
        return [];
    const problems = [];
    const service = await ctx.cluster.findService(ctx.service);
    if (!service)
        return [`Input 'service': the Service '${ctx.service}' does not exist in namespace ${ctx.cluster.namespace} (the router methods split between it and '${ctx.canaryService}')`];
    const b = backends(ctx);
    try {
        if (ctx.method === 'istio' || ctx.method === 'gateway-api') {
            const api = await ctx.cluster.routerApi(ctx.method);
            if (!api.ref)
                return [unservedRouter(ctx.method, api.served)];
        }
        if (ctx.method === 'istio') {
            const vs = await ctx.cluster.getCustom((await ctx.cluster.routerApi('istio')).ref, ctx.router);
            if (!vs)
                problems.push(`Input 'virtual-service': the VirtualService '${ctx.router}' does not exist in namespace ${ctx.cluster.namespace}`);
            else
                (0,router_plan/* istioAtWeight */.Kr)(vs, ctx.istioRoute, b, 0);
        }
        else if (ctx.method === 'gateway-api') {
            const route = await ctx.cluster.getCustom((await ctx.cluster.routerApi('gateway-api')).ref, ctx.router);
            if (!route)
                problems.push(`Input 'http-route': the HTTPRoute '${ctx.router}' does not exist in namespace ${ctx.cluster.namespace}`);
            else
                (0,router_plan/* httpRouteAtWeight */.jA)(route, b, 0);
        }
        else if (ctx.method === 'nginx') {
            const ingress = await ctx.cluster.findIngress(ctx.router);
            if (!ingress)
                problems.push(`Input 'ingress': the Ingress '${ctx.router}' does not exist in namespace ${ctx.cluster.namespace}`);
            else
                (0,router_plan/* nginxCanaryIngress */.WD)(ingress, `${ctx.router}-canary`, b, 0);
        }
        else if (ctx.method === 'smi') {
            const api = await ctx.cluster.trafficSplit();
            if (!api.ref)
                return [unservedTrafficSplit(api.served)];
            const split = await ctx.cluster.getCustom(api.ref, ctx.router);
            if (split && split.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'canary-deploy') {
                problems.push(`Input 'traffic-split': a TrafficSplit '${ctx.router}' exists and was not created by canary-deploy; name another one`);
            }
        }
    }
    catch (error) {
        if (!(error instanceof router_plan/* RouterShapeError */.Fe))
            throw error;
        const input = ctx.method === 'istio' ? (ctx.istioRoute ? 'route' : 'virtual-service') : ctx.method === 'gateway-api' ? 'http-route' : 'ingress';
        problems.push(`Input '${input}': ${error.message}`);
    }
    return problems;
}
/** The router resource at the version the cluster serves; a user error naming the missing API when none is. */
async function servedRouter(cluster, kind) {
    const { ref, served } = await cluster.routerApi(kind);
    if (!ref)
        throw new errors/* UserError */.yo(unservedRouter(kind, served));
    return ref;
}
const unservedRouter = (kind, served) => {
    const { kind: name, group, versions } = ROUTER_KINDS[kind];
    return `Input 'traffic': '${kind}' writes a ${name} (${group} ${versions.join(', ')}), but the cluster serves ${served.length > 0 ? `only ${served.map((v) => `${group}/${v}`).join(', ')}` : `no ${group} API`}; install its CRDs, or choose another traffic method`;
};
const unservedTrafficSplit = (served) => `Input 'traffic': 'smi' writes an SMI TrafficSplit (${router_plan/* SMI_GROUP */.kr} ${TRAFFIC_SPLIT_VERSIONS.join(', ')}), but the cluster serves ${served.length > 0 ? `only ${served.map((v) => `${router_plan/* SMI_GROUP */.kr}/${v}`).join(', ')}` : `no ${router_plan/* SMI_GROUP */.kr} API`}; install the TrafficSplit CRD of your mesh's SMI support, or choose another traffic method`;
/**
 * Before a new canary's first step: the versioned ConfigMaps and Secrets it refers to; router methods: the canary
 * Service and the stable Service pinned to the stable pods. Recorded in the state.
 */
async function prepareRouting(ctx, stable, state) {
    await createCopies(ctx.cluster, ctx.copies, ctx.configs);
    if (ctx.method === 'replicas')
        return;
    const service = (await ctx.cluster.findService(ctx.service));
    const selector = { ...(service.spec?.selector ?? {}) };
    await ctx.cluster.applyRoleService(service, ctx.canaryService, { ...selector, [ROLE_LABEL]: 'canary' }, state.owner);
    state.canaryService = ctx.canaryService;
    // Without the pin the stable Service would also select the canary pods (same app labels).
    const hash = await ctx.cluster.currentHash(stable);
    if (hash && selector[POD_TEMPLATE_HASH_LABEL] === undefined) {
        await ctx.cluster.patchSelector(ctx.service, { [POD_TEMPLATE_HASH_LABEL]: hash });
        state.pinnedHash = hash;
    }
}
const routerReplicas = (total, weight) => (weight >= 100 ? total : Math.max(1, Math.ceil((total * weight) / 100)));
/** Applies a weight: canary capacity first (and waits for it), then the traffic shift. */
async function applyWeight(ctx, stable, weight, state) {
    const { cluster } = ctx;
    if (ctx.method === 'replicas') {
        const split = replicaSplit(ctx.total, weight);
        await cluster.applyWorkload(stable, ctx.canaryName, 'canary', ctx, split.canary, state.owner);
        await cluster.waitRolledOut(ctx.canaryName, ctx.rolloutTimeoutMs);
        await cluster.scale(ctx.stableName, split.stable);
        return { weight, effectiveWeight: split.effectiveWeight, canaryReplicas: split.canary, stableReplicas: split.stable };
    }
    const replicas = routerReplicas(ctx.total, weight);
    await cluster.applyWorkload(stable, ctx.canaryName, 'canary', ctx, replicas, state.owner);
    await cluster.waitRolledOut(ctx.canaryName, ctx.rolloutTimeoutMs);
    await setRouterWeight(ctx, weight, state);
    return { weight, effectiveWeight: weight, canaryReplicas: replicas, stableReplicas: ctx.total };
}
async function setRouterWeight(ctx, weight, state) {
    const { cluster } = ctx;
    const b = backends(ctx);
    switch (ctx.method) {
        case 'istio':
            await cluster.modifyCustom(await servedRouter(cluster, 'istio'), ctx.router, (vs) => (0,router_plan/* istioAtWeight */.Kr)(vs, ctx.istioRoute, b, weight));
            return;
        case 'gateway-api': {
            const ref = await servedRouter(cluster, 'gateway-api');
            // A restore (no state) writes stable back whatever the Gateways say; a step shifts only through a taken route.
            if (state)
                await routeTaken(ctx, ref, 0, 'before the shift');
            const written = await cluster.modifyCustom(ref, ctx.router, (route) => (0,router_plan/* httpRouteAtWeight */.jA)(route, b, weight, state ? ctx.headerRoute : undefined));
            if (state)
                await routeTaken(ctx, ref, written.metadata.generation ?? 0, `at ${weight}%`);
            return;
        }
        case 'smi': {
            // Only a recorded canary's weights are set this way (restore deletes the TrafficSplit instead).
            if (!state)
                throw new Error('a TrafficSplit is written only for a recorded canary');
            const { ref, served } = await cluster.trafficSplit();
            if (!ref)
                throw new errors/* UserError */.yo(unservedTrafficSplit(served));
            await cluster.applyCustom(ref, (0,router_plan/* trafficSplitAtWeight */.D0)(ctx.router, `${ref.group}/${ref.version}`, b, weight), state.owner);
            state.createdRouter = ctx.router;
            return;
        }
        case 'nginx': {
            if (!state)
                throw new Error('a canary Ingress is written only for a recorded canary');
            const ingress = await cluster.findIngress(ctx.router);
            if (!ingress)
                throw new errors/* UserError */.yo(`the Ingress '${ctx.router}' disappeared during the canary`);
            await cluster.applyIngress((0,router_plan/* nginxCanaryIngress */.WD)(ingress, `${ctx.router}-canary`, b, weight), state.owner);
            state.createdRouter = `${ctx.router}-canary`;
            return;
        }
        case 'replicas':
            return;
    }
}
/** How long the Gateways have to report on a route's new generation. */
const ROUTE_STATUS_TIMEOUT_MS = 60_000;
/**
 * Until every parent Gateway has taken the HTTPRoute at `generation` or later (Accepted and ResolvedRefs true); a
 * refusal or a silence past ROUTE_STATUS_TIMEOUT_MS fails the step, before anything else is shifted.
 */
async function routeTaken(ctx, ref, generation, when) {
    // A status written for an older generation says nothing about the weights just written.
    const verdictOf = (route) => ((route.metadata.generation ?? 0) >= generation ? routeVerdict(route) : { state: 'pending', waitingFor: [] });
    const route = await ctx.cluster.pollCustom(ref, ctx.router, ROUTE_STATUS_TIMEOUT_MS, (current) => !!current && verdictOf(current).state !== 'pending');
    if (!route)
        throw new errors/* UserError */.yo(`the HTTPRoute '${ctx.router}' disappeared during the canary`);
    const v = verdictOf(route);
    if (v.state === 'accepted')
        return;
    if (v.state === 'refused')
        throw new errors/* UserError */.yo(`${describeRefusal(ctx.router, v)} (${when})`);
    const parents = v.waitingFor.length > 0 ? v.waitingFor.join(', ') : 'its parents (it names none)';
    throw new errors/* UserError */.yo(`no report from ${parents} on HTTPRoute ${ctx.router} (generation ${route.metadata.generation}) within ${ROUTE_STATUS_TIMEOUT_MS / 1000} s ${when}: is a Gateway API implementation running for that Gateway, and does the route's parentRef name it?`);
}
/**
 * Everything back to stable: all traffic to the stable pods at full size, then the canary objects removed (and the
 * config copies it created, unless `promoted`: the stable template refers to them now). Safe to repeat.
 */
async function restore(ctx, state, promoted = false) {
    const { cluster } = ctx;
    const done = [];
    const failed = [];
    // Every part is attempted even when one fails, so as much as possible is back on stable; then the failure is raised.
    const attempt = async (what, action) => {
        try {
            if ((await action()) !== false)
                done.push(what);
        }
        catch (error) {
            failed.push(`${what}: ${kubeErrorMessage(error)}`);
        }
    };
    if (ctx.method === 'istio' || ctx.method === 'gateway-api') {
        await attempt(`${ctx.method === 'istio' ? 'VirtualService' : 'HTTPRoute'} ${ctx.router}: 100% to ${ctx.service}`, () => setRouterWeight(ctx, 0, undefined));
    }
    else if (ctx.method === 'smi') {
        // Deleted at whichever version is served now; where none is, there is no TrafficSplit to delete.
        await attempt(`TrafficSplit ${ctx.router} deleted`, async () => {
            const { ref } = await cluster.trafficSplit();
            return ref ? cluster.remove(ref, ctx.router) : false;
        });
    }
    else if (ctx.method === 'nginx') {
        await attempt(`Ingress ${ctx.router}-canary deleted`, () => cluster.remove('ingress', `${ctx.router}-canary`));
    }
    await attempt(`Deployment ${ctx.stableName} at ${ctx.total} ready pods`, async () => {
        const stable = await cluster.findDeployment(ctx.stableName);
        if (!stable)
            return false;
        // Only the replicas method scales stable; a router method never did (and an HPA may own the count).
        if (ctx.method === 'replicas' && (stable.spec?.replicas ?? 0) !== ctx.total)
            await cluster.scale(ctx.stableName, ctx.total);
        await cluster.waitRolledOut(ctx.stableName, ctx.rolloutTimeoutMs);
    });
    await attempt(`Deployment ${ctx.canaryName} deleted`, () => cluster.remove('deployment', ctx.canaryName));
    if (ctx.method !== 'replicas') {
        if (state?.pinnedHash)
            await attempt(`Service ${ctx.service} selects all its pods again`, () => cluster.patchSelector(ctx.service, { [POD_TEMPLATE_HASH_LABEL]: null }).then(() => true));
        await attempt(`Service ${ctx.canaryService} deleted`, () => cluster.remove('service', ctx.canaryService));
    }
    if (!promoted && ctx.configs.some((c) => c.createdBy !== undefined)) {
        await attempt('config copies', async () => {
            const deleted = await removeCopies(cluster, ctx.configs);
            done.push(...deleted.map((d) => `${d} deleted`));
            return false;
        });
    }
    if (failed.length > 0)
        throw new errors/* UserError */.yo(`Restoring stable did not complete (rerun with 'action: abort'): ${failed.join('; ')}. Done: ${done.join('; ') || 'nothing'}.`);
    return done;
}
/**
 * The promotion: the stable Deployment runs the new image at full size and, once rolled out, serves everything.
 * Router methods send 100% to the canary while the stable rolls, so no request meets a half-rolled stable.
 */
async function promote(ctx, stable, state) {
    const { cluster } = ctx;
    if (ctx.method !== 'replicas')
        await applyWeight(ctx, stable, 100, state);
    const replicas = ctx.method === 'replicas' ? ctx.total : undefined;
    if (ctx.template)
        await cluster.setTemplate(ctx.stableName, ctx.template, replicas);
    else
        await cluster.setImages(ctx.stableName, ctx.images, replicas);
    await cluster.waitRolledOut(ctx.stableName, ctx.rolloutTimeoutMs);
    if (ctx.method !== 'replicas' && state.pinnedHash) {
        await cluster.patchSelector(ctx.service, { [POD_TEMPLATE_HASH_LABEL]: null });
        delete state.pinnedHash;
    }
    const done = await restore(ctx, state, true);
    for (const config of ctx.configs)
        done.push(`${config.kind} ${config.copy} kept (Deployment ${ctx.stableName} refers to it)`);
    return done;
}

;// CONCATENATED MODULE: ./src/canary-deploy/traffic-context.ts

const canaryNameOf = (deployment) => `${deployment}-canary`;
function trafficContext(inputs, cluster, images, total, log, method = inputs.traffic) {
    return {
        cluster,
        method,
        stableName: inputs.deployment,
        canaryName: canaryNameOf(inputs.deployment),
        service: inputs.service,
        canaryService: `${inputs.service}-canary`,
        router: inputs.router,
        istioRoute: inputs.istioRoute,
        headerRoute: inputs.headerRoute,
        images,
        template: undefined,
        configs: [],
        copies: [],
        total,
        rolloutTimeoutMs: inputs.rolloutTimeoutMs,
        log
    };
}
/** The context of a recorded canary (from its state, not from this run's inputs). */
function contextFromState(inputs, cluster, state, log) {
    return {
        ...trafficContext(inputs, cluster, changesOf(state), state.total, log, state.method),
        canaryName: state.workload,
        ...(state.canaryService ? { canaryService: state.canaryService } : {}),
        template: state.template,
        configs: state.configs ?? [],
        // The header route the canary started with, whatever this run's inputs say.
        headerRoute: state.headerRoute
    };
}

;// CONCATENATED MODULE: ./src/canary-deploy/modes/abort.ts




async function abortRecorded(inv) {
    const { inputs, cluster, found, report, rt } = inv;
    report.result = 'aborted';
    report.abortedReason = 'aborted by request (action: abort)';
    if (!found) {
        report.notes.push(`Deployment ${inputs.deployment} records no canary; nothing to undo.`);
        return report;
    }
    report.previousImage = found.previousImage;
    report.image = found.image;
    if (found.images)
        report.images = found.images;
    describeRecordedTemplate(report, inv.stable, found);
    report.history = found.history;
    report.restored.push(...(await undoRecorded(inputs, cluster, found, rt)));
    report.notes.push(`The canary of run ${found.owner} (${found.phase} at ${found.weight}%) was ended.`);
    return report;
}
/** Everything back to stable (blue-green: back to blue), then the recorded state removed. Returns what was done. */
async function undoRecorded(inputs, cluster, state, rt) {
    const done = state.strategy === 'blue-green' ? await switchBack(inputs, cluster, state, rt) : await restore(contextFromState(inputs, cluster, state, rt.log), state);
    await cluster.writeState(inputs.deployment, () => undefined, undefined);
    return done;
}

;// CONCATENATED MODULE: ./src/canary-deploy/next-step.ts
/**
 * `reached` is the canary's weight (0 before the first step); `holdAt` the weight to hold at (action: start only);
 * `begun` whether a step was reached at all, which tells a header-routed step at 0 that was reached from none yet.
 */
function nextStep(steps, reached, holdAt, begun = reached > 0) {
    if (holdAt !== undefined && begun && reached === holdAt)
        return { kind: 'hold', weight: reached };
    const index = steps.findIndex((step) => (begun ? step.weight > reached : step.weight >= reached));
    if (index < 0)
        return { kind: 'off-schedule' };
    const step = steps[index];
    return step.weight >= 100 ? { kind: 'promote' } : { kind: 'shift', index, step };
}

;// CONCATENATED MODULE: ./src/canary-deploy/canary-walk.ts
/**
 * A claimed canary walking the schedule (action run, start and promote): each step shifts traffic and is analysed
 * for its pause, and next-step.ts says what follows — the next step, the promotion at 100, or holding at hold-at.
 * An analysis abort or an error restores stable; a lost claim leaves the cleanup to whoever ended or took it.
 */





/** The state annotation no longer names this run: ended by `action: abort` elsewhere, or taken over. */
class LostClaim extends errors/* UserError */.yo {
}
/** Walks the schedule from the state's weight; the Deployment is claimed (`state` is recorded on it). */
async function walkSchedule(inv, ctx, state, plan) {
    inv.rt.onClaimed(true);
    inv.report.history = state.history;
    const walk = newWalk(inv, ctx, state);
    try {
        if (plan.prepareRouting)
            await prepareRouting(ctx, inv.stable, state);
        for (;;) {
            const next = nextStep(inv.inputs.steps, state.weight, plan.holdAt, state.stepIndex >= 0);
            if (next.kind === 'promote')
                return await promoteCanary(walk);
            if (next.kind === 'hold')
                return await hold(walk);
            if (next.kind === 'off-schedule')
                throw new Error('the schedule ended without reaching 100%');
            await shiftAndAnalyse(walk, next.index, next.step);
        }
    }
    catch (error) {
        return endWalk(walk, error);
    }
}
function newWalk(inv, ctx, state) {
    const { inputs, cluster, metricsClient, rt } = inv;
    const startedAt = Date.parse(state.startedAt);
    const checks = { metrics: inputs.metrics, metricsClient, healthUrls: inputs.healthUrls, healthTimeoutMs: Math.min(10_000, inputs.analysisIntervalMs * 5) };
    const targets = { canary: ctx.canaryName, stable: inputs.deployment, namespace: cluster.namespace };
    const stillOurs = (current) => {
        if (current?.owner !== state.owner) {
            throw new LostClaim(current ? `another run (${current.owner}) took over the canary of Deployment ${inputs.deployment}` : `the canary of Deployment ${inputs.deployment} was ended by another run (action: abort)`);
        }
    };
    return {
        inv,
        ctx,
        state,
        analysis: startAnalysis(checks, targets, inputs.analysisIntervalMs, inputs),
        since: () => rt.now() - startedAt,
        stillOurs,
        save: () => cluster.writeState(inputs.deployment, stillOurs, state),
        moving: undefined
    };
}
async function shiftAndAnalyse(walk, index, step) {
    const { inv, ctx, state } = walk;
    const { inputs, cluster, rt, report } = inv;
    walk.moving = step.weight;
    const fresh = (await cluster.findDeployment(inputs.deployment));
    const applied = await applyWeight(ctx, fresh, step.weight, state);
    if (applied.effectiveWeight !== step.weight)
        report.notes.push(`Step ${step.weight}%: ${applied.canaryReplicas} canary and ${applied.stableReplicas} stable pods, an effective weight of ${applied.effectiveWeight}%.`);
    walk.moving = undefined;
    report.weight = step.weight;
    report.effectiveWeight = applied.effectiveWeight;
    state.stepIndex = index;
    state.weight = step.weight;
    const point = { at: walk.since(), weight: step.weight, analysis: 'none' };
    state.history.push(point);
    await walk.save();
    rt.log(`Weight ${step.weight}%${applied.effectiveWeight !== step.weight ? ` (effective ${applied.effectiveWeight}%: ${applied.canaryReplicas} canary / ${applied.stableReplicas} stable pods)` : ''}`);
    await analyseStep(walk.analysis, step, point, {
        sleep: rt.sleep,
        now: rt.now,
        since: walk.since,
        measurements: report.measurements,
        // An `action: abort` from another job stops this run within one interval.
        beforeRound: async () => walk.stillOurs(await cluster.readState(inputs.deployment)),
        log: rt.log
    });
}
async function promoteCanary(walk) {
    const { inv, ctx, state } = walk;
    const { inputs, cluster, rt, report } = inv;
    walk.moving = 100;
    rt.log(`Promoting: Deployment ${inputs.deployment} → ${report.image}`);
    state.phase = 'promoting';
    await walk.save();
    const fresh = (await cluster.findDeployment(inputs.deployment));
    report.restored.push(...(await promote(ctx, fresh, state)));
    state.history.push({ at: walk.since(), weight: 100, analysis: 'none' });
    report.weight = 100;
    // Every pod now runs the new version, whatever share of the pods the canary had at its last step.
    report.effectiveWeight = 100;
    report.result = 'promoted';
    await cluster.writeState(inputs.deployment, () => undefined, undefined);
    rt.onClaimed(false);
    return report;
}
async function hold(walk) {
    const { inv, state } = walk;
    state.phase = 'holding';
    await walk.save();
    inv.rt.onClaimed(false);
    inv.report.result = 'holding';
    inv.report.notes.push(`Holding at ${state.weight}% for a later run with 'action: promote' (or 'abort'); the canary stays in place.`);
    return inv.report;
}
async function endWalk(walk, error) {
    const { inv, ctx, state } = walk;
    const { inputs, cluster, rt, report } = inv;
    report.result = 'aborted';
    if (error instanceof LostClaim) {
        // Whoever ended or took the canary owns its cleanup; undoing here could remove their objects.
        report.abortedReason = error.message;
        report.weight = 0;
        rt.onClaimed(false);
        return report;
    }
    const where = walk.moving !== undefined ? `moving to ${walk.moving}%` : `at ${state.weight}%`;
    report.abortedReason = error instanceof AnalysisAbort ? error.message : `error ${where}: ${error instanceof errors/* UserError */.yo ? error.message : kubeErrorMessage(error)}`;
    state.history.push({ at: walk.since(), weight: 0, analysis: error instanceof AnalysisAbort ? 'fail' : 'none' });
    rt.warn(`Restoring all traffic to stable: ${report.abortedReason}`);
    report.restored.push(...(await restore(ctx, state)));
    await cluster.writeState(inputs.deployment, () => undefined, undefined);
    rt.onClaimed(false);
    report.weight = 0;
    delete report.effectiveWeight;
    return report;
}

;// CONCATENATED MODULE: ./src/canary-deploy/modes/promote-held.ts
/**
 * action: promote — the canary held by an earlier `action: start` continues from its recorded weight (and traffic
 * method, canary, image) through the rest of this run's schedule to 100%; a kept blue-green switch is finalized.
 */






async function promoteHeld(inv) {
    const { inputs, cluster, found, report, rt } = inv;
    if (!found)
        throw new errors/* UserError */.yo(`Input 'action': 'promote' needs a canary started by 'action: start', but Deployment ${inputs.deployment} records none.`);
    if (found.phase !== 'holding')
        throw new errors/* UserError */.yo(`Input 'action': the canary of run ${found.owner} is ${found.phase}, not holding; only a holding canary can be promoted.`);
    if (found.strategy === 'blue-green') {
        report.restored.push(...(await finalize(inputs, cluster, found, rt)));
        report.result = 'promoted';
        report.weight = 100;
        report.previousImage = found.previousImage;
        report.image = found.image;
        return report;
    }
    report.previousImage = found.previousImage;
    report.image = found.image;
    if (found.images)
        report.images = found.images;
    describeRecordedTemplate(report, inv.stable, found);
    // The claim passes to this run, unless another run took the canary since it was read.
    const state = { ...found, phase: 'progressing', owner: rt.owner };
    await cluster.writeState(inputs.deployment, (current) => {
        if (current?.owner !== found.owner)
            throw new ConcurrentCanary(`Deployment ${inputs.deployment}: the canary changed hands while promoting (now ${current?.owner ?? 'none'}).`);
    }, state);
    return walkSchedule(inv, contextFromState(inputs, cluster, state, rt.log), state, { prepareRouting: false, holdAt: undefined });
}

;// CONCATENATED MODULE: ./src/canary-deploy/autoscaler.ts
function sizeWithAutoscaler(hpa, method, specReplicas) {
    if (!hpa)
        return { ok: true, total: specReplicas };
    if (method === 'replicas') {
        return {
            ok: false,
            problem: `Input 'traffic': the Deployment is scaled by the HorizontalPodAutoscaler '${hpa.name}', which would undo a replica split; use a router method (istio, gateway-api, smi, nginx)`
        };
    }
    return { ok: true, total: Math.max(1, hpa.currentReplicas ?? hpa.minReplicas ?? specReplicas) };
}

;// CONCATENATED MODULE: ./src/canary-deploy/release.ts







async function planRelease(inputs, cluster, stable, owner) {
    if (!inputs.manifest && !inputs.templatePatch) {
        const images = imageChanges(stable, inputs.images);
        return { images, copies: [], configs: [], changes: [], ignored: [], unchanged: (0,canary_deploy_images/* nothingChanges */.$y)(images) };
    }
    const input = inputs.manifest ? 'manifest' : 'template-patch';
    const given = inputs.manifest ? inputs.manifest.file : 'the patch';
    let copies = [];
    let merged;
    const name = inputs.deployment;
    try {
        if (inputs.manifest) {
            const manifest = inputs.manifest.content;
            const elsewhere = manifest.namespaces.filter((ns) => ns !== cluster.namespace);
            if (elsewhere.length > 0)
                throw new errors/* UserError */.yo(`Input 'manifest': got ${given}, whose objects are for namespace ${elsewhere.join(', ')}; expected objects of namespace ${cluster.namespace} (where Deployment ${name} is) or of none.`);
            const versioned = versionConfigs(manifest.template, manifest.configs);
            copies = versioned.copies;
            merged = await cluster.dryRunTemplate(name, [{ op: 'replace', path: '/spec/template', value: versioned.template }], 'json');
        }
        else {
            merged = await cluster.dryRunTemplate(name, { spec: { template: inputs.templatePatch } }, 'strategic');
        }
    }
    catch (error) {
        const code = errors_statusCode(error);
        if (code === 422 || code === 400)
            throw new errors/* UserError */.yo(`Input '${input}': the API server refuses the pod template it makes for Deployment ${name}: ${kubeErrorMessage(error)}`);
        throw error;
    }
    let template = merged;
    if (inputs.images.length > 0) {
        const planned = (0,canary_deploy_images/* planImageChanges */.iC)(template.spec, inputs.images, name);
        if (!planned.ok)
            throw new errors/* UserError */.yo(planned.problem);
        template = { ...template, spec: (0,canary_deploy_images/* withImages */.nS)(template.spec, planned.changes).spec };
    }
    const changes = templateChanges(stable.spec.template, template);
    const configs = await surveyCopies(cluster, copies, owner, input);
    const ignored = inputs.manifest ? [...inputs.manifest.content.others, ...inputs.manifest.content.configs.filter((c) => !copies.some((p) => p.kind === c.kind && p.name === c.name)).map((c) => `${c.kind} ${c.name}`)] : [];
    return { images: imageChangesOf(stable.spec.template, template), template, copies, configs, changes, ignored, unchanged: changes.length === 0 };
}

;// CONCATENATED MODULE: ./src/canary-deploy/canary-begin.ts
/**
 * A new canary (action run or start): a leftover of an earlier attempt of this run is removed first; an image that
 * already runs, or a Deployment without available pods, needs no canary; otherwise the canary is sized (an HPA owns
 * the count), what its traffic method needs is checked, and the stable Deployment is claimed.
 */










async function beginCanary(inv) {
    const { inputs, cluster, stable, found, report, rt } = inv;
    const release = inv.release ?? (await planRelease(inputs, cluster, stable, rt.owner));
    const { images } = release;
    const previousImage = (0,canary_deploy_images/* describeImages */.Sx)(images, 'previousImage');
    report.image = (0,canary_deploy_images/* describeImages */.Sx)(images, 'image');
    report.previousImage = found?.previousImage ?? previousImage;
    if (images.length > 1)
        report.images = images;
    // A leftover's restore deletes the config copies it created: which exist is read again after it.
    if ((await clearLeftover(inv)) && release.copies.length > 0)
        release.configs = await surveyCopies(cluster, release.copies, rt.owner, inputs.manifest ? 'manifest' : 'template-patch');
    describeTemplate(inv, release);
    if (release.unchanged) {
        report.result = 'promoted';
        report.weight = 100;
        report.notes.push(`Deployment ${inputs.deployment} already runs ${release.template ? `the pod template ${inputs.manifest ? `of ${inputs.manifest.file}` : 'template-patch makes'}` : report.image}; nothing to do.`);
        return { kind: 'done', report };
    }
    const available = stable.status?.availableReplicas ?? 0;
    if ((stable.spec?.replicas ?? 1) === 0 || available === 0)
        return { kind: 'done', report: await firstDeploy(inv, release) };
    const total = await canaryTotal(inv);
    const ctx = { ...trafficContext(inputs, cluster, images, total, rt.log), template: release.template, configs: release.configs, copies: release.copies };
    const problems = await preflight(ctx);
    if (problems.length > 0)
        throw new errors/* UserError */.yo(problems.join('\n'));
    const state = freshState({
        strategy: 'canary',
        owner: rt.owner,
        image: report.image,
        previousImage,
        container: images[0].container,
        ...(images.length > 1 || release.template ? { images } : {}),
        ...(release.template ? { template: release.template, configs: release.configs } : {}),
        method: inputs.traffic,
        ...(inputs.headerRoute ? { headerRoute: inputs.headerRoute } : {}),
        workload: ctx.canaryName,
        stepIndex: -1,
        total
    }, rt.now());
    await cluster.claim(inputs.deployment, state);
    return { kind: 'claimed', ctx, state };
}
/** Refuses a canary of another run; removes one left by an earlier attempt of this run (or by this run): true then. */
async function clearLeftover(inv) {
    const { inputs, cluster, found, report, rt } = inv;
    const owner = ownership(found, rt.owner);
    if (owner.kind === 'other') {
        throw new ConcurrentCanary(`Deployment ${inputs.deployment} already has a canary of run ${owner.owner} (${owner.phase} at ${owner.weight}%). Wait for it, or end it with 'action: abort' (or 'promote' if it is holding).`);
    }
    if (owner.kind === 'leftover-of-our-run' || owner.kind === 'ours') {
        rt.log(`A canary left by an earlier attempt of this run (${found.owner}) is cleaned up first.`);
        report.restored.push(...(await restore(contextFromState(inputs, cluster, found, rt.log), found)));
        await cluster.writeState(inputs.deployment, () => undefined, undefined);
        report.notes.push(`An earlier attempt of this run (${found.owner}) left a canary at ${found.weight}%; it was removed before starting again.`);
        return true;
    }
    return false;
}
/** The stable Deployment's replica count (a leftover's recorded one), or the HPA's when one scales it. */
async function canaryTotal(inv) {
    const { inputs, stable, found } = inv;
    const total = found?.total ?? stable.spec?.replicas ?? 1;
    if (found)
        return total;
    const sized = sizeWithAutoscaler(await visibleAutoscaler(inv), inputs.traffic, total);
    if (!sized.ok)
        throw new errors/* UserError */.yo(sized.problem);
    return sized.total;
}
/**
 * The HPA scaling the Deployment, when the kubeconfig's user may list them. A Role without that permission (it is
 * optional) is not a reason to stop: the canary goes on with a warning saying what it could not check.
 */
async function visibleAutoscaler(inv) {
    try {
        return await inv.cluster.findAutoscaler(inv.inputs.deployment);
    }
    catch (error) {
        if (!(error instanceof KubeAccessError && error.statusCode === 403))
            throw error;
        inv.rt.warn(`Cannot tell whether a HorizontalPodAutoscaler scales ${inv.inputs.deployment} (${error.message}) Going on as if none does; an autoscaler would change the replica count under the canary.`);
        return undefined;
    }
}
/** A template release's changes, config copies and unapplied objects, for the report and the summary. */
function describeTemplate(inv, release) {
    const { report, inputs } = inv;
    if (!release.template)
        return;
    report.templateSource = inputs.manifest ? `manifest ${inputs.manifest.file}` : 'template-patch';
    report.changes = release.changes;
    report.configs = release.configs;
    if (release.ignored.length > 0) {
        report.notes.push(`Not applied from ${inputs.manifest?.file}: ${release.ignored.join(', ')} (canary-deploy takes the pod template of Deployment ${inputs.deployment} and the ConfigMaps and Secrets it refers to).`);
    }
}
async function firstDeploy(inv, release) {
    const { inputs, cluster, report, rt } = inv;
    rt.log(`No stable version of ${inputs.deployment} is serving: rolling out ${report.image} directly.`);
    await createCopies(cluster, release.copies, release.configs);
    if (release.template)
        await cluster.setTemplate(inputs.deployment, release.template, undefined);
    else
        await cluster.setImages(inputs.deployment, release.images, undefined);
    await cluster.waitRolledOut(inputs.deployment, inputs.rolloutTimeoutMs);
    report.result = 'promoted';
    report.weight = 100;
    report.notes.push(`First deploy: Deployment ${inputs.deployment} had no available pods (no stable version to compare with), so ${report.image} was rolled out directly, without a canary or analysis.`);
    report.history.push({ at: 0, weight: 100, analysis: 'none' });
    return report;
}

;// CONCATENATED MODULE: ./src/canary-deploy/modes/roll-out.ts
/** action: run — the whole rollout in this job: the blue-green switch, or a new canary walked through every step to 100%. */



async function rollOut(inv) {
    if (inv.inputs.strategy === 'blue-green')
        return switchToGreen(inv);
    const begun = await beginCanary(inv);
    if (begun.kind === 'done')
        return begun.report;
    return walkSchedule(inv, begun.ctx, begun.state, { prepareRouting: true, holdAt: undefined });
}

;// CONCATENATED MODULE: ./src/canary-deploy/modes/start.ts
/**
 * action: start — a new canary walked up to hold-at and left there (its state recorded as holding) for a later job's
 * `action: promote` or `abort`. Blue-green switches as with `run`; keep-previous is what holds it.
 */



async function start(inv) {
    if (inv.inputs.strategy === 'blue-green')
        return switchToGreen(inv);
    const begun = await beginCanary(inv);
    if (begun.kind === 'done')
        return begun.report;
    return walkSchedule(inv, begun.ctx, begun.state, { prepareRouting: true, holdAt: inv.inputs.holdAt });
}

;// CONCATENATED MODULE: ./src/canary-deploy/report.ts
/** The report before anything is done: aborted at weight 0 until a mode says otherwise. */
function newReport(inputs, namespace, found) {
    return {
        result: 'aborted',
        deployment: inputs.deployment,
        namespace,
        image: inputs.image || found?.image || '',
        strategy: inputs.strategy,
        method: inputs.strategy === 'blue-green' ? 'service selector' : inputs.traffic,
        weight: 0,
        notes: [],
        history: [],
        measurements: [],
        restored: []
    };
}

;// CONCATENATED MODULE: ./src/canary-deploy/execute.ts







const MODES = { run: rollOut, start: start, promote: promoteHeld, abort: abortRecorded };
async function survey(inputs, cluster, metricsClient, rt) {
    const stable = await findStable(inputs, cluster);
    const releasing = inputs.action === 'run' || inputs.action === 'start';
    // An unknown container, or a template the API server refuses, is refused before any write (also before a kept
    // blue-green switch is finalized).
    if (releasing && inputs.strategy === 'blue-green')
        imageChanges(stable, inputs.images);
    const release = releasing && inputs.strategy === 'canary' ? await planRelease(inputs, cluster, stable, rt.owner) : undefined;
    const found = await cluster.readState(inputs.deployment);
    return { inputs, cluster, metricsClient, rt, stable, found, release, report: newReport(inputs, cluster.namespace, found) };
}
const execute = (inv) => MODES[inv.inputs.action](inv);
async function runCanary(inputs, cluster, metricsClient, rt) {
    return execute(await survey(inputs, cluster, metricsClient, rt));
}

// EXTERNAL MODULE: ./src/canary-deploy/inputs.ts + 7 modules
var canary_deploy_inputs = __webpack_require__(4822);
// EXTERNAL MODULE: ./src/canary-deploy/post-state.ts
var post_state = __webpack_require__(848);
;// CONCATENATED MODULE: ./src/lib/summary/markdown.ts
/** Pure Markdown builders for job summaries and PR comments (what users read is built from the decision's data). */
/** Escapes what would break a table cell: pipes and new lines. */
function cell(value) {
    if (value === null || value === undefined)
        return '';
    return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function table(headers, rows) {
    const head = `| ${headers.map(cell).join(' | ')} |`;
    const rule = `| ${headers.map(() => '---').join(' | ')} |`;
    const body = rows.map((row) => `| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`);
    return [head, rule, ...body].join('\n');
}
function heading(text, level = 2) {
    return `${'#'.repeat(level)} ${text}`;
}
function details(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
function codeBlock(text, language = '') {
    const fence = text.includes('```') ? '````' : '```';
    return `${fence}${language}\n${text}\n${fence}`;
}
function mermaid(diagram) {
    return codeBlock(diagram, 'mermaid');
}
function join(...blocks) {
    return blocks.filter((block) => typeof block === 'string' && block !== '').join('\n\n') + '\n';
}
const PASS = '✅';
const FAIL = '❌';
const WARN = '⚠️';
const SKIP = '⏭️';

;// CONCATENATED MODULE: ./src/canary-deploy/summary.ts
/** The job summary, built from the same report the outputs come from. Pure. */


const ICON = { pass: PASS, fail: FAIL, 'no-data': WARN, inconclusive: WARN, none: '' };
function label(point) {
    const seconds = Math.round(point.at / 1000);
    const verdict = point.weight === 0 ? ' restored' : point.weight === 100 ? ' promoted' : point.analysis && point.analysis !== 'none' ? ` ${point.analysis}` : '';
    return `${seconds}s${verdict}`.replace(/"/g, "'");
}
function weightChart(history) {
    const points = history.length > 0 ? history : [{ at: 0, weight: 0 }];
    return mermaid([
        'xychart-beta',
        '  title "Canary weight (%) over time, with the analysis verdict of each step"',
        `  x-axis [${points.map((p) => `"${label(p)}"`).join(', ')}]`,
        '  y-axis "canary weight %" 0 --> 100',
        `  line [${points.map((p) => p.weight).join(', ')}]`
    ].join('\n'));
}
/**
 * The analysis in two tables: each check once (its condition and the queries sent for canary and stable), then one
 * row per round with each check's value, stable's value and verdict, so two checks over four rounds read as four
 * narrow rows.
 */
function measurementTable(measurements) {
    if (measurements.length === 0)
        return '_No analysis configured (no `metrics`, no `health-urls`): steps advanced on their pauses alone._';
    const checks = [...new Set(measurements.map((m) => m.name))];
    const definitions = checks.flatMap((name) => {
        const seen = new Set();
        return measurements
            .filter((m) => m.name === name)
            .filter((m) => {
            const key = `${m.condition}\n${m.query}\n${m.stableQuery ?? ''}`;
            return seen.has(key) ? false : (seen.add(key), true);
        })
            .map((m) => [name, m.condition, `\`${m.query}\``, m.stableQuery ? `\`${m.stableQuery}\`` : '—']);
    });
    const rounds = [...new Map(measurements.map((m) => [m.round, m])).values()];
    const rows = rounds.map((first) => [
        first.round,
        `${Math.round(first.at / 1000)}s`,
        `${first.weight}%`,
        ...checks.map((name) => {
            const m = measurements.find((x) => x.round === first.round && x.name === name);
            return m ? roundCell(m) : '';
        })
    ]);
    return join(table(['Check', 'Condition', 'Query (canary)', 'Query (stable)'], definitions), table(['Round', 'Time', 'Weight', ...checks], rows));
}
function roundCell(m) {
    const value = m.value !== undefined ? (0,verdict/* formatValue */.Fl)(m.value) : 'no value';
    const stable = m.stableValue !== undefined ? ` (stable ${(0,verdict/* formatValue */.Fl)(m.stableValue)})` : '';
    return `${ICON[m.verdict]} ${value}${stable}${m.verdict !== 'pass' ? ` ${m.verdict}${m.detail ? `: ${m.detail}` : ''}` : ''}`;
}
/**
 * What a template release (`manifest`, `template-patch`) changes in the pod template, and the config copies it
 * brings: names, images and resources only (environment variables by name, Secrets by name, never a value).
 */
function templateTable(report) {
    if (!report.changes && !report.configs?.length)
        return false;
    const rows = (report.changes ?? []).map((c) => [c.subject, c.change]);
    for (const config of report.configs ?? []) {
        const made = config.createdBy !== undefined ? 'versioned copy created for the canary' : 'versioned copy (existed already, left as it is)';
        const end = report.result === 'promoted'
            ? `kept: ${report.deployment} refers to it now`
            : report.result === 'aborted'
                ? `${config.createdBy !== undefined ? 'deleted on abort; ' : ''}stable pods kept \`${config.name}\``
                : `stable pods keep \`${config.name}\``;
        rows.push([`${config.kind} \`${config.name}\``, `\`${config.copy}\`: ${made}; ${end}`]);
    }
    return rows.length > 0 ? table(['Pod template', 'Change the canary carries'], rows) : '_The pod template is the stable one (no change)._';
}
function renderSummary(report) {
    const title = report.result === 'promoted'
        ? `${PASS} canary-deploy: ${report.deployment} promoted to ${report.image}`
        : report.result === 'holding'
            ? `${WARN} canary-deploy: ${report.deployment} holding at ${report.weight}%`
            : `${FAIL} canary-deploy: ${report.deployment} aborted; all traffic back on ${report.previousImage ?? 'stable'}`;
    const facts = table(['', ''], [
        ['Namespace', report.namespace],
        ['Strategy / traffic', `${report.strategy} / ${report.method}`],
        ...(report.templateSource ? [['New pod template', cell(`from ${report.templateSource}`)]] : []),
        ['New image', cell(report.image)],
        ['Previous image', cell(report.previousImage)],
        ['Final weight', `${report.weight}%${report.effectiveWeight !== undefined && report.effectiveWeight !== report.weight ? ` (effective ${report.effectiveWeight}%)` : ''}`],
        ...(report.abortedReason ? [['Aborted because', report.abortedReason]] : [])
    ]);
    return join(heading(title), facts, report.notes.length > 0 && report.notes.map((n) => `- ${n}`).join('\n'), templateTable(report) !== false && join(heading('Pod template changes', 3), templateTable(report)), heading('Weight over time', 3), weightChart(report.history), heading('Measurements', 3), measurementTable(report.measurements), report.restored.length > 0 && join(heading('Cleanup', 3), report.restored.map((r) => `- ${r}`).join('\n')));
}

;// CONCATENATED MODULE: ./src/canary-deploy/publish.ts
/** The report phase: the step outputs, the JSON report file and the job summary, all from the run's report. */




async function publish(report, inputs) {
    core/* setOutput */.uH('result', report.result);
    core/* setOutput */.uH('weight', String(report.weight));
    core/* setOutput */.uH('effective-weight', String(report.effectiveWeight ?? report.weight));
    core/* setOutput */.uH('aborted-reason', report.abortedReason ?? '');
    core/* setOutput */.uH('analysis', JSON.stringify(report.measurements));
    (0,external_node_fs_.writeFileSync)(inputs.reportFile, JSON.stringify(report, null, 2));
    core/* setOutput */.uH('report-file', inputs.reportFile);
    await appendSummary(renderSummary(report));
}

;// CONCATENATED MODULE: ./src/canary-deploy/main.ts
/** canary-deploy's orchestrator: main (read inputs, plan, execute the action's mode, report) and post (undo a canary a cancelled job left). */













/** The main step; the entry (index.ts) passes the inputs it has already validated. */
async function main(validated) {
    const inputs = validated ?? (await core/* group */.Os('Read inputs', async () => (0,canary_deploy_inputs/* readInputs */.Ko)()));
    const unanalysed = noAnalysisWarning(inputs);
    if (unanalysed)
        core/* warning */.$e(unanalysed);
    const invocation = await core/* group */.Os('Plan', () => survey(inputs, connect(inputs).cluster, metricsClientFor(inputs), runnerRuntime(inputs)));
    const report = await core/* group */.Os(`Execute: action ${inputs.action}`, () => execute(invocation));
    await core/* group */.Os('Report', () => publish(report, inputs));
    if (report.result === 'aborted' && inputs.action !== 'abort')
        core/* setFailed */.C1(`canary-deploy aborted: ${report.abortedReason}`);
}
/** The post step: when the main step ended while holding a canary (cancelled, killed), put everything back. */
async function post() {
    let ownFile;
    try {
        if (!(0,post_state/* holdsCanary */.xG)())
            return;
        const inputs = await core/* group */.Os('Read inputs', async () => (0,canary_deploy_inputs/* readInputs */.Ko)());
        const connected = connect(inputs, true);
        ownFile = connected.file;
        const { cluster } = connected;
        const state = await core/* group */.Os('Plan', () => cluster.readState(inputs.deployment));
        if (!state || state.owner !== core/* getState */.Gu(post_state/* OWNER_STATE */.kc)) {
            core/* info */.pq('The canary state is gone or belongs to another run; nothing to restore.');
            return;
        }
        core/* warning */.$e(`The job ended while the canary was ${state.phase} at ${state.weight}%: restoring all traffic to stable.`);
        const done = await core/* group */.Os('Execute: restore stable', () => undoRecorded(inputs, cluster, state, runnerRuntime(inputs)));
        for (const line of done)
            (0,log_text/* logText */.kc)(line);
        await core/* group */.Os('Report', () => appendSummary(`## canary-deploy (post): job ended mid-canary at ${state.weight}%; restored\n\n${done.map((d) => `- ${d}`).join('\n')}\n`));
    }
    finally {
        (0,kubeconfig_file/* removeKubeconfigFile */.u)();
        if (ownFile)
            (0,kubeconfig_file/* removeKubeconfigFile */.u)(ownFile);
    }
}
function runnerRuntime(inputs) {
    const owner = `${inputs.run}/${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    return {
        sleep: sleep,
        now: Date.now,
        owner,
        log: log_text/* logText */.kc,
        warn: (m) => core/* warning */.$e(m),
        onClaimed: (claimed) => {
            core/* saveState */.LZ(post_state/* OWNER_STATE */.kc, owner);
            core/* saveState */.LZ(post_state/* RESTORE_STATE */.fe, claimed ? 'true' : 'false');
        }
    };
}


/***/ })

};
