export const id = 310;
export const ids = [310];
export const modules = {

/***/ 5310:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// UNUSED EXPORTS: healthRollback, post

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var lib_core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __webpack_require__(9471);
// EXTERNAL MODULE: ./src/lib/action/log-text.ts
var log_text = __webpack_require__(3818);
// EXTERNAL MODULE: ./node_modules/@kubernetes/client-node/dist/index.js + 875 modules
var dist = __webpack_require__(2901);
;// CONCATENATED MODULE: ./src/lib/retry.ts
/** Retries with exponential backoff and full jitter, honouring a server's Retry-After. */
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 60_000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full jitter (AWS architecture blog): a uniform delay in [0, min(max, base * 2^retry)). */
function backoffDelay(retry, policy, random = Math.random) {
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
            const delayMs = decision.afterMs ?? backoffDelay(attempt - 1, policy, options.random);
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

;// CONCATENATED MODULE: ./src/lib/kube/errors.ts
/** Reading errors of @kubernetes/client-node: the HTTP status, the Status message, Retry-After, and which ones are
 * worth retrying (429, 5xx, dropped connections); and the user errors for the failures a user can act on. */




function statusCode(error) {
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
    const code = statusCode(error);
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
const isNotFound = (error) => statusCode(error) === 404;
const isConflict = (error) => statusCode(error) === 409;
const isGone = (error) => statusCode(error) === 410;
/**
 * A write refused because the object changed since it was read: 409 Conflict, or the API server's answer to a JSON
 * patch whose `test` failed (json-patch.ts). That answer names nothing (422, reason Invalid, "the server rejected our
 * request due to an error in our request", no causes), unlike a validation error, which lists its causes.
 */
function isStaleWrite(error) {
    if (isConflict(error))
        return true;
    if (statusCode(error) !== 422)
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
    const code = statusCode(error);
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
function userErrorOr(what, error) {
    const code = statusCode(error);
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
const testResourceVersion = (resourceVersion) => ({ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion });

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
        this.log = options.log ?? ((message) => lib_core/* info */.pq(message));
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
            throw userErrorOr(what, error);
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
                return await this.call(`patch ${what}`, () => patch([testResourceVersion(current.metadata.resourceVersion), ...operations]));
            }
            catch (error) {
                if (!isStaleWrite(error))
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
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
        lib_core/* saveState */.LZ(kubeconfig_file/* KUBECONFIG_FILE_STATE */.H, loaded.file);
}

;// CONCATENATED MODULE: ./src/lib/kube/revisions.ts
const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
function revisionOf(object) {
    const value = object.metadata?.annotations?.[REVISION_ANNOTATION];
    if (value === undefined)
        return undefined;
    const revision = Number(value);
    return Number.isInteger(revision) && revision >= 0 ? revision : undefined;
}
/** `app=web,tier in (a,b)`: a structured selector as a labelSelector query value. */
function selectorToString(selector) {
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
function isControlledBy(object, owner) {
    const uid = owner.metadata?.uid;
    return uid !== undefined && (object.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === uid);
}
function ownedReplicaSets(deployment, replicaSets) {
    return replicaSets.filter((rs) => isControlledBy(rs, deployment));
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
function withoutHash(template) {
    const copy = structuredClone(template);
    if (copy.metadata?.labels) {
        delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    }
    return copy;
}
function normalised(template) {
    const copy = withoutHash(template ?? {});
    if (copy.metadata?.labels && Object.keys(copy.metadata.labels).length === 0)
        delete copy.metadata.labels;
    return canonical(copy);
}
/** EqualIgnoreHash: pod templates equal apart from the pod-template-hash label. */
function equalIgnoreHash(a, b) {
    return normalised(a) === normalised(b);
}
const created = (rs) => new Date(rs.metadata?.creationTimestamp ?? 0).getTime();
/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
function findNewReplicaSet(deployment, owned) {
    return [...owned].sort((a, b) => created(a) - created(b)).find((rs) => equalIgnoreHash(rs.spec?.template, deployment.spec?.template));
}
/** `kubectl rollout history`: one entry per ReplicaSet with a revision, oldest first. */
function revisionHistory(owned) {
    return owned
        .flatMap((rs) => {
        const revision = revisionOf(rs);
        if (revision === undefined)
            return [];
        const cause = rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
        return [{ revision, replicaSet: rs, images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''), ...(cause ? { changeCause: cause } : {}) }];
    })
        .sort((a, b) => a.revision - b.revision);
}
const imagesOf = (template) => (template?.spec?.containers ?? []).map((c) => c.image ?? '');

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

;// CONCATENATED MODULE: ./src/lib/kube/rollout-status.ts

const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';
function deploymentRolloutStatus(deployment, options = {}) {
    const name = deployment.metadata?.name ?? '';
    if (options.revision !== undefined && options.revision > 0) {
        const current = revisionOf(deployment);
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
    const wait = options.sleep ?? sleep;
    const log = options.log ?? (() => { });
    const stats = { reconnects: 0, relists: 0 };
    let stopped = false;
    let current;
    let wake;
    const once = (resourceVersion, onProgress) => new Promise((resolve) => {
        let outcome;
        const watcher = new dist/* Watch */.ox1(options.kc);
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











// EXTERNAL MODULE: ./src/lib/metrics/condition.ts
var condition = __webpack_require__(5252);
;// CONCATENATED MODULE: ./src/lib/metrics/presets.ts
const POD = 'namespace="{{namespace}}",pod=~"{{pods}}"';
const PRESETS = {
    'error-rate': {
        description: 'share of 5xx responses over 1m; healthy below 5% and at most 1.5x stable (+0.5% so an error-free stable does not fail on one error)',
        query: `sum(rate(http_requests_total{${POD},code=~"5.."}[1m])) / sum(rate(http_requests_total{${POD}}[1m]))`,
        thresholds: [
            { operator: '<', factor: 0, offset: 0.05 },
            { operator: '<=', factor: 1.5, offset: 0.005 }
        ]
    },
    'latency-p99': {
        description: 'p99 request duration in seconds over 1m; healthy below 0.5 s',
        query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${POD}}[1m])))`,
        thresholds: [{ operator: '<', factor: 0, offset: 0.5 }]
    },
    cpu: {
        description: 'CPU seconds per second per pod over 1m; healthy at most 1.5x stable',
        query: `avg(sum by (pod) (rate(container_cpu_usage_seconds_total{${POD},container!=""}[1m])))`,
        thresholds: [{ operator: '<=', factor: 1.5, offset: 0 }]
    }
};
/** canary-deploy's `metrics`: relative thresholds, presets, and queries with {{canary}}, {{stable}}, {{pods}} and {{namespace}}. */
const CANARY = { relative: true, presets: PRESETS, placeholders: ['canary', 'stable', 'pods', 'namespace'] };

// EXTERNAL MODULE: ./src/lib/metrics/verdict.ts
var verdict = __webpack_require__(1784);
;// CONCATENATED MODULE: ./src/lib/metrics/evaluate.ts

function evaluateCondition(condition, result, noData) {
    const judged = (0,verdict/* judgeMetric */.mg)(condition, result);
    const base = { name: condition.name, query: condition.query, condition: judged.condition };
    if (judged.verdict === 'no-data')
        return { ...base, outcome: noData === 'fail' ? 'fail' : noData === 'pass' ? 'pass' : 'ignored', noData: judged.detail };
    return { ...base, outcome: judged.verdict, value: judged.value, ...(judged.labels ? { labels: judged.labels } : {}) };
}

// EXTERNAL MODULE: ./src/lib/metrics/prometheus.ts
var prometheus = __webpack_require__(625);
// EXTERNAL MODULE: ./src/lib/metrics/prometheus-auth.ts
var prometheus_auth = __webpack_require__(3400);
// EXTERNAL MODULE: ./src/lib/metrics/datadog.ts
var datadog = __webpack_require__(1875);
// EXTERNAL MODULE: ./src/lib/metrics/source.ts
var source = __webpack_require__(4692);
// EXTERNAL MODULE: ./src/lib/metrics/web.ts
var web = __webpack_require__(6103);
;// CONCATENATED MODULE: ./src/lib/metrics/index.ts
/** The metrics model shared by health-rollback and canary-deploy: conditions, presets, verdicts and the sources queried. */










// EXTERNAL MODULE: ./src/lib/probes/index.ts + 6 modules
var probes = __webpack_require__(7096);
;// CONCATENATED MODULE: ./src/health-rollback/checks.ts
/**
 * The health checks after the rollout: `probes` rounds, `probe-interval` apart (start to start). Each round
 * requests every URL and runs every metric query concurrently; a check that fails `failure-threshold` rounds in a
 * row makes the version unhealthy and ends the checks at once, so the rollback starts within the round that
 * decided it. A pod of the current version entering a terminal state between rounds decides it too.
 */


async function runChecks(plan, hooks) {
    const { clock, timeline } = hooks;
    let streaks = (0,probes/* emptyStreaks */.jP)();
    const lastReason = {};
    const firstFailure = {};
    const everMeasured = new Set();
    for (let round = 1; round <= plan.rounds; round++) {
        const started = clock.now();
        const realStart = performance.now();
        const probeResults = await Promise.all(plan.urls.map((url) => (0,probes/* httpProbe */.HB)(url, { headers: plan.headers, timeoutMs: plan.timeoutMs, now: () => clock.now() })));
        const metricResults = plan.metricsClient
            ? await Promise.all(plan.metrics.map(async (m) => evaluateCondition(m, await plan.metricsClient.query(m.query), plan.noData)))
            : [];
        const outcomes = [];
        for (const observation of probeResults) {
            const verdict = (0,probes/* judgeProbe */.ih)(observation, plan.expectations);
            timeline.add({ kind: 'probe', round, url: observation.url, ...(observation.status !== undefined ? { status: observation.status } : {}), latencyMs: observation.latencyMs, ok: verdict.ok, reasons: verdict.reasons });
            hooks.log(`probe ${round}/${plan.rounds} ${observation.url}: ${verdict.ok ? 'ok' : verdict.reasons.join('; ')} (${Math.round(observation.latencyMs)} ms)`);
            outcomes.push({ key: `probe ${observation.url}`, outcome: verdict.ok ? 'pass' : 'fail', reason: `${observation.url}: ${verdict.reasons.join('; ')}` });
        }
        for (const m of metricResults) {
            timeline.add({ kind: 'metric', round, ...m });
            const shown = m.value !== undefined ? `${m.value} (healthy when ${m.condition})` : `no data: ${m.noData} (no-data: ${plan.noData})`;
            hooks.log(`metric ${round}/${plan.rounds} ${m.name}: ${shown} → ${m.outcome}`);
            if (m.outcome !== 'ignored')
                everMeasured.add(m.name);
            const reason = m.value !== undefined ? `metric ${m.name} = ${formatValue(m.value)}, healthy when ${m.condition}` : `metric ${m.name} has no data (${m.noData}) and no-data is 'fail'`;
            outcomes.push({ key: `metric ${m.name}`, outcome: m.outcome, reason });
        }
        for (const { key, outcome, reason } of outcomes) {
            if (outcome === 'fail') {
                lastReason[key] = reason;
                if ((streaks.streaks[key] ?? 0) === 0)
                    firstFailure[key] = started;
            }
            streaks = (0,probes/* recordOutcome */.Up)(streaks, key, outcome, plan.failureThreshold);
        }
        if (streaks.tripped) {
            const key = streaks.tripped.key;
            const times = plan.failureThreshold === 1 ? '' : ` (${plan.failureThreshold} failures in a row)`;
            return { healthy: false, rounds: round, check: key, reason: `${lastReason[key]}${times}`, firstFailureAt: firstFailure[key] ?? started, decidedAt: clock.now() };
        }
        const podFailure = await hooks.podFailure?.();
        if (podFailure)
            return { healthy: false, rounds: round, check: 'pods', reason: podFailure, firstFailureAt: clock.now(), decidedAt: clock.now() };
        if (round < plan.rounds)
            await clock.sleep(Math.max(0, plan.intervalMs - (performance.now() - realStart)));
    }
    const ignoredMetrics = plan.metrics.map((m) => m.name).filter((name) => !everMeasured.has(name));
    return { healthy: true, rounds: plan.rounds, ignoredMetrics };
}
const formatValue = (value) => (Number.isInteger(value) ? String(value) : Number(value.toPrecision(4)).toString());

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

;// CONCATENATED MODULE: ./src/health-rollback/rollout-verdict.ts


/** The ReplicaSet that matches the Deployment's current template. */
function currentReplicaSet(snapshot) {
    return findNewReplicaSet(snapshot.deployment, ownedReplicaSets(snapshot.deployment, snapshot.replicaSets));
}
/** The pods of the ReplicaSet that matches the Deployment's current template. */
function currentPods(snapshot) {
    const current = currentReplicaSet(snapshot);
    return current ? podsOf(current, snapshot.pods) : [];
}
function terminal(problems, maxRestarts, now) {
    return problems.find((p) => isTerminalProblem(p, maxRestarts, now));
}
function describeProblem(p) {
    const restarts = p.restartCount > 0 ? `, ${p.restartCount} restart${p.restartCount === 1 ? '' : 's'}` : '';
    return `pod ${p.pod} container ${p.container}: ${p.reason}${restarts}${p.message ? ` (${p.message})` : ''}`;
}
/**
 * The deployment controller names the ReplicaSet that timed out ("ReplicaSet \"web-abc\" has timed out progressing.",
 * pkg/controller/deployment/progress.go). Right after a template change back to an older ReplicaSet (a redeploy of a
 * previous version, or an undo) the first sync keeps the previous rollout's condition: it names another ReplicaSet
 * than the current one, and is not a verdict on this rollout.
 */
function staleDeadline(snapshot) {
    const progressing = (snapshot.deployment.status?.conditions ?? []).find((c) => c.type === 'Progressing');
    const named = /^ReplicaSet "([^"]+)" has timed out progressing/.exec(progressing?.message ?? '')?.[1];
    const current = findNewReplicaSet(snapshot.deployment, ownedReplicaSets(snapshot.deployment, snapshot.replicaSets))?.metadata?.name;
    return named !== undefined && current !== undefined && named !== current ? `ReplicaSet "${named}"` : undefined;
}
/** `now` (ms) lets an unschedulable pod count once it has been so for the grace period; without it, it never does. */
function judgeDeployRollout(snapshot, maxRestarts, now) {
    const pods = currentPods(snapshot);
    const problems = managedProblems(containerProblems(pods), snapshot.deployment.spec?.template);
    const observed = (snapshot.deployment.status?.observedGeneration ?? 0) >= (snapshot.deployment.metadata?.generation ?? 0);
    const bad = observed ? terminal(problems, maxRestarts, now) : undefined;
    if (bad)
        return { state: 'failed', reason: bad.reason, message: describeProblem(bad), problems };
    const unplaced = observed ? placementProblem(currentReplicaSet(snapshot), pods, now) : undefined;
    if (unplaced)
        return { state: 'failed', reason: unplaced.reason, message: unplaced.message, problems };
    const status = deploymentRolloutStatus(snapshot.deployment);
    if (status.state === 'deadline-exceeded') {
        const stale = staleDeadline(snapshot);
        if (stale)
            return { state: 'waiting', message: `ignoring the ProgressDeadlineExceeded of ${stale}, an earlier rollout; waiting for the controller to judge the current one`, problems };
        return { state: 'failed', reason: 'ProgressDeadlineExceeded', message: status.message, problems };
    }
    if (status.state === 'complete')
        return { state: 'complete', message: status.message, problems };
    if (observed && snapshot.deployment.spec?.paused) {
        const name = snapshot.deployment.metadata?.name ?? '';
        return { state: 'failed', reason: 'DeploymentPaused', message: `deployment "${name}" is paused with its rollout unfinished (${status.message}); it will not progress until resumed`, problems };
    }
    return { state: 'waiting', message: status.message, problems };
}
function judgeRestore(snapshot, expect, maxRestarts) {
    const d = snapshot.deployment;
    const name = d.metadata?.name ?? '';
    const status = d.status ?? {};
    const pods = currentPods(snapshot);
    const problems = managedProblems(containerProblems(pods), d.spec?.template);
    const templateImages = imagesOf(d.spec?.template);
    if (templateImages.join(',') !== expect.images.join(',')) {
        return { state: 'failed', reason: 'TemplateChanged', message: `deployment "${name}" now has image ${templateImages.join(', ')}, not the restored ${expect.images.join(', ')}: something else changed it during the rollback`, problems };
    }
    if ((status.observedGeneration ?? 0) < expect.generation)
        return { state: 'waiting', message: 'Waiting for the rollback to be observed by the deployment controller...', problems };
    const bad = terminal(problems, maxRestarts);
    if (bad)
        return { state: 'failed', reason: bad.reason, message: `the restored version is failing too: ${describeProblem(bad)}`, problems };
    const desired = d.spec?.replicas ?? 1;
    const updated = status.updatedReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    if (updated < desired || replicas > updated || available < desired) {
        return { state: 'waiting', message: `Waiting for the rollback: ${updated} of ${desired} replicas updated, ${available} available, ${Math.max(0, replicas - updated)} old pending termination`, problems };
    }
    const ready = pods.filter(isReadyPod);
    // Compared container by container as the template names them: an injected sidecar is not part of the version.
    const wrong = ready.filter((p) => managedImages(p, d.spec?.template).join(',') !== expect.images.join(','));
    if (ready.length < desired || wrong.length > 0) {
        return { state: 'waiting', message: `Waiting for the rollback: ${ready.length - wrong.length} of ${desired} pods run ${expect.images.join(', ')}`, problems };
    }
    return { state: 'complete', message: `deployment "${name}" runs ${expect.images.join(', ')} on ${ready.length} ready pod${ready.length === 1 ? '' : 's'}`, problems };
}
/**
 * Pods the Deployment's selector matches outside its current ReplicaSet (the version replaced, also when its
 * ReplicaSet is already deleted, as revisionHistoryLimit 0 does) whose containers still run.
 */
function replacedServing(snapshot) {
    const current = currentReplicaSet(snapshot);
    const replaced = current ? snapshot.pods.filter((pod) => podsOf(current, [pod]).length === 0) : snapshot.pods;
    return replaced.filter((pod) => isServing(pod, snapshot.deployment.spec?.template));
}
/** After a restore: complete once no pod of the replaced version is serving (replacedServing), else waiting. */
function judgeReplacedStopped(snapshot) {
    const serving = replacedServing(snapshot);
    if (serving.length === 0)
        return { state: 'complete', message: 'no pod of the replaced version is serving any more', problems: [] };
    const names = serving.map((p) => `${p.metadata?.name ?? ''}${isTerminating(p) ? ' (terminating)' : ''}`);
    return { state: 'waiting', message: `${serving.length} pod${serving.length === 1 ? '' : 's'} of the replaced version still serving: ${names.join(', ')}`, problems: [] };
}

;// CONCATENATED MODULE: ./src/health-rollback/check-health.ts
/**
 * The health-check phase on a finished rollout: the probes and metric queries the inputs ask for, ended early by a
 * pod of the current version entering a terminal state between rounds.
 */




/** Whether the inputs ask for any check (without, the rollout alone decides). */
const hasChecks = (inputs) => inputs.healthUrls.length > 0 || inputs.metrics.length > 0;
async function checkHealth(ctx) {
    const { inputs, clock, timeline, log, target } = ctx;
    const checks = await runChecks(checkPlan(inputs), { clock, timeline, log, ...(target ? { podFailure: () => podFailure(ctx, target) } : {}) });
    if (!checks.healthy)
        ctx.marks.firstFailureAt = checks.firstFailureAt;
    else if (checks.ignoredMetrics.length > 0) {
        timeline.add({ kind: 'note', level: 'warning', message: `no data for ${checks.ignoredMetrics.join(', ')} in any round (no-data: ignore): judged on the other checks only` });
    }
    return checks;
}
function checkPlan(inputs) {
    return {
        urls: inputs.healthUrls,
        expectations: inputs.expectations,
        headers: inputs.probeHeaders,
        timeoutMs: inputs.probeTimeoutMs,
        metrics: inputs.metrics,
        ...(inputs.metricsSource ? { metricsClient: (0,source/* createMetricsClient */.hO)(inputs.metricsSource, inputs.probeTimeoutMs) } : {}),
        noData: inputs.noData,
        rounds: inputs.probes,
        intervalMs: inputs.probeIntervalMs,
        failureThreshold: inputs.failureThreshold
    };
}
/** A reason when a pod of the current version is in a terminal state (reported with its logs), else undefined. */
async function podFailure(ctx, target) {
    const snapshot = await target.snapshot().catch(() => undefined);
    if (!snapshot)
        return undefined;
    const problems = managedProblems(containerProblems(currentPods(snapshot)), snapshot.deployment.spec?.template);
    const bad = problems.find((p) => isTerminalProblem(p, ctx.inputs.maxRestarts, ctx.clock.now()));
    if (!bad)
        return undefined;
    await ctx.pods.report(problems);
    return describeProblem(bad);
}

;// CONCATENATED MODULE: ./src/health-rollback/clock.ts
/** Time as a run sees it: real time on a runner; an in-process caller of healthRollback may pass another clock. */

const realClock = { now: () => Date.now(), sleep: sleep };

;// CONCATENATED MODULE: ./src/health-rollback/conclusion.ts
/** The version under test, as the baseline recorded it. */
function versionUnderTest(baseline) {
    if (!baseline)
        return { images: [] };
    const { fromRevision, fromImages } = baseline.ok ? baseline.knownGood : baseline;
    return { ...(fromRevision !== undefined ? { revision: fromRevision } : {}), images: fromImages };
}
const fromFields = (from) => ({ ...(from.revision !== undefined ? { fromRevision: from.revision } : {}), fromImages: from.images });
const toFields = (to) => ({ ...(to.revision !== undefined ? { toRevision: to.revision } : {}), toImages: to.images });
/** The version under test in a sentence; `label` names the target when nothing else is known. */
function describe(from, label) {
    if (from.revision !== undefined)
        return `revision ${from.revision} (${from.images.join(', ')})`;
    return from.images.length > 0 ? from.images.join(', ') : label;
}
function healthyConclusion(from, checks, deployment) {
    const how = checks ? `${checks.rounds} round${checks.rounds === 1 ? '' : 's'} of checks passed` : 'the rollout finished';
    return { healthy: true, rolledBack: false, reason: `healthy: ${deployment ? 'the rollout finished and ' : ''}${how}`, ...fromFields(from), toImages: [] };
}
/** The workload could not be read, or (a StatefulSet's or DaemonSet's OnDelete strategy) has no rollout to judge. */
function cannotReadConclusion(deployment, namespace, message, kind = 'Deployment') {
    const what = `${kind.toLowerCase()} "${deployment}"`;
    return {
        healthy: false,
        rolledBack: false,
        reason: `cannot read ${what}: ${message}`,
        fromImages: [],
        toImages: [],
        failure: `health-rollback could not read ${what} in namespace "${namespace}": ${message}`
    };
}
/** Unhealthy, and no rollback: it is off, or refused (`why`). */
function notRolledBackConclusion(from, label, unhealthy, why) {
    return { healthy: false, rolledBack: false, reason: unhealthy, ...fromFields(from), toImages: [], failure: `${describe(from, label)} is unhealthy because ${unhealthy}; not rolled back: ${why}` };
}
/** Unhealthy, and a rollback was attempted: restored, or not (the outcome says why). */
function rollbackConclusion(from, label, unhealthy, decision, outcome) {
    const to = decision.action === 'undo' ? { revision: decision.toRevision, images: decision.images } : { images: [] };
    const versions = { ...fromFields(from), ...toFields(to) };
    if (!outcome.ok)
        return { healthy: false, rolledBack: false, reason: unhealthy, ...versions, failure: `${describe(from, label)} is unhealthy because ${unhealthy}; ${outcome.message}` };
    const toText = decision.action === 'undo' ? `revision ${decision.toRevision} (${decision.images.join(', ')})` : 'the previous version (rollback-command)';
    return { healthy: false, rolledBack: true, reason: unhealthy, ...versions, failure: `rolled back from ${describe(from, label)} to ${toText} because ${unhealthy}` };
}

;// CONCATENATED MODULE: ./src/health-rollback/cluster.ts

const LOG_GONE = /^unable to retrieve container logs for /;
class DeploymentTarget {
    client;
    namespace;
    name;
    constructor(client, namespace, name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }
    async snapshot() {
        const deployment = await this.client.getDeployment(this.namespace, this.name);
        const selector = selectorToString(deployment.spec?.selector);
        const [replicaSets, pods] = await Promise.all([this.client.listReplicaSets(this.namespace, selector), this.client.listPods(this.namespace, selector)]);
        return { deployment, replicaSets, pods };
    }
    /** The last log lines of a failing container (of its previous run when it has restarted). */
    async lastLogLines(problem, lines) {
        if (lines === 0)
            return [];
        const read = async (previous) => {
            const text = await this.client.readPodLog(this.namespace, problem.pod, { container: problem.container, tailLines: lines, ...(previous ? { previous } : {}) });
            // The kubelet answers 200 with this sentence when the container's log file is already gone (a restart races
            // the read): not the container's words, so the other run's log is tried instead.
            if (LOG_GONE.test(text))
                throw new Error(text);
            return text;
        };
        try {
            const text = problem.restartCount > 0 ? await read(true).catch(() => read(false)) : await read(false).catch(() => read(true));
            return text.split('\n').filter((line) => line !== '').slice(-lines);
        }
        catch {
            return [];
        }
    }
    /** Wakes `onChange` on every change of the Deployment or its pods until stopped. */
    watchChanges(deployment, onChange, log) {
        const kc = this.client.kc;
        const ns = this.namespace;
        const selector = selectorToString(deployment.spec?.selector);
        const quiet = { attempts: 1_000_000, baseDelayMs: 200, maxDelayMs: 5000 };
        const watches = [
            watchWithResume({
                kc,
                path: `/apis/apps/v1/namespaces/${ns}/deployments`,
                query: { fieldSelector: `metadata.name=${this.name}` },
                list: async () => {
                    const list = await this.client.call('list deployments', () => this.client.apps.listNamespacedDeployment({ namespace: ns, fieldSelector: `metadata.name=${this.name}` }));
                    return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
                },
                onEvent: onChange,
                retry: quiet,
                log
            }),
            watchWithResume({
                kc,
                path: `/api/v1/namespaces/${ns}/pods`,
                query: { labelSelector: selector },
                list: async () => {
                    const list = await this.client.call('list pods', () => this.client.core.listNamespacedPod({ namespace: ns, labelSelector: selector }));
                    return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
                },
                onEvent: onChange,
                retry: quiet,
                log
            })
        ];
        // A watch that gives up only costs promptness: the poll still runs.
        for (const watch of watches)
            watch.done.catch((error) => log(`watch stopped: ${error instanceof Error ? error.message : String(error)}`));
        return () => watches.forEach((w) => w.stop());
    }
}
async function waitFor(target, options) {
    const deadline = options.clock.now() + options.timeoutMs;
    let snapshot = await target.snapshot();
    let wake;
    let changed = false;
    const stop = target.watchChanges(snapshot.deployment, () => {
        changed = true;
        wake?.();
    }, options.log);
    try {
        for (;;) {
            const verdict = options.judge(snapshot);
            options.onVerdict?.(verdict, snapshot);
            if (verdict.state !== 'waiting')
                return { verdict, snapshot };
            const left = deadline - options.clock.now();
            if (left <= 0)
                return { verdict: { state: 'timeout', message: `${verdict.message} (still waiting after ${Math.round(options.timeoutMs / 1000)} s)` }, snapshot };
            if (!changed) {
                await Promise.race([options.clock.sleep(Math.min(options.pollMs, left)), new Promise((resolve) => (wake = resolve))]);
            }
            wake = undefined;
            changed = false;
            snapshot = await target.snapshot();
        }
    }
    finally {
        stop();
    }
}

;// CONCATENATED MODULE: ./src/health-rollback/pod-reports.ts
/**
 * Failing pods in the timeline, with their last log lines: each pod, container and reason once, and a few pods at
 * most.
 */

const MAX_REPORTED_PODS = 5;
class PodReports {
    timeline;
    target;
    options;
    reported = new Set();
    constructor(timeline, target, options) {
        this.timeline = timeline;
        this.target = target;
        this.options = options;
    }
    /** Adds the terminal (or crash-looping) problems not reported yet. */
    async report(problems) {
        for (const p of problems.filter((x) => isTerminalProblem(x, this.options.maxRestarts) || x.reason === 'CrashLoopBackOff')) {
            const key = `${p.pod}/${p.container}/${p.reason}`;
            // A few pods tell the story; reading every log of a 100-replica crash loop would only delay the rollback.
            if (this.reported.has(key) || !this.target || this.reported.size >= MAX_REPORTED_PODS)
                continue;
            this.reported.add(key);
            const logs = await this.target.lastLogLines(p, this.options.logLines);
            this.timeline.add({ kind: 'pod', pod: p.pod, container: p.container, reason: p.reason, restarts: p.restartCount, ...(p.message ? { message: p.message } : {}), logs });
        }
    }
}

;// CONCATENATED MODULE: ./src/health-rollback/timeline.ts
class Timeline {
    now;
    events = [];
    start;
    constructor(now) {
        this.now = now;
        this.start = now();
    }
    add(event) {
        const full = { ...event, at: this.now() };
        this.events.push(full);
        return full;
    }
    /** The last rollout event of a phase with the same message is not repeated (polls often read the same state). */
    /** Returns false when the state repeats the last one of its phase (and nothing was added). */
    rollout(phase, state, message) {
        const last = [...this.events].reverse().find((e) => e.kind === 'rollout' && e.phase === phase);
        if (last && last.kind === 'rollout' && last.message === message && last.state === state)
            return false;
        this.add({ kind: 'rollout', phase, state, message });
        return true;
    }
}

;// CONCATENATED MODULE: ./src/lib/kube/controller-revisions.ts




/** The label the controllers put on ControllerRevisions and pods: a pod's says which revision it runs. */
const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
const templateOfData = (data) => {
    const template = data?.spec?.template ?? {};
    const { $patch: _directive, ...rest } = template;
    return rest;
};
const imagesOfTemplate = (template) => (template?.spec?.containers ?? []).map((c) => c.image ?? '');
/** `kubectl rollout history`: the workload's own ControllerRevisions, lowest revision first. */
function workloadHistory(workload, revisions) {
    return revisions
        .filter((r) => isControlledBy(r, workload))
        .map((r) => {
        const template = templateOfData(r.data);
        return { revision: r.revision, name: r.metadata?.name ?? '', template, images: imagesOfTemplate(template), controllerRevision: r };
    })
        .sort((a, b) => a.revision - b.revision);
}
/** JSON with keys sorted, and null, undefined, {} and [] left out (as Go's omitempty encodes them: absent). */
function controller_revisions_canonical(value) {
    if (value === null || value === undefined)
        return undefined;
    if (value instanceof Date)
        return JSON.stringify(value.toISOString().replace('.000Z', 'Z'));
    if (Array.isArray(value)) {
        if (value.length === 0)
            return undefined;
        return `[${value.map((v) => controller_revisions_canonical(v) ?? 'null').join(',')}]`;
    }
    if (typeof value === 'object') {
        const record = value;
        const parts = Object.keys(record)
            .filter((key) => key !== '$patch')
            .sort()
            .flatMap((key) => {
            const inner = controller_revisions_canonical(record[key]);
            return inner === undefined ? [] : [`${JSON.stringify(key)}:${inner}`];
        });
        return parts.length === 0 ? undefined : `{${parts.join(',')}}`;
    }
    return JSON.stringify(value);
}
/** Pod templates equal field by field (client-node's models use the wire names for pod templates). */
function sameTemplate(a, b) {
    const wire = (t) => controller_revisions_canonical(JSON.parse(JSON.stringify(t ?? {}))) ?? '';
    return wire(a) === wire(b);
}
/** The revision the workload's current template is (the highest such), if the controller has recorded it yet. */
function currentRevision(workload, history) {
    return [...history].reverse().find((r) => sameTemplate(r.template, workload.spec?.template));
}
/** Does this pod run this revision (a StatefulSet's pods carry the revision's name, a DaemonSet's its hash label)? */
function podRunsRevision(pod, revision) {
    const hash = pod.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];
    return hash !== undefined && (hash === revision.name || hash === revision.controllerRevision.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL]);
}
/** The decision of `rollout undo statefulset|daemonset/NAME [--to-revision=N]` on data already read: pure. */
function planWorkloadUndo(workload, revisions, toRevision = 0) {
    const notFound = () => new UndoRefused('revision-not-found', `unable to find specified revision ${toRevision} in history`);
    if (toRevision < 0)
        throw notFound();
    const history = workloadHistory(workload, revisions);
    if (toRevision === 0 && history.length <= 1)
        throw new UndoRefused('no-history', 'no last revision to roll back to');
    const target = toRevision === 0 ? history[history.length - 2] : history.find((r) => r.revision === toRevision);
    if (!target)
        throw notFound();
    if (sameTemplate(target.template, workload.spec?.template)) {
        return { action: 'skip', toRevision: target.revision, target, message: `skipped rollback (current template already matches revision ${target.revision})` };
    }
    return {
        action: 'patch',
        toRevision: target.revision,
        target,
        fromImages: imagesOfTemplate(workload.spec?.template),
        toImages: target.images,
        // Sent as the controller recorded it; a JSON round trip turns client-node's object into plain JSON.
        patch: JSON.parse(JSON.stringify(target.controllerRevision.data))
    };
}
// ---- reads and the undo write (apps/v1), through the client's retries and deadlines ----
function getWorkload(client, kind, namespace, name) {
    return kind === 'StatefulSet'
        ? client.call(`get statefulset ${namespace}/${name}`, () => client.apps.readNamespacedStatefulSet({ name, namespace }))
        : client.call(`get daemonset ${namespace}/${name}`, () => client.apps.readNamespacedDaemonSet({ name, namespace }));
}
async function listControllerRevisions(client, namespace, labelSelector) {
    const list = await client.call(`list controllerrevisions in ${namespace}`, () => client.apps.listNamespacedControllerRevision({ namespace, ...(labelSelector ? { labelSelector } : {}) }));
    return list.items;
}
function patchWorkload(client, kind, namespace, name, patch) {
    const options = patchOptions('strategic');
    return kind === 'StatefulSet'
        ? client.call(`patch statefulset ${namespace}/${name}`, () => client.apps.patchNamespacedStatefulSet({ name, namespace, body: patch }, options))
        : client.call(`patch daemonset ${namespace}/${name}`, () => client.apps.patchNamespacedDaemonSet({ name, namespace, body: patch }, options));
}
/**
 * Reads the workload and its history, plans, and sends the undo patch behind the resourceVersion read (transient
 * failures resend it). When the workload changed in between (409), it is read again: already at the target template,
 * done; at another template than the one judged (someone deployed meanwhile), refused and left as it is; otherwise
 * (status, labels, annotations changed) the same patch is sent behind the new resourceVersion. The plan is never
 * recomputed: once the undo has landed, the "previous revision" is the bad one.
 */
async function workloadRolloutUndo(client, kind, namespace, name, options = {}) {
    const workload = await getWorkload(client, kind, namespace, name);
    const revisions = await listControllerRevisions(client, namespace, selectorToString(workload.spec?.selector));
    const plan = planWorkloadUndo(workload, revisions, options.toRevision ?? 0);
    if (plan.action === 'skip')
        return { plan, workload };
    const attempts = options.attempts ?? 10;
    let read = workload;
    for (let attempt = 1;; attempt++) {
        try {
            return { plan, workload: await patchWorkload(client, kind, namespace, name, behindResourceVersion(plan.patch, read.metadata.resourceVersion)) };
        }
        catch (error) {
            if (!isStaleWrite(error) || attempt >= attempts)
                throw error;
            const current = await getWorkload(client, kind, namespace, name);
            if (sameTemplate(current.spec?.template, plan.target.template))
                return { plan, workload: current };
            if (!sameTemplate(current.spec?.template, workload.spec?.template)) {
                throw new UndoRefused('changed', `${kind.toLowerCase()} "${name}" was changed by another writer while it was being rolled back: it now runs ${imagesOfTemplate(current.spec?.template).join(', ')}, not the ${plan.fromImages.join(', ')} that was judged, so it is left as it is`);
            }
            read = current;
        }
    }
}
/** A strategic merge patch that sets metadata.resourceVersion is refused with 409 unless the object is still at it. */
function behindResourceVersion(patch, resourceVersion) {
    const { metadata, ...rest } = patch;
    return { ...rest, metadata: { ...metadata, resourceVersion } };
}

;// CONCATENATED MODULE: ./src/health-rollback/workload-target.ts



const PLURAL = { StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' };
class WorkloadTarget {
    client;
    kind;
    namespace;
    name;
    /** Reads logs the same way for every kind. */
    logs;
    constructor(client, kind, namespace, name) {
        this.client = client;
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.logs = new DeploymentTarget(client, namespace, name);
    }
    /** `statefulset/db`, as kubectl names it. */
    get ref() {
        return `${this.kind.toLowerCase()}/${this.name}`;
    }
    async snapshot() {
        const workload = await getWorkload(this.client, this.kind, this.namespace, this.name);
        const selector = selectorToString(workload.spec?.selector);
        const [revisions, pods] = await Promise.all([listControllerRevisions(this.client, this.namespace, selector), this.client.listPods(this.namespace, selector)]);
        return { kind: this.kind, workload, revisions, pods };
    }
    lastLogLines(problem, lines) {
        return this.logs.lastLogLines(problem, lines);
    }
    /** Deletes a pod as `kubectl delete pod` does (its grace period); one already gone is not an error. */
    async deletePod(pod) {
        const name = pod.metadata?.name ?? '';
        const uid = pod.metadata?.uid;
        await this.client
            // The UID precondition: never the pod the controller has already made anew under the same name.
            .call(`delete pod ${this.namespace}/${name}`, () => this.client.core.deleteNamespacedPod({ name, namespace: this.namespace, ...(uid ? { body: { preconditions: { uid } } } : {}) }))
            .catch((error) => {
            // Gone already, or a new pod under the same name (the UID precondition failed): nothing to delete.
            if (isNotFound(error) || isConflict(error))
                return;
            throw error;
        });
    }
    /** Wakes `onChange` on every change of the workload or its pods until stopped. */
    watchChanges(workload, onChange, log) {
        const kc = this.client.kc;
        const ns = this.namespace;
        const selector = selectorToString(workload.spec?.selector);
        const quiet = { attempts: 1_000_000, baseDelayMs: 200, maxDelayMs: 5000 };
        const fieldSelector = `metadata.name=${this.name}`;
        const listWorkloads = async () => {
            const list = this.kind === 'StatefulSet'
                ? await this.client.call('list statefulsets', () => this.client.apps.listNamespacedStatefulSet({ namespace: ns, fieldSelector }))
                : await this.client.call('list daemonsets', () => this.client.apps.listNamespacedDaemonSet({ namespace: ns, fieldSelector }));
            return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
        };
        const watches = [
            watchWithResume({ kc, path: `/apis/apps/v1/namespaces/${ns}/${PLURAL[this.kind]}`, query: { fieldSelector }, list: listWorkloads, onEvent: onChange, retry: quiet, log }),
            watchWithResume({
                kc,
                path: `/api/v1/namespaces/${ns}/pods`,
                query: { labelSelector: selector },
                list: async () => {
                    const list = await this.client.call('list pods', () => this.client.core.listNamespacedPod({ namespace: ns, labelSelector: selector }));
                    return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
                },
                onEvent: onChange,
                retry: quiet,
                log
            })
        ];
        for (const watch of watches)
            watch.done.catch((error) => log(`watch stopped: ${error instanceof Error ? error.message : String(error)}`));
        return () => watches.forEach((w) => w.stop());
    }
}
async function waitForWorkload(target, options) {
    const deadline = options.clock.now() + options.timeoutMs;
    let snapshot = await target.snapshot();
    let wake;
    let changed = false;
    const stop = target.watchChanges(snapshot.workload, () => {
        changed = true;
        wake?.();
    }, options.log);
    try {
        for (;;) {
            const verdict = options.judge(snapshot);
            await options.onVerdict?.(verdict, snapshot);
            if (verdict.state !== 'waiting')
                return { verdict, snapshot };
            const left = deadline - options.clock.now();
            if (left <= 0)
                return { verdict: { state: 'timeout', message: `${verdict.message} (still waiting after ${Math.round(options.timeoutMs / 1000)} s)` }, snapshot };
            if (!changed)
                await Promise.race([options.clock.sleep(Math.min(options.pollMs, left)), new Promise((resolve) => (wake = resolve))]);
            wake = undefined;
            changed = false;
            snapshot = await target.snapshot();
        }
    }
    finally {
        stop();
    }
}

;// CONCATENATED MODULE: ./src/health-rollback/context.ts
/**
 * What the phases of one run share (the inputs, time, the log, the timeline, the timing marks, the Deployment), how a
 * run starts (connected to the cluster when there is a Deployment), and how its result is put together.
 */





/** Starts the timeline, then loads the kubeconfig and names the Deployment (no request is made yet). */
function startRun(inputs, deps) {
    const { clock, log } = deps;
    const timeline = new Timeline(() => clock.now());
    let target;
    let workload;
    let kubeconfigFile;
    // With a rollback-command only, a kubeconfig given is still loaded: the command (helm, kubectl) gets it as KUBECONFIG.
    if (!inputs.deployment && inputs.kubeconfig) {
        const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context, env: inputs.kubeEnv });
        deps.onKubeconfig?.(loaded);
        kubeconfigFile = loaded.file;
    }
    if (inputs.deployment) {
        const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context, env: inputs.kubeEnv });
        deps.onKubeconfig?.(loaded);
        kubeconfigFile = loaded.file;
        // Each API request may take a third of rollout-timeout (at most 30 s), so a stalled one is retried within it.
        const client = new KubeClient(loaded.kc, { log, requestTimeoutMs: requestTimeoutFor(inputs.rolloutTimeoutMs), fieldManager: fieldManagerOf('health-rollback'), ...deps.kube });
        const namespace = resolveNamespace(loaded, inputs.namespace);
        if (inputs.kind === 'Deployment')
            target = new DeploymentTarget(client, namespace, inputs.deployment);
        else
            workload = new WorkloadTarget(client, inputs.kind, namespace, inputs.deployment);
    }
    return {
        inputs,
        clock,
        log,
        pollMs: deps.pollMs ?? 2000,
        timeline,
        marks: {},
        ...(target ? { target } : {}),
        ...(workload ? { workload } : {}),
        ...(kubeconfigFile ? { kubeconfigFile } : {}),
        pods: new PodReports(timeline, target ?? workload, { maxRestarts: inputs.maxRestarts, logLines: inputs.logLines }),
        label: inputs.deployment ? `${inputs.kind.toLowerCase()}/${inputs.deployment}` : (inputs.healthUrls[0] ?? 'target')
    };
}
/** The run's result: its conclusion, with the target's name, the times and everything the timeline recorded. */
function finish(ctx, conclusion) {
    return {
        target: ctx.target ? `${ctx.target.namespace}/${ctx.inputs.deployment}` : ctx.workload ? `${ctx.workload.namespace}/${ctx.workload.ref}` : ctx.label,
        startedAt: ctx.timeline.start,
        finishedAt: ctx.clock.now(),
        events: ctx.timeline.events,
        marks: ctx.marks,
        ...conclusion
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/github/event.ts
var github_event = __webpack_require__(6959);
;// CONCATENATED MODULE: ./src/health-rollback/github-deployment.ts
/**
 * GitHub Deployment statuses (https://docs.github.com/en/rest/deployments/statuses): `in_progress` while checking,
 * then `success`, or `failure` for an unhealthy version (rolled back or not). With `environment` and no
 * `deployment-id`, a Deployment of this commit to that environment is created first. A failed status update is a
 * warning: it never changes the verdict.
 */


class GithubDeploymentStatus {
    options;
    deploymentId;
    octokit;
    context;
    /** `run`: the workflow run, as the inputs read it (by default from this process's environment). */
    constructor(token, options) {
        this.options = options;
        this.context = options.run ?? (0,github_event/* readRunContext */.$p)();
        this.octokit = (0,github/* getOctokit */.Q)(token, { baseUrl: this.context.apiUrl });
        this.deploymentId = options.deploymentId;
    }
    get id() {
        return this.deploymentId;
    }
    async set(state, description) {
        const { owner, repo } = this.context.repository;
        try {
            if (this.deploymentId === undefined) {
                const created = await this.octokit.rest.repos.createDeployment({
                    owner,
                    repo,
                    ref: this.context.sha,
                    environment: this.options.environment,
                    auto_merge: false,
                    required_contexts: [],
                    description: 'health-rollback'
                });
                if (!('id' in created.data))
                    throw new Error(`GitHub did not create the deployment: ${JSON.stringify(created.data)}`);
                this.deploymentId = created.data.id;
            }
            await this.octokit.rest.repos.createDeploymentStatus({
                owner,
                repo,
                deployment_id: this.deploymentId,
                state,
                description: description.length > 140 ? `${description.slice(0, 137)}...` : description,
                log_url: (0,github_event/* runUrl */.Vp)(this.context),
                ...(this.options.environment ? { environment: this.options.environment } : {}),
                auto_inactive: state === 'success'
            });
        }
        catch (error) {
            this.options.warn(`could not set the GitHub Deployment status to ${state}: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
}

// EXTERNAL MODULE: ./src/health-rollback/inputs.ts + 4 modules
var health_rollback_inputs = __webpack_require__(1294);
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

;// CONCATENATED MODULE: ./src/health-rollback/result.ts
function outputsOf(result, reportFile) {
    return {
        healthy: String(result.healthy),
        'rolled-back': String(result.rolledBack),
        'from-revision': result.fromRevision === undefined ? '' : String(result.fromRevision),
        'to-revision': result.toRevision === undefined ? '' : String(result.toRevision),
        'from-image': result.fromImages.join(','),
        'to-image': result.toImages.join(','),
        reason: result.reason,
        'report-file': reportFile
    };
}
/** The report file: the whole timeline with ISO times, for later steps and audits. */
function reportJson(result) {
    const iso = (ms) => new Date(ms).toISOString();
    return `${JSON.stringify({
        target: result.target,
        healthy: result.healthy,
        rolledBack: result.rolledBack,
        reason: result.reason,
        fromRevision: result.fromRevision ?? null,
        toRevision: result.toRevision ?? null,
        fromImages: result.fromImages,
        toImages: result.toImages,
        startedAt: iso(result.startedAt),
        finishedAt: iso(result.finishedAt),
        events: result.events.map((e) => ({ ...e, at: iso(e.at) }))
    }, null, 2)}\n`;
}

// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
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

;// CONCATENATED MODULE: ./src/health-rollback/summary.ts
/** The job summary: a verdict, a chart of the phases, and the timeline of everything observed. Pure. */



const rel = (start, at) => `+${((at - start) / 1000).toFixed(1)}s`;
function phases(result) {
    const spans = [];
    const span = (name, events, failed) => {
        if (events.length > 0)
            spans.push({ name, from: events[0].at, to: Math.max(events.at(-1).at, events[0].at + 1), failed });
    };
    const deploy = result.events.filter((e) => e.kind === 'rollout' && e.phase === 'deploy');
    span('rollout', deploy, deploy.some((e) => e.kind === 'rollout' && e.state === 'failed'));
    const checks = result.events.filter((e) => e.kind === 'probe' || e.kind === 'metric');
    span('health checks', checks, checks.some((e) => (e.kind === 'probe' && !e.ok) || (e.kind === 'metric' && e.outcome === 'fail')));
    const rollback = result.events.filter((e) => e.kind === 'rollback' || (e.kind === 'rollout' && e.phase === 'rollback'));
    span('rollback', rollback, rollback.some((e) => e.kind === 'rollback' && (e.step === 'failed' || e.step === 'refused')));
    if (spans.length === 0)
        return undefined;
    const lines = ['gantt', '  dateFormat x', '  axisFormat %M:%S', `  title ${result.target}`];
    for (const s of spans)
        lines.push(`  ${s.name} :${s.failed ? 'crit, ' : ''}${s.from}, ${s.to}`);
    return mermaid(lines.join('\n'));
}
function eventRow(start, e) {
    switch (e.kind) {
        case 'rollout':
            return [rel(start, e.at), e.phase === 'deploy' ? 'rollout' : 'rollback progress', `${e.state === 'failed' ? `${FAIL} ` : e.state === 'complete' ? `${PASS} ` : ''}${e.message}`];
        case 'pod':
            return [rel(start, e.at), 'pod', `${FAIL} ${e.pod}/${e.container}: ${e.reason}${e.restarts > 0 ? `, ${e.restarts} restarts` : ''}${e.message ? ` (${e.message})` : ''}`];
        case 'rollback':
            return [rel(start, e.at), `rollback: ${e.step}`, `${e.step === 'failed' || e.step === 'refused' ? `${FAIL} ` : e.step === 'restored' ? `${PASS} ` : ''}${e.message}`];
        case 'note':
            return [rel(start, e.at), e.level, `${e.level === 'warning' ? `${WARN} ` : ''}${e.message}`];
        default:
            return undefined;
    }
}
function renderSummary(result) {
    const start = result.startedAt;
    const verdict = result.healthy ? `${PASS} healthy` : result.rolledBack ? `${FAIL} rolled back` : `${FAIL} unhealthy`;
    const revisions = result.fromRevision !== undefined || result.fromImages.length > 0
        ? `Version under test: ${result.fromRevision !== undefined ? `revision ${result.fromRevision} ` : ''}(${result.fromImages.join(', ') || 'unknown'})${result.rolledBack ? `; restored: revision ${result.toRevision} (${result.toImages.join(', ')})` : ''}.`
        : undefined;
    const events = result.events.map((e) => eventRow(start, e)).filter((row) => row !== undefined);
    const probes = result.events.filter((e) => e.kind === 'probe');
    const metrics = result.events.filter((e) => e.kind === 'metric');
    const pods = result.events.filter((e) => e.kind === 'pod');
    return join(heading(`health-rollback: ${result.target} — ${verdict}`), result.reason, revisions, phases(result), events.length > 0 && join(heading('Timeline', 3), table(['time', 'event', 'details'], events)), probes.length > 0 &&
        join(heading('Probes', 3), table(['round', 'time', 'URL', 'status', 'latency', 'result'], probes.map((p) => [p.round, rel(start, p.at), p.url, p.status ?? '—', (0,duration/* formatDuration */.a3)(p.latencyMs), p.ok ? PASS : `${FAIL} ${p.reasons.join('; ')}`]))), metrics.length > 0 &&
        join(heading('Metrics', 3), table(['round', 'time', 'metric', 'value', 'healthy when', 'result'], metrics.map((m) => [m.round, rel(start, m.at), m.name, m.value !== undefined ? formatValue(m.value) : `no data: ${m.noData}`, m.condition, m.outcome === 'pass' ? PASS : m.outcome === 'fail' ? FAIL : `${WARN} ignored`])), details('Queries', [...new Map(metrics.map((m) => [m.name, m.query])).entries()].map(([name, query]) => `- **${name}**: \`${query.replace(/`/g, "'")}\``).join('\n'))), pods.length > 0 &&
        join(heading('Failing pods', 3), ...pods.map((p) => details(`${p.pod}/${p.container}: ${p.reason}${p.restarts > 0 ? ` (${p.restarts} restarts)` : ''}`, p.logs.length > 0 ? codeBlock(p.logs.join('\n')) : '_no log lines_'))), `Checked in ${(0,duration/* formatDuration */.a3)(result.finishedAt - result.startedAt)}.`);
}

;// CONCATENATED MODULE: ./src/health-rollback/report.ts
/**
 * The report phase: the outputs, the report file, warnings for what the run had to work around, the job summary and
 * the final GitHub Deployment status; then the step fails if the run did.
 */







async function report(inputs, result, github) {
    for (const [name, value] of Object.entries(outputsOf(result, inputs.reportFile)))
        lib_core/* setOutput */.uH(name, value);
    try {
        (0,external_node_fs_.mkdirSync)(external_node_path_default().dirname(inputs.reportFile), { recursive: true });
        (0,external_node_fs_.writeFileSync)(inputs.reportFile, reportJson(result));
    }
    catch (error) {
        lib_core/* warning */.$e(`could not write the report file ${inputs.reportFile}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    for (const e of result.events) {
        if (e.kind === 'note' && e.level === 'warning')
            lib_core/* warning */.$e(e.message);
        if (e.kind === 'rollback' && e.step === 'resume')
            lib_core/* warning */.$e(e.message);
    }
    await appendSummary(renderSummary(result));
    if (github)
        await github.set(result.healthy ? 'success' : 'failure', result.healthy ? result.reason : (result.failure ?? result.reason));
    if (result.failure)
        throw new errors/* UserError */.yo(result.failure);
}

;// CONCATENATED MODULE: ./src/health-rollback/rollback-decision.ts

/**
 * Set on the Deployment after a rollback: the pod-template-hash of the version it was rolled back from. A later run
 * (a re-run of the job, a check without a new deploy) never takes that ReplicaSet as known-good, so it cannot "roll
 * back" to the version that was just rejected. The template hash, not the image: versions may differ only in their
 * arguments or environment. An explicit to-revision is the user's decision and is not second-guessed.
 */
const REJECTED_TEMPLATE_ANNOTATION = 'health-rollback.pipeline-actions.dev/rejected-template';
/** The pod-template-hash that identifies a ReplicaSet's template (label of the ReplicaSet and of its template). */
const templateHash = (rs) => rs?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? rs?.spec?.template?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
/** The revision a rollback would restore, read once the controller has observed the new template. */
function recordBaseline(deployment, replicaSets, toRevision) {
    const fromImages = (deployment.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '');
    const fromRevision = revisionOf(deployment);
    const from = { ...(fromRevision !== undefined ? { fromRevision } : {}), fromImages };
    const name = deployment.metadata?.name ?? '';
    if (deployment.spec?.revisionHistoryLimit === 0) {
        return { ok: false, why: `deployment "${name}" has revisionHistoryLimit 0, so Kubernetes keeps no old ReplicaSet to roll back to`, ...from };
    }
    // Planned as if not paused: pausing is handled by resuming first, not a reason to have no baseline.
    const unpaused = { ...deployment, spec: { ...deployment.spec, paused: false } };
    try {
        const plan = planUndo(unpaused, replicaSets, toRevision ?? 0);
        if (plan.action === 'skip')
            return { ok: false, why: `revision ${plan.toRevision} has the same pod template as the current one: ${plan.message}`, ...from };
        const rejected = deployment.metadata?.annotations?.[REJECTED_TEMPLATE_ANNOTATION];
        if (toRevision === undefined && rejected !== undefined && rejected === templateHash(plan.target)) {
            return { ok: false, why: `the previous revision ${plan.toRevision} (${plan.toImages.join(', ')}) is the version an earlier health-rollback rolled back from, not a known-good one (set to-revision to choose one)`, ...from };
        }
        return { ok: true, knownGood: { revision: plan.toRevision, images: plan.toImages, ...from } };
    }
    catch (error) {
        if (error instanceof UndoRefused) {
            const why = error.refusal === 'no-history' ? `deployment "${name}" has no earlier revision to roll back to (first rollout, or its history was pruned)` : error.message;
            return { ok: false, why, ...from };
        }
        throw error;
    }
}
function decideRollback(facts) {
    if (!facts.unhealthy)
        return { action: 'none', why: 'the version is healthy' };
    if (!facts.enabled)
        return { action: 'none', why: "rollback is off (input 'rollback: false')" };
    if (facts.alreadyRolledBack)
        return { action: 'refuse', why: 'a rollback already ran in this run (at most one per run)' };
    if (facts.foreignChange)
        return { action: 'refuse', why: facts.foreignChange };
    if (facts.command)
        return { action: 'command', argv: facts.command };
    if (!facts.baseline)
        return { action: 'refuse', why: 'no Deployment and no rollback-command' };
    if (!facts.baseline.ok)
        return { action: 'refuse', why: facts.baseline.why };
    return { action: 'undo', toRevision: facts.baseline.knownGood.revision, images: facts.baseline.knownGood.images, resumeFirst: facts.paused };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/lib/exec/command.ts
/** Running a program with an argument vector (never a shell), with timeouts and process-group kill. */

const MAX_CAPTURE = 16 * 1024 * 1024;
/**
 * Runs a program with an argument vector, never through a shell. A non-zero exit is a result, not an exception.
 * Unlike @actions/exec this can stop a running program (timeouts, fail-fast among parallel checks): the program gets
 * its own process group, and the whole group is killed, so `npm test` does not leave its jest workers behind.
 */
function runCommand(argv, options = {}) {
    const [program, ...args] = argv;
    if (!program)
        return Promise.reject(new Error('runCommand needs a program'));
    const started = performance.now();
    return new Promise((resolve) => {
        let stdout = '';
        let stderr = '';
        let output = '';
        let timedOut = false;
        let cancelled = false;
        const append = (stream, chunk) => {
            const text = chunk.toString();
            if (output.length < MAX_CAPTURE) {
                output += text;
                if (stream === 'out')
                    stdout += text;
                else
                    stderr += text;
            }
            if (options.echo ?? true)
                process.stdout.write(text);
        };
        const child = (0,external_node_child_process_.spawn)(program, args, {
            cwd: options.cwd,
            env: { ...(options.baseEnv ?? process.env), ...options.env },
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
            detached: process.platform !== 'win32'
        });
        const killGroup = () => {
            if (child.pid === undefined || child.exitCode !== null)
                return;
            try {
                process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
            }
            catch {
                child.kill('SIGKILL');
            }
        };
        const timer = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                killGroup();
            }, options.timeoutMs);
        const onAbort = () => {
            cancelled = true;
            killGroup();
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (options.signal?.aborted)
            onAbort();
        child.stdout.on('data', (chunk) => append('out', chunk));
        child.stderr.on('data', (chunk) => append('err', chunk));
        if (options.input !== undefined)
            child.stdin.end(options.input);
        let startError;
        child.on('error', (error) => {
            startError = error.message;
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            resolve({
                exitCode: code ?? (startError ? 127 : 128),
                ...(signal ? { signal } : {}),
                timedOut,
                cancelled,
                ...(startError ? { startError } : {}),
                stdout,
                stderr,
                output,
                durationMs: performance.now() - started
            });
        });
    });
}

;// CONCATENATED MODULE: ./src/health-rollback/rollback.ts
/**
 * Carrying out a rollback decision: `kubectl rollout undo --to-revision=<known good>` (after resuming a paused
 * Deployment, which undo refuses), then waiting until the previous images run again and no pod of the replaced
 * version serves any more; or the user's rollback-command for targets that are not Kubernetes.
 *
 * The restore is done (restoredAt, the `restored` step of the timeline) when the last pod of the replaced version
 * has stopped serving: its containers stopped, or it is gone. A terminating pod keeps answering through its preStop
 * hook and until it exits on SIGTERM, long after the Deployment's status counts the restored pods; the time from
 * the rollback request to that moment is the restore time the timeline states. Transient API failures are retried by the client; the undo
 * patch names its target revision, so resending it cannot roll forward or roll back twice.
 */







/** Carries out an undo or a rollback-command; an error the steps did not foresee is a failed, unrequested rollback. */
async function carryOut(decision, target, ctx) {
    try {
        return decision.action === 'undo' ? await undoToRevision(target, decision.toRevision, decision.images, ctx) : await runRollbackCommand(decision.argv, target, ctx);
    }
    catch (error) {
        return { ok: false, message: (0,errors/* errorMessage */.gJ)(error), requested: false };
    }
}
async function undoToRevision(target, toRevision, images, ctx) {
    const { timeline } = ctx;
    let requestedAt;
    try {
        const before = await target.snapshot();
        const current = before.deployment;
        const rejectedHash = templateHash(findNewReplicaSet(current, ownedReplicaSets(current, before.replicaSets)));
        if (current.spec?.paused) {
            await target.client.setDeploymentPaused(target.namespace, target.name, false);
            timeline.add({ kind: 'rollback', step: 'resume', message: `deployment "${target.name}" was paused; resumed it first, because rollout undo refuses a paused Deployment` });
        }
        requestedAt = ctx.clock.now();
        timeline.add({ kind: 'rollback', step: 'request', message: `rollout undo deployment/${target.name} --to-revision=${toRevision} (${images.join(', ')})` });
        const undo = await rolloutUndo(target.client, target.namespace, target.name, { toRevision });
        if (undo.plan.action === 'skip')
            timeline.add({ kind: 'note', level: 'info', message: undo.plan.message });
        const generation = undo.deployment.metadata?.generation ?? 0;
        const waited = await waitFor(target, {
            timeoutMs: ctx.timeoutMs,
            pollMs: ctx.pollMs,
            clock: ctx.clock,
            log: ctx.log,
            judge: (snapshot) => judgeRestore(snapshot, { generation, images }, ctx.maxRestarts),
            onVerdict: (verdict) => {
                if (timeline.rollout('rollback', verdict.state, verdict.message))
                    ctx.log(`rollback: ${verdict.message}`);
            }
        });
        if (waited.verdict.state === 'complete') {
            const restoredAt = await untilReplacedStopped(target, requestedAt, waited.verdict.message, ctx);
            if (rejectedHash)
                await markRejected(target, rejectedHash, ctx);
            return { ok: true, message: waited.verdict.message, requestedAt, restoredAt };
        }
        timeline.add({ kind: 'rollback', step: 'failed', message: waited.verdict.message });
        return { ok: false, message: `the rollback to revision ${toRevision} did not finish: ${waited.verdict.message}`, requested: true, requestedAt };
    }
    catch (error) {
        const message = error instanceof UndoRefused ? error.message : kubeErrorMessage(error);
        timeline.add({ kind: 'rollback', step: 'failed', message });
        return { ok: false, message: `the rollback to revision ${toRevision} failed: ${message}`, requested: requestedAt !== undefined, ...(requestedAt !== undefined ? { requestedAt } : {}) };
    }
}
/**
 * Waits (for what is left of rollout-timeout since the request) until no pod of the replaced version serves, then
 * records the `restored` step with the restore time; returns when that was. Pods still serving when the time is up do
 * not fail the rollback (the restored version runs): a warning says so, and the restore time is a lower bound.
 */
async function untilReplacedStopped(target, requestedAt, restoredMessage, ctx) {
    const { timeline } = ctx;
    const waited = await waitFor(target, {
        timeoutMs: Math.max(0, requestedAt + ctx.timeoutMs - ctx.clock.now()),
        pollMs: ctx.pollMs,
        clock: ctx.clock,
        log: ctx.log,
        judge: judgeReplacedStopped,
        onVerdict: (verdict) => {
            if (verdict.state === 'waiting' && timeline.rollout('rollback', verdict.state, verdict.message))
                ctx.log(`rollback: ${verdict.message}`);
        }
    });
    const restoredAt = ctx.clock.now();
    const took = (0,duration/* formatDuration */.a3)(restoredAt - requestedAt);
    if (waited.verdict.state === 'complete') {
        timeline.add({ kind: 'rollback', step: 'restored', message: `${restoredMessage}; the last pod of the replaced version stopped serving ${took} after the rollback request` });
    }
    else {
        timeline.add({ kind: 'note', level: 'warning', message: `the restored version runs, but ${waited.verdict.message} at the end of rollout-timeout: the restore took more than ${took}` });
        timeline.add({ kind: 'rollback', step: 'restored', message: `${restoredMessage}; pods of the replaced version were still serving ${took} after the rollback request` });
    }
    return restoredAt;
}
/**
 * Metadata only, so no rollout; but the API server still bumps metadata.generation (it does on any annotation
 * change of a Deployment) and the controller copies the annotation onto the current ReplicaSet. A failure here is a
 * warning; the rollback itself has succeeded.
 */
async function markRejected(target, templateHash, ctx) {
    try {
        await target.client.patchDeployment(target.namespace, target.name, { metadata: { annotations: { [REJECTED_TEMPLATE_ANNOTATION]: templateHash } } }, 'merge');
    }
    catch (error) {
        ctx.timeline.add({ kind: 'note', level: 'warning', message: `could not record the rejected version on the Deployment: ${kubeErrorMessage(error)}` });
    }
}
async function runRollbackCommand(argv, target, ctx) {
    const requestedAt = ctx.clock.now();
    ctx.timeline.add({ kind: 'rollback', step: 'command', message: `running ${argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}` });
    const result = await runCommand(argv, { timeoutMs: ctx.timeoutMs, ...(ctx.commandEnv ? { env: ctx.commandEnv } : {}) });
    if (result.exitCode !== 0 || result.startError) {
        const why = result.startError ?? (result.timedOut ? `timed out after ${ctx.timeoutMs} ms` : `exit code ${result.exitCode}`);
        const tail = result.output.trim().split('\n').slice(-5).join('\n');
        ctx.timeline.add({ kind: 'rollback', step: 'failed', message: `rollback-command failed (${why})${tail ? `: ${tail}` : ''}` });
        return { ok: false, message: `the rollback-command failed (${why})`, requested: true, requestedAt };
    }
    if (target) {
        try {
            const waited = await waitFor(target, {
                timeoutMs: ctx.timeoutMs,
                pollMs: ctx.pollMs,
                clock: ctx.clock,
                log: ctx.log,
                judge: (snapshot) => judgeDeployRollout(snapshot, ctx.maxRestarts),
                onVerdict: (verdict) => ctx.timeline.rollout('rollback', verdict.state, verdict.message)
            });
            if (waited.verdict.state !== 'complete')
                return { ok: false, message: `after the rollback-command: ${waited.verdict.message}`, requested: true, requestedAt };
            const restoredAt = await untilReplacedStopped(target, requestedAt, 'rollback-command succeeded', ctx);
            return { ok: true, message: 'rollback-command succeeded', requestedAt, restoredAt };
        }
        catch (error) {
            return { ok: false, message: `after the rollback-command: ${(0,errors/* errorMessage */.gJ)(error)}`, requested: true, requestedAt };
        }
    }
    const restoredAt = ctx.clock.now();
    ctx.timeline.add({ kind: 'rollback', step: 'restored', message: 'rollback-command succeeded' });
    return { ok: true, message: 'rollback-command succeeded', requestedAt, restoredAt };
}

;// CONCATENATED MODULE: ./src/lib/kube/workload-status.ts
const UNSUPPORTED = 'rollout status is only available for RollingUpdate strategy type';
function statefulSetRolloutStatus(sts) {
    const spec = sts.spec;
    const status = sts.status;
    const strategy = spec?.updateStrategy;
    // The API server defaults the type to RollingUpdate (with partition 0); kubectl reads an absent one as not it.
    if (strategy?.type !== 'RollingUpdate')
        return { state: 'unsupported', message: UNSUPPORTED };
    const observed = status?.observedGeneration ?? 0;
    if (observed === 0 || (sts.metadata?.generation ?? 0) > observed)
        return { state: 'waiting', message: 'Waiting for statefulset spec update to be observed...' };
    const replicas = spec?.replicas;
    const ready = status?.readyReplicas ?? 0;
    if (replicas !== undefined && ready < replicas)
        return { state: 'waiting', message: `Waiting for ${replicas - ready} pods to be ready...` };
    const updated = status?.updatedReplicas ?? 0;
    if (strategy.rollingUpdate) {
        const partition = strategy.rollingUpdate.partition;
        if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
            return { state: 'waiting', message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...` };
        }
        return { state: 'complete', message: `partitioned roll out complete: ${updated} new pods have been updated...` };
    }
    if (status?.updateRevision !== status?.currentRevision) {
        return { state: 'waiting', message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status?.updateRevision ?? ''}...` };
    }
    return { state: 'complete', message: `statefulset rolling update complete ${status?.currentReplicas ?? 0} pods at revision ${status?.currentRevision ?? ''}...` };
}
function daemonSetRolloutStatus(ds) {
    if (ds.spec?.updateStrategy?.type !== 'RollingUpdate')
        return { state: 'unsupported', message: UNSUPPORTED };
    const name = ds.metadata?.name ?? '';
    const status = ds.status;
    if ((ds.metadata?.generation ?? 0) > (status?.observedGeneration ?? 0))
        return { state: 'waiting', message: 'Waiting for daemon set spec update to be observed...' };
    const desired = status?.desiredNumberScheduled ?? 0;
    const updated = status?.updatedNumberScheduled ?? 0;
    const available = status?.numberAvailable ?? 0;
    if (updated < desired)
        return { state: 'waiting', message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...` };
    if (available < desired)
        return { state: 'waiting', message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...` };
    return { state: 'complete', message: `daemon set "${name}" successfully rolled out` };
}
function workloadRolloutStatus(kind, workload) {
    return kind === 'StatefulSet' ? statefulSetRolloutStatus(workload) : daemonSetRolloutStatus(workload);
}

;// CONCATENATED MODULE: ./src/health-rollback/workload-verdict.ts






const ready = (pod) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const live = (pod) => !pod.metadata?.deletionTimestamp;
const observed = (w) => (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 0);
const workloadRef = (snapshot) => `${snapshot.kind.toLowerCase()} "${snapshot.workload.metadata?.name ?? ''}"`;
/** The revision of the workload's current template, once the controller has recorded it. */
function templateRevision(snapshot) {
    return currentRevision(snapshot.workload, workloadHistory(snapshot.workload, snapshot.revisions));
}
/** The live pods that run a revision. */
function podsOfRevision(snapshot, revision) {
    return revision ? snapshot.pods.filter((p) => live(p) && podRunsRevision(p, revision)) : [];
}
/** How many pods the rollout updates: a StatefulSet's from its partition up, a DaemonSet's on every node it runs on. */
function toUpdate(snapshot) {
    if (snapshot.kind === 'DaemonSet')
        return snapshot.workload.status?.desiredNumberScheduled ?? 0;
    const sts = snapshot.workload;
    return Math.max(0, (sts.spec?.replicas ?? 1) - (sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0));
}
/** `now` (ms) lets pull errors get their grace period and an unschedulable pod count after its own, as for a Deployment. */
function judgeWorkloadRollout(snapshot, maxRestarts, now) {
    const status = workloadRolloutStatus(snapshot.kind, snapshot.workload);
    const pods = podsOfRevision(snapshot, templateRevision(snapshot));
    const problems = managedProblems(containerProblems(pods), snapshot.workload.spec?.template);
    if (status.state === 'unsupported') {
        const strategy = snapshot.workload.spec?.updateStrategy?.type ?? 'none';
        return { state: 'unsupported', message: `${workloadRef(snapshot)} has updateStrategy ${strategy}: ${status.message} (the controller replaces no pod by itself, so there is no rollout to judge or undo)`, problems };
    }
    const seen = observed(snapshot.workload);
    const bad = seen ? problems.find((p) => isTerminalProblem(p, maxRestarts, now)) : undefined;
    if (bad)
        return { state: 'failed', reason: bad.reason, message: describeProblem(bad), problems };
    const unplaced = seen ? placementProblem(undefined, pods, now) : undefined;
    if (unplaced)
        return { state: 'failed', reason: unplaced.reason, message: unplaced.message, problems };
    return { state: status.state, message: status.message, problems };
}
function judgeWorkloadRestore(snapshot, expect, maxRestarts) {
    const w = snapshot.workload;
    const templateImages = (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '');
    const restored = templateRevision(snapshot);
    const pods = podsOfRevision(snapshot, restored);
    const problems = managedProblems(containerProblems(pods), w.spec?.template);
    if (templateImages.join(',') !== expect.images.join(',')) {
        return { state: 'failed', reason: 'TemplateChanged', message: `${workloadRef(snapshot)} now has image ${templateImages.join(', ')}, not the restored ${expect.images.join(', ')}: something else changed it during the rollback`, problems };
    }
    if ((w.status?.observedGeneration ?? 0) < expect.generation || !restored)
        return { state: 'waiting', message: `Waiting for the rollback to be observed by the ${snapshot.kind} controller...`, problems };
    const bad = problems.find((p) => isTerminalProblem(p, maxRestarts));
    if (bad)
        return { state: 'failed', reason: bad.reason, message: `the restored version is failing too: ${describeProblem(bad)}`, problems };
    const status = workloadRolloutStatus(snapshot.kind, w);
    const want = toUpdate(snapshot);
    const readyRestored = pods.filter(ready);
    if (status.state !== 'complete' || readyRestored.length < want) {
        return { state: 'waiting', message: `Waiting for the rollback: ${readyRestored.length} of ${want} pods ready at revision ${restored.revision} (${status.message})`, problems };
    }
    return { state: 'complete', message: `${workloadRef(snapshot)} runs ${expect.images.join(', ')} on ${readyRestored.length} ready pod${readyRestored.length === 1 ? '' : 's'} (revision ${restored.revision})`, problems };
}
/**
 * The pods to delete so that a restored StatefulSet can go on: live pods of the rejected revision that are not Ready,
 * once the controller has observed the restored template (before that, it would create them anew from the rejected
 * one). None for a DaemonSet.
 */
function stuckPods(snapshot, rejected, expect) {
    if (snapshot.kind !== 'StatefulSet')
        return [];
    const sts = snapshot.workload;
    if ((sts.status?.observedGeneration ?? 0) < expect.generation || sts.status?.updateRevision === rejected.name)
        return [];
    return podsOfRevision(snapshot, rejected).filter((p) => !ready(p));
}
/** The revision a rollback would restore, read once the controller has observed the new template. */
function recordWorkloadBaseline(snapshot, toRevision) {
    const w = snapshot.workload;
    const fromImages = (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '');
    const fromRevision = templateRevision(snapshot)?.revision;
    const from = { ...(fromRevision !== undefined ? { fromRevision } : {}), fromImages };
    try {
        const plan = planWorkloadUndo(w, snapshot.revisions, toRevision ?? 0);
        if (plan.action === 'skip')
            return { ok: false, why: `revision ${plan.toRevision} has the same pod template as the current one: ${plan.message}`, ...from };
        const rejected = w.metadata?.annotations?.[REJECTED_TEMPLATE_ANNOTATION];
        if (toRevision === undefined && rejected !== undefined && rejected === plan.target.name) {
            return { ok: false, why: `the previous revision ${plan.toRevision} (${plan.toImages.join(', ')}) is the version an earlier health-rollback rolled back from, not a known-good one (set to-revision to choose one)`, ...from };
        }
        return { ok: true, knownGood: { revision: plan.toRevision, images: plan.toImages, ...from } };
    }
    catch (error) {
        if (error instanceof UndoRefused) {
            const why = error.refusal === 'no-history' ? `${workloadRef(snapshot)} has no earlier revision to roll back to (first rollout, or its history was pruned)` : error.message;
            return { ok: false, why, ...from };
        }
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/health-rollback/workload-rollback.ts
/**
 * Carrying out a rollback decision on a StatefulSet or DaemonSet: `kubectl rollout undo --to-revision=<known good>`
 * (the revision's template as a strategic merge patch, lib/kube/controller-revisions), then waiting until the
 * restored revision's pods are Ready. A StatefulSet's pods of the rejected revision that never became Ready are
 * deleted once the controller has observed the restored template (kubectl's docs: the controller waits for them
 * forever otherwise); each deletion is in the timeline and the job summary. Or the user's rollback-command.
 */







async function carryOutOnWorkload(decision, target, ctx) {
    try {
        return decision.action === 'undo' ? await undoWorkload(target, decision.toRevision, decision.images, ctx) : await commandOnWorkload(decision.argv, target, ctx);
    }
    catch (error) {
        return { ok: false, message: (0,errors/* errorMessage */.gJ)(error), requested: false };
    }
}
async function undoWorkload(target, toRevision, images, ctx) {
    const { timeline } = ctx;
    let requestedAt;
    try {
        const rejected = templateRevision(await target.snapshot());
        requestedAt = ctx.clock.now();
        timeline.add({ kind: 'rollback', step: 'request', message: `rollout undo ${target.ref} --to-revision=${toRevision} (${images.join(', ')})` });
        const undo = await workloadRolloutUndo(target.client, target.kind, target.namespace, target.name, { toRevision });
        if (undo.plan.action === 'skip')
            timeline.add({ kind: 'note', level: 'info', message: undo.plan.message });
        const expect = { generation: undo.workload.metadata?.generation ?? 0, images };
        const deleted = new Set();
        const waited = await waitForWorkload(target, {
            timeoutMs: ctx.timeoutMs,
            pollMs: ctx.pollMs,
            clock: ctx.clock,
            log: ctx.log,
            judge: (snapshot) => judgeWorkloadRestore(snapshot, expect, ctx.maxRestarts),
            onVerdict: async (verdict, snapshot) => {
                if (timeline.rollout('rollback', verdict.state, verdict.message))
                    ctx.log(`rollback: ${verdict.message}`);
                if (rejected && verdict.state === 'waiting')
                    await deleteStuckPods(target, snapshot, rejected, expect, deleted, ctx);
            }
        });
        if (waited.verdict.state === 'complete') {
            const restoredAt = ctx.clock.now();
            timeline.add({ kind: 'rollback', step: 'restored', message: waited.verdict.message });
            if (rejected)
                await workload_rollback_markRejected(target, rejected, ctx);
            return { ok: true, message: waited.verdict.message, requestedAt, restoredAt };
        }
        timeline.add({ kind: 'rollback', step: 'failed', message: waited.verdict.message });
        return { ok: false, message: `the rollback to revision ${toRevision} did not finish: ${waited.verdict.message}`, requested: true, requestedAt };
    }
    catch (error) {
        const message = error instanceof UndoRefused ? error.message : kubeErrorMessage(error);
        timeline.add({ kind: 'rollback', step: 'failed', message });
        return { ok: false, message: `the rollback to revision ${toRevision} failed: ${message}`, requested: requestedAt !== undefined, ...(requestedAt !== undefined ? { requestedAt } : {}) };
    }
}
async function deleteStuckPods(target, snapshot, rejected, expect, deleted, ctx) {
    for (const pod of stuckPods(snapshot, rejected, expect)) {
        const uid = pod.metadata?.uid ?? pod.metadata?.name ?? '';
        if (deleted.has(uid))
            continue;
        deleted.add(uid);
        await target.deletePod(pod);
        ctx.timeline.add({
            kind: 'rollback',
            step: 'delete-pod',
            message: `deleted pod ${pod.metadata?.name ?? ''} of the rejected revision ${rejected.revision}: it never became Ready, and a StatefulSet waits for such a pod even after its template is rolled back (kubectl docs, "Forced rollback"); the controller recreates it from the restored template`
        });
    }
}
/** Metadata only (no rollout): the ControllerRevision rolled back from, so a later run never restores it. A failure is a warning. */
async function workload_rollback_markRejected(target, rejected, ctx) {
    try {
        await patchWorkload(target.client, target.kind, target.namespace, target.name, { metadata: { annotations: { [REJECTED_TEMPLATE_ANNOTATION]: rejected.name } } });
    }
    catch (error) {
        ctx.timeline.add({ kind: 'note', level: 'warning', message: `could not record the rejected version on the ${target.kind}: ${kubeErrorMessage(error)}` });
    }
}
/** The rollback-command, then a wait for the workload's rollout to finish as kubectl reads it. */
async function commandOnWorkload(argv, target, ctx) {
    const ran = await runRollbackCommand(argv, undefined, ctx);
    if (!ran.ok)
        return ran;
    const waited = await waitForWorkload(target, {
        timeoutMs: ctx.timeoutMs,
        pollMs: ctx.pollMs,
        clock: ctx.clock,
        log: ctx.log,
        judge: (snapshot) => judgeWorkloadRollout(snapshot, ctx.maxRestarts),
        onVerdict: (verdict) => {
            ctx.timeline.rollout('rollback', verdict.state, verdict.message);
        }
    });
    if (waited.verdict.state !== 'complete')
        return { ok: false, message: `after the rollback-command: ${waited.verdict.message}`, requested: true, requestedAt: ran.requestedAt };
    return ran;
}

;// CONCATENATED MODULE: ./src/health-rollback/roll-back-once.ts




/** `rollout` is absent for a target that is not Kubernetes. */
async function rollBackOnce(ctx, rollout, unhealthy) {
    const { inputs, timeline, marks } = ctx;
    const from = versionUnderTest(rollout?.baseline);
    const decision = decideRollback({
        unhealthy: true,
        enabled: inputs.rollback,
        alreadyRolledBack: false,
        ...(inputs.rollbackCommand ? { command: inputs.rollbackCommand } : {}),
        ...(rollout ? { baseline: rollout.baseline } : {}),
        paused: rollout?.paused ?? false,
        ...(rollout?.foreignChange ? { foreignChange: rollout.foreignChange } : {})
    });
    if (decision.action === 'none' || decision.action === 'refuse') {
        if (decision.action === 'refuse')
            timeline.add({ kind: 'rollback', step: 'refused', message: decision.why });
        return notRolledBackConclusion(from, ctx.label, unhealthy, decision.why);
    }
    const rollbackContext = {
        clock: ctx.clock,
        timeline,
        timeoutMs: inputs.rolloutTimeoutMs,
        pollMs: ctx.pollMs,
        maxRestarts: inputs.maxRestarts,
        log: ctx.log,
        ...(ctx.kubeconfigFile ? { commandEnv: { KUBECONFIG: ctx.kubeconfigFile } } : {})
    };
    const outcome = ctx.workload ? await carryOutOnWorkload(decision, ctx.workload, rollbackContext) : await carryOut(decision, ctx.target, rollbackContext);
    if (outcome.requestedAt !== undefined)
        marks.rollbackRequestedAt = outcome.requestedAt;
    if (outcome.ok)
        marks.restoredAt = outcome.restoredAt;
    return rollbackConclusion(from, ctx.label, unhealthy, decision, outcome);
}

;// CONCATENATED MODULE: ./src/lib/oci/digest.ts
/** Content digests (sha256) and the tags derived from them. */

function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** The tag the OCI 1.1 referrers fallback uses for a subject: `sha256:abc` -> `sha256-abc`. */
function referrersTag(digest) {
    return digest.replace(':', '-');
}

;// CONCATENATED MODULE: ./src/lib/oci/errors.ts
/** Registry errors: user errors that name the registry, and the retryable statuses. */

/** A registry answered with an error, or could not be reached. The message always names the registry. */
class RegistryError extends errors/* UserError */.yo {
    registry;
    status;
    code;
    name = 'RegistryError';
    constructor(registry, message, status, code) {
        super(`${registry}: ${message}`);
        this.registry = registry;
        this.status = status;
        this.code = code;
    }
}
/** An HTTP status worth retrying, with the server's Retry-After (ms) when it sent one. */
class RetryableStatusError extends Error {
    registry;
    status;
    retryAfterMs;
    detail;
    name = 'RetryableStatusError';
    constructor(registry, status, retryAfterMs, detail) {
        super(`${registry}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
        this.registry = registry;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
        this.detail = detail;
    }
}
/** A request the registry did not answer (completely) within its timeout: retried like a dropped connection. */
class RegistryRequestTimeout extends Error {
    registry;
    timeoutMs;
    name = 'RegistryRequestTimeout';
    reason;
    constructor(registry, timeoutMs) {
        const reason = `no answer within ${timeoutMs % 1000 === 0 ? timeoutMs / 1000 : (timeoutMs / 1000).toFixed(1)} s`;
        super(`${registry}: ${reason}`);
        this.registry = registry;
        this.timeoutMs = timeoutMs;
        this.reason = reason;
    }
}
/** The OCI error body `{"errors":[{"code","message"}]}` in one line. */
function describeErrorBody(text) {
    try {
        const body = JSON.parse(text);
        const first = body.errors?.[0];
        if (first)
            return { ...(first.code && { code: first.code }), detail: [first.code, first.message].filter(Boolean).join(': ') };
    }
    catch {
        // not JSON: fall through
    }
    return { detail: text.trim().slice(0, 200) };
}

;// CONCATENATED MODULE: ./src/lib/oci/media-types.ts
/** Manifest media types and the few manifest fields a copy needs (the bytes themselves are never re-serialised). */
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_TYPES = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST];
const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ');
function isIndexType(mediaType) {
    return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}
/** Layers marked non-distributable (Windows base layers) live elsewhere and are never copied. */
function isForeignLayer(descriptor) {
    return /nondistributable|foreign/.test(descriptor.mediaType) && (descriptor.urls?.length ?? 0) > 0;
}
/** Reads the structure of manifest bytes; `contentType` (the registry's header) wins over the `mediaType` field. */
function parseManifest(bytes, contentType) {
    const json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    const headerType = contentType?.split(';')[0]?.trim();
    const mediaType = headerType && MANIFEST_TYPES.includes(headerType)
        ? headerType
        : (json.mediaType ?? (json.manifests ? OCI_INDEX : OCI_MANIFEST));
    const isIndex = isIndexType(mediaType) || (json.manifests !== undefined && json.layers === undefined);
    return {
        mediaType,
        isIndex,
        manifests: json.manifests ?? [],
        blobs: [...(json.config ? [json.config] : []), ...(json.layers ?? [])],
        ...(json.subject && { subject: json.subject }),
        ...(json.artifactType && { artifactType: json.artifactType })
    };
}
/** A platform as `os/architecture[/variant]`. */
const platformText = (p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');
/**
 * The platform manifests of an index, each with its platform as text: not the attestation manifests buildx adds
 * (platform `unknown/unknown`), nor entries without a platform. A single manifest has none.
 */
function platformManifests(parsed) {
    return parsed.manifests
        .filter((m) => m.platform?.os && m.platform.os !== 'unknown' && m.platform.architecture && m.platform.architecture !== 'unknown')
        .map((m) => ({ ...m, platformText: platformText(m.platform) }));
}

;// CONCATENATED MODULE: ./src/lib/oci/parallel.ts
/** Bounded concurrency: a map with at most `limit` calls in flight, and a limiter several callers share. */
/** Maps with at most `limit` calls in flight; the first failure rejects (the others finish or fail on their own). */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function createLimiter(limit) {
    if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`a concurrency limit must be a whole number of at least 1, not ${limit}`);
    const waiting = [];
    let active = 0;
    const release = () => {
        const next = waiting.shift();
        // The slot passes straight to the next waiter, so a task arriving meanwhile cannot overtake it.
        if (next)
            next();
        else
            active--;
    };
    const acquire = async () => {
        if (active < limit)
            active++;
        else
            await new Promise((resolve) => waiting.push(resolve));
        let held = true;
        return () => {
            if (!held)
                return;
            held = false;
            release();
        };
    };
    return {
        limit,
        get active() {
            return active;
        },
        acquire,
        async run(task) {
            const done = await acquire();
            try {
                return await task();
            }
            finally {
                done();
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/lib/oci/retryable.ts

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT'
]);
/** The system or undici error code behind a failed fetch (`TypeError: fetch failed` hides it in `cause`). */
function networkErrorCode(error) {
    for (let current = error, depth = 0; current && depth < 5; depth++) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
        current = current.cause;
    }
    return undefined;
}
function isNetworkError(error) {
    const code = networkErrorCode(error);
    if (code !== undefined)
        return RETRYABLE_CODES.has(code);
    return error instanceof TypeError && /fetch failed|terminated|other side closed/i.test(error.message);
}
function classifyRegistryFailure(error) {
    if (error instanceof RetryableStatusError) {
        return { retry: true, reason: error.message, ...(error.retryAfterMs !== undefined && { afterMs: error.retryAfterMs }) };
    }
    if (error instanceof RegistryRequestTimeout)
        return { retry: true, reason: error.reason };
    if (isNetworkError(error))
        return { retry: true, reason: `connection failed (${networkErrorCode(error) ?? 'reset'})` };
    return { retry: false };
}

;// CONCATENATED MODULE: ./src/lib/oci/challenge.ts
/** WWW-Authenticate challenges (RFC 9110 §11.6.1), as registries send them: `Bearer realm="…",service="…",scope="…"`. */
function parseChallenges(header) {
    if (!header)
        return [];
    const challenges = [];
    const pattern = /\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+|$)((?:[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?\s*)*)/y;
    let match;
    while (pattern.lastIndex < header.length && (match = pattern.exec(header)) !== null) {
        if (match[0] === '')
            break;
        const params = {};
        for (const param of match[2].matchAll(/([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
            params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
        }
        challenges.push({ scheme: match[1].toLowerCase(), params });
        if (pattern.lastIndex < header.length && header[pattern.lastIndex] === ',')
            pattern.lastIndex++;
    }
    return challenges;
}

// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var reference = __webpack_require__(5996);
;// CONCATENATED MODULE: ./src/lib/oci/credential-helpers.ts
/**
 * Docker credential helpers (`credHelpers` per registry, `credsStore` for all), as the docker CLI uses them: the
 * program `docker-credential-<name>` is run with `get` and the server URL on stdin, and answers
 * `{"ServerURL","Username","Secret"}`. `gcloud auth configure-docker`, amazon-ecr-credential-helper and
 * `az acr login` set them up. A helper named in the config that cannot run is an error that names it, never a
 * silent fall-back to anonymous access.
 */



/** The helper the config names for a registry: its own entry first, then the store for all. */
function helperFor(config, registry) {
    const wanted = (0,reference/* normaliseRegistry */.Me)(registry);
    for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
        if ((0,reference/* normaliseRegistry */.Me)(key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')) === wanted && helper)
            return helper;
    }
    return config.credsStore || undefined;
}
/** What the docker CLI sends a helper for this registry (Docker Hub keeps its legacy index URL). */
function helperServerUrl(registry) {
    return (0,reference/* normaliseRegistry */.Me)(registry) === reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : (0,reference/* normaliseRegistry */.Me)(registry);
}
/** `Username: <token>` marks an identity (refresh) token, exchanged through OAuth2 at the token server. */
const IDENTITY_TOKEN_USER = '<token>';
/** Parses a helper's answer; undefined when it has nothing for the server (its "not found" answers). */
function parseHelperAnswer(helper, exitCode, stdout, stderr) {
    const text = `${stdout}\n${stderr}`;
    if (exitCode !== 0) {
        if (/credentials not found/i.test(text))
            return undefined;
        throw new errors/* UserError */.yo(`docker-credential-${helper} get failed (exit code ${exitCode}): ${(stderr || stdout).trim().split('\n').slice(-3).join(' ')}`);
    }
    let answer;
    try {
        answer = JSON.parse(stdout);
    }
    catch {
        throw new errors/* UserError */.yo(`docker-credential-${helper} get answered something that is not JSON`);
    }
    if (typeof answer.Secret !== 'string' || answer.Secret === '')
        return undefined;
    return { username: typeof answer.Username === 'string' ? answer.Username : '', password: answer.Secret };
}
async function runCredentialHelper(helper, registry) {
    if (!/^[A-Za-z0-9._-]+$/.test(helper))
        throw new errors/* UserError */.yo(`the docker config names credential helper '${helper}', which is not a helper name`);
    const program = `docker-credential-${helper}`;
    const result = await runCommand([program, 'get'], { echo: false, input: helperServerUrl(registry), timeoutMs: 60_000 });
    if (result.startError) {
        throw new errors/* UserError */.yo(`the docker config names credential helper '${helper}' for ${registry}, but ${program} cannot run (${result.startError}); install it or remove it from config.json`);
    }
    if (result.timedOut)
        throw new errors/* UserError */.yo(`${program} get did not answer within 60 s`);
    return parseHelperAnswer(helper, result.exitCode, result.stdout, result.stderr);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
var external_node_tls_default = /*#__PURE__*/__webpack_require__.n(external_node_tls_);
;// CONCATENATED MODULE: ./src/lib/oci/socket-connections.ts
/**
 * Kept-alive connections for the socket pipe (socket-pipe.ts), per origin, and the 64 KB read buffers they share.
 * A connection reads into buffers it is given (`onread`), never allocating per read; whoever holds the connection
 * (an exchange) receives its reads and its end. Between exchanges a connection waits a short while for the next
 * one, so a copy of many large blobs pays one handshake per stream slot, not one per blob.
 */


const CHUNK = 64 * 1024;
/** Free read buffers kept for reuse (4 MB); more are left to the garbage collector. */
const MAX_FREE_BUFFERS = 64;
/** Idle connections kept per origin. */
const MAX_IDLE_PER_ORIGIN = 8;
/** An idle connection is closed after this long: well inside the keep-alive timeouts servers use (Go: none; nginx: 75 s). */
const IDLE_MS = 4_000;
const freeBuffers = [];
/** A 64 KB buffer for reading into; give it back with `freeBuffer` once nothing refers to it. */
function takeBuffer() {
    return freeBuffers.pop() ?? Buffer.allocUnsafe(CHUNK);
}
function freeBuffer(buffer) {
    if (freeBuffers.length < MAX_FREE_BUFFERS)
        freeBuffers.push(buffer);
}
class Connection {
    origin;
    socket;
    holder;
    idleTimer;
    /** Whether an exchange ran on it before: a reused connection may have been closed by the server meanwhile. */
    reused = false;
    /** Called when the holder's idle timeout (`socket.setTimeout`) passes without data. */
    onTimeout;
    constructor(origin, url) {
        this.origin = origin;
        const host = url.hostname.replace(/^\[|\]$/g, '');
        const secure = url.protocol === 'https:';
        const port = Number(url.port || (secure ? 443 : 80));
        const onread = { buffer: () => this.holder?.nextBuffer() ?? takeBuffer(), callback: (bytes, buffer) => this.received(bytes, buffer) };
        this.socket = secure
            ? external_node_tls_default().connect({ host, port, ...(external_node_net_default().isIP(host) === 0 && { servername: host }), onread })
            : external_node_net_default().connect({ host, port, onread });
        this.socket.setNoDelay(true);
        this.socket.on('error', (error) => (this.holder ? this.holder.failed(error) : this.close()));
        this.socket.on('end', () => (this.holder ? this.holder.ended() : this.close()));
        this.socket.on('timeout', () => this.onTimeout?.());
        // Flowing, so that 'end' is emitted: with `onread` no data goes through the socket's own stream.
        this.socket.resume();
    }
    hold(holder) {
        clearTimeout(this.idleTimer);
        this.holder = holder;
        this.onTimeout = undefined;
    }
    resume() {
        this.socket.resume();
    }
    close() {
        clearTimeout(this.idleTimer);
        this.holder = undefined;
        this.onTimeout = undefined;
        this.socket.destroy();
        pool.forget(this);
    }
    /** The exchange is over and left the connection ready for another: it waits in the pool. */
    release() {
        this.holder = undefined;
        this.onTimeout = undefined;
        this.reused = true;
        this.socket.setTimeout(0);
        if (!pool.keep(this))
            return this.close();
        this.idleTimer = setTimeout(() => this.close(), IDLE_MS).unref();
        this.socket.unref();
    }
    received(bytes, buffer) {
        if (this.holder)
            return this.holder.received(bytes, buffer);
        // Bytes nobody asked for (a server talking out of turn): the connection cannot be trusted any more.
        this.close();
        return false;
    }
}
class Pool {
    idle = new Map();
    /** An idle connection to `url`'s origin, else a new one. */
    take(url) {
        const waiting = this.idle.get(url.origin);
        for (let connection = waiting?.pop(); connection; connection = waiting?.pop()) {
            if (connection.socket.destroyed || connection.socket.readyState !== 'open') {
                connection.close();
                continue;
            }
            connection.socket.ref();
            return connection;
        }
        return new Connection(url.origin, url);
    }
    keep(connection) {
        const waiting = this.idle.get(connection.origin) ?? [];
        if (waiting.length >= MAX_IDLE_PER_ORIGIN || connection.socket.destroyed)
            return false;
        waiting.push(connection);
        this.idle.set(connection.origin, waiting);
        return true;
    }
    forget(connection) {
        const waiting = this.idle.get(connection.origin);
        const at = waiting?.indexOf(connection) ?? -1;
        if (at >= 0)
            waiting.splice(at, 1);
    }
}
const pool = new Pool();
function takeConnection(url) {
    return pool.take(url);
}

;// CONCATENATED MODULE: ./src/lib/oci/http1.ts
/** A response head longer than this is refused (registries answer with a few hundred bytes). */
const MAX_HEAD_BYTES = 64 * 1024;
function requestHead(method, url, headers) {
    const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
    for (const [name, value] of Object.entries(headers)) {
        if (/[\r\n]/.test(name) || /[\r\n]/.test(value))
            throw new Error(`refusing a header with a line break: ${name}`);
        lines.push(`${name}: ${value}`);
    }
    return `${lines.join('\r\n')}\r\n\r\n`;
}
/** Where the head ends in `bytes` (the index after its blank line), or -1 when it has not all arrived. */
function headEnd(bytes) {
    const at = bytes.indexOf('\r\n\r\n');
    return at < 0 ? -1 : at + 4;
}
/** Parses a response head (without its blank line); repeated headers are joined with commas as node:http does. */
function parseResponseHead(text) {
    const [statusLine = '', ...lines] = text.split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
    if (!match)
        throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const headers = {};
    for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon <= 0)
            throw new Error(`a malformed response header: ${JSON.stringify(line.slice(0, 80))}`);
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    return { status: Number(match[1]), headers };
}
/** Gathers a response head from reads that may split it anywhere; refuses one longer than MAX_HEAD_BYTES. */
class HeadReader {
    method;
    bytes = Buffer.alloc(0);
    constructor(method) {
        this.method = method;
    }
    /** Bytes of the answer gathered so far (0: nothing has arrived). */
    get received() {
        return this.bytes.length;
    }
    /** Takes a read (copied); the head once it is whole, else undefined. */
    push(data) {
        this.bytes = Buffer.concat([this.bytes, data]);
        const end = headEnd(this.bytes);
        if (end < 0) {
            if (this.bytes.length > MAX_HEAD_BYTES)
                throw new Error(`a response head longer than ${MAX_HEAD_BYTES} bytes`);
            return undefined;
        }
        const head = parseResponseHead(this.bytes.toString('latin1', 0, end - 4));
        return { head, framing: bodyFraming(this.method, head), rest: this.bytes.subarray(end) };
    }
}
/** How the body after `head` ends (RFC 9112 6.3), for a response to `method`. */
function bodyFraming(method, head) {
    const { status, headers } = head;
    if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200))
        return { kind: 'length', length: 0 };
    const encoding = headers['transfer-encoding'];
    if (encoding !== undefined) {
        if (/(?:^|,)\s*chunked\s*$/i.test(encoding))
            return { kind: 'chunked' };
        return { kind: 'close' };
    }
    const length = headers['content-length'];
    if (length === undefined)
        return { kind: 'close' };
    if (!/^\d+$/.test(length))
        throw new Error(`an invalid Content-Length: ${JSON.stringify(length)}`);
    return { kind: 'length', length: Number(length) };
}
/**
 * Decodes a chunked body as it arrives: `push` takes raw bytes and returns the data they hold; `done` turns true
 * after the last chunk and its trailers. Data is returned as views of the input, so callers copy what they keep.
 */
class ChunkedDecoder {
    state = 'size';
    line = '';
    remaining = 0;
    get done() {
        return this.state === 'done';
    }
    push(bytes) {
        const out = [];
        let at = 0;
        while (at < bytes.length && this.state !== 'done') {
            if (this.state === 'data') {
                const take = Math.min(this.remaining, bytes.length - at);
                out.push(bytes.subarray(at, at + take));
                at += take;
                this.remaining -= take;
                if (this.remaining === 0)
                    this.state = 'data-end';
                continue;
            }
            const newline = bytes.indexOf(0x0a, at);
            const end = newline < 0 ? bytes.length : newline + 1;
            this.line += bytes.toString('latin1', at, end);
            at = end;
            if (newline < 0) {
                if (this.line.length > 4096)
                    throw new Error('a chunked body line longer than 4 KB');
                continue;
            }
            const line = this.line.replace(/\r?\n$/, '');
            this.line = '';
            if (this.state === 'size') {
                const size = /^([0-9a-fA-F]+)(?:;.*)?$/.exec(line.trim());
                if (!size)
                    throw new Error(`an invalid chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
                this.remaining = parseInt(size[1], 16);
                this.state = this.remaining === 0 ? 'trailers' : 'data';
            }
            else if (this.state === 'data-end') {
                if (line !== '')
                    throw new Error('a chunk longer than its size line says');
                this.state = 'size';
            }
            else if (line === '') {
                this.state = 'done';
            }
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/lib/oci/socket-pipe.ts



/** Buffers handed to the PUT's socket and not yet written before the GET's socket stops reading. */
const IN_FLIGHT = 8;
/** A failure of the connection itself, coded as the retry policy knows it (retryable.ts). */
function connectionError(message, code) {
    return Object.assign(new Error(message), { code });
}
/** Whether a connection may carry another exchange after this answer (RFC 9112 9.3). */
function keepsAlive(head, framing) {
    return framing.kind !== 'close' && !/(?:^|,)\s*close\s*(?:,|$)/i.test(head.headers.connection ?? '');
}
/**
 * GET `url`; the body is a SocketBody. A kept-alive connection the server closed meanwhile fails before any byte
 * of the answer: the GET is then sent once more on a new connection.
 */
async function socketGet(url, headers, idleTimeoutMs) {
    const connection = takeConnection(url);
    try {
        return await getOn(connection, url, headers, idleTimeoutMs);
    }
    catch (error) {
        if (!connection.reused || !error.beforeAnswer)
            throw error;
        return getOn(new Connection(url.origin, url), url, headers, idleTimeoutMs);
    }
}
function getOn(connection, url, headers, idleTimeoutMs) {
    return new Promise((resolve, reject) => {
        const body = new SocketBody(connection, url, idleTimeoutMs, (head) => resolve({ ...head, body }), reject);
        connection.socket.write(requestHead('GET', url, headers));
        connection.resume();
    });
}
/**
 * The body of a socketGet response. Read as a Readable, each read lands in a fresh buffer; claimed by `pipeTo`,
 * reads land in shared buffers that are reused once the other socket has written them.
 */
class SocketBody extends external_node_stream_.Readable {
    connection;
    idleTimeoutMs;
    onHead;
    onHeadError;
    headReader = new HeadReader('GET');
    parsed;
    framing = { kind: 'close' };
    remaining = 0;
    decoder;
    /** Body bytes that came with the head, delivered before the next read. */
    early;
    /** Bytes after the body: the server did not keep to its framing, so the connection is not reused. */
    overrun = false;
    mode = 'head';
    inFlight = 0;
    paused = false;
    finished = false;
    /** A failure while nobody holds the body yet, surfaced to whoever claims it. */
    pendingError;
    sink;
    constructor(connection, url, idleTimeoutMs, onHead, onHeadError) {
        super({ highWaterMark: CHUNK });
        this.connection = connection;
        this.idleTimeoutMs = idleTimeoutMs;
        this.onHead = onHead;
        this.onHeadError = onHeadError;
        connection.hold(this);
        connection.socket.setTimeout(idleTimeoutMs);
        connection.onTimeout = () => this.fail(connectionError(`no data from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT'));
    }
    get socket() {
        return this.connection.socket;
    }
    /** True when the length is known up front, which a PUT with Content-Length needs. */
    get length() {
        return this.framing.kind === 'length' ? this.framing.length : undefined;
    }
    /** Writes the whole body into `socket`; resolves once the last byte is handed to it. */
    pipeTo(socket) {
        if (this.mode !== 'undecided' || this.framing.kind !== 'length')
            throw new Error(`only an unread body of known length can be piped, not one ${this.mode} with ${this.framing.kind} framing`);
        this.mode = 'pipe';
        return new Promise((resolve, reject) => {
            if (this.pendingError)
                return reject(this.pendingError);
            this.sink = { socket, resolve, reject };
            const early = this.early;
            this.early = undefined;
            if (early && !this.deliver(early, undefined))
                return;
            if (this.remaining === 0)
                this.complete();
            else
                this.resumeSocket();
        });
    }
    _read() {
        if (this.mode === 'undecided') {
            this.mode = 'readable';
            if (this.pendingError)
                return void this.destroy(this.pendingError);
            const early = this.early;
            this.early = undefined;
            if (early && !this.deliver(early, undefined))
                return;
            if (this.finished)
                return;
        }
        this.resumeSocket();
    }
    _destroy(error, callback) {
        if (!this.finished) {
            this.finished = true;
            this.connection.close();
        }
        callback(error);
    }
    nextBuffer() {
        // A buffer pushed to a Readable's consumer is theirs: only the head and the pipe reuse buffers.
        return this.mode === 'readable' ? Buffer.allocUnsafe(CHUNK) : takeBuffer();
    }
    /** Takes one read; false stops the socket reading until resumeSocket. */
    received(bytes, buffer) {
        if (this.finished)
            return false;
        const data = buffer.subarray(0, bytes);
        if (this.mode === 'head')
            return this.receivedHead(data, buffer);
        if (this.mode === 'undecided') {
            // A TLS socket delivers what it has already decrypted even after reading stopped: kept for whoever claims the body.
            this.early = this.early ? Buffer.concat([this.early, data]) : Buffer.from(data);
            freeBuffer(buffer);
            return false;
        }
        return this.deliver(data, this.mode === 'pipe' ? buffer : undefined);
    }
    ended() {
        if (this.finished)
            return;
        if (this.mode !== 'head' && this.framing.kind === 'close')
            return this.finishBody();
        this.failed(connectionError('the server closed the connection before the response ended', 'ECONNRESET'));
    }
    failed(error) {
        this.fail(Object.assign(error, { beforeAnswer: this.mode === 'head' && this.headReader.received === 0 }));
    }
    receivedHead(data, buffer) {
        let read;
        try {
            read = this.headReader.push(data);
        }
        catch (error) {
            this.fail(error);
            return false;
        }
        finally {
            freeBuffer(buffer); // copied by the reader: the buffer is free again
        }
        if (!read)
            return true;
        this.parsed = read.head;
        this.framing = read.framing;
        if (this.framing.kind === 'length')
            this.remaining = this.framing.length;
        if (this.framing.kind === 'chunked')
            this.decoder = new ChunkedDecoder();
        if (read.rest.length > 0)
            this.early = read.rest;
        this.mode = 'undecided';
        this.pauseSocket();
        if (this.framing.kind === 'length' && this.remaining === 0)
            this.finishBody();
        this.onHead(this.parsed);
        return false;
    }
    /**
     * Passes body bytes on (pushed, or written to the sink); false when the socket should stop reading. `buffer` is
     * the shared buffer `data` lies in, freed once written; undefined for bytes that are not in one.
     */
    deliver(data, buffer) {
        if (this.mode === 'pipe')
            return this.forward(data, buffer);
        let more = true;
        if (this.framing.kind === 'chunked') {
            let parts;
            try {
                parts = this.decoder.push(data);
            }
            catch (error) {
                this.fail(error);
                return false;
            }
            for (const part of parts)
                more = this.push(part) && more;
            if (this.decoder.done)
                this.finishBody();
        }
        else if (this.framing.kind === 'length') {
            const part = this.bodyPart(data);
            more = this.push(part);
            if (this.remaining === 0)
                this.finishBody();
        }
        else {
            more = this.push(data);
        }
        if (!more)
            this.pauseSocket();
        return more && !this.finished;
    }
    bodyPart(data) {
        const part = data.subarray(0, this.remaining);
        if (data.length > part.length)
            this.overrun = true;
        this.remaining -= part.length;
        return part;
    }
    forward(data, buffer) {
        const part = this.bodyPart(data);
        this.inFlight++;
        this.sink.socket.write(part, () => this.written(buffer));
        if (this.remaining === 0) {
            this.complete();
            return false;
        }
        if (this.inFlight >= IN_FLIGHT) {
            this.pauseSocket();
            return false;
        }
        return true;
    }
    written(buffer) {
        this.inFlight--;
        if (buffer)
            freeBuffer(buffer);
        if (this.paused && this.mode === 'pipe' && !this.finished && this.inFlight < IN_FLIGHT)
            this.resumeSocket();
    }
    /** The whole body was handed to the sink. */
    complete() {
        this.finished = true;
        this.releaseConnection();
        this.sink?.resolve();
    }
    finishBody() {
        this.finished = true;
        this.releaseConnection();
        this.push(null);
    }
    releaseConnection() {
        this.paused = true;
        if (this.parsed && !this.overrun && keepsAlive(this.parsed, this.framing))
            this.connection.release();
        else
            this.connection.close();
    }
    pauseSocket() {
        this.paused = true;
        this.socket.setTimeout(0); // a consumer that is not reading is not a stalled server
    }
    resumeSocket() {
        if (!this.paused || this.finished)
            return;
        this.paused = false;
        this.socket.setTimeout(this.idleTimeoutMs);
        this.connection.resume();
    }
    fail(error) {
        if (this.finished)
            return;
        this.finished = true;
        this.connection.close();
        // Only a Readable consumer listens for 'error'; the others learn of it through their promise.
        if (this.mode === 'head')
            this.onHeadError(error);
        else if (this.mode === 'undecided')
            this.pendingError = error;
        else if (this.mode === 'pipe')
            this.sink.reject(error);
        else
            this.destroy(error);
    }
}
/**
 * PUT `body` (a SocketBody of known length) to `url`. An answer that comes before the body is all sent (a refusal)
 * is returned as it is, and the source is dropped.
 */
function socketPut(url, headers, body, idleTimeoutMs) {
    const length = body.length;
    if (length === undefined)
        return Promise.reject(new Error('socketPut needs a body of known length'));
    return new Promise((resolve, reject) => {
        const connection = takeConnection(url);
        const answer = new AnswerReader();
        let sent = false;
        let settled = false;
        const settle = (outcome) => {
            if (settled)
                return;
            settled = true;
            if ('error' in outcome) {
                connection.close();
                body.destroy();
                reject(outcome.error);
                return;
            }
            // An answer before the whole body was sent leaves the request half written: that connection cannot be reused.
            if (sent && keepsAlive(outcome.answer.head, outcome.answer.framing))
                connection.release();
            else
                connection.close();
            if (!sent)
                body.destroy();
            resolve({ ...outcome.answer.head, body: external_node_stream_.Readable.from([outcome.answer.body]) });
        };
        const answerOr = (error) => {
            const whole = answer.ended();
            return whole ? { answer: whole } : { error };
        };
        connection.hold({
            nextBuffer: takeBuffer,
            received: (bytes, buffer) => {
                try {
                    const whole = answer.push(buffer.subarray(0, bytes)); // copies what it keeps
                    if (whole)
                        settle({ answer: whole });
                }
                catch (error) {
                    settle({ error });
                }
                finally {
                    freeBuffer(buffer);
                }
                return !settled;
            },
            ended: () => settle(answerOr(connectionError(`${url.host} closed the connection without an answer`, 'ECONNRESET'))),
            // A registry that refuses the upload may answer and close while the body is still being written: the answer wins.
            failed: (error) => settle(answerOr(error))
        });
        connection.socket.setTimeout(idleTimeoutMs);
        connection.onTimeout = () => settle({ error: connectionError(`no answer from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT') });
        connection.socket.write(requestHead('PUT', url, { ...headers, 'content-length': String(length) }));
        connection.resume();
        body.pipeTo(connection.socket).then(() => (sent = true), (error) => settle({ error }));
    });
}
/** Reads a short answer (a PUT's): its head, and up to 64 KB of its body (enough to explain a refusal). */
class AnswerReader {
    headReader = new HeadReader('PUT');
    head;
    framing;
    body = [];
    kept = 0;
    received = 0;
    decoder;
    /** The whole answer once it has arrived, else undefined. */
    push(data) {
        if (!this.head) {
            const read = this.headReader.push(data);
            if (!read)
                return undefined;
            this.head = read.head;
            this.framing = read.framing;
            if (read.framing.kind === 'chunked')
                this.decoder = new ChunkedDecoder();
            data = read.rest;
        }
        const parts = this.decoder ? this.decoder.push(data) : [data];
        for (const part of parts)
            this.keep(part);
        return this.bodyDone() ? this.whole() : undefined;
    }
    /** The answer so far when the connection ended: whole if its framing lets it end here. */
    ended() {
        return this.head && (this.framing?.kind === 'close' || this.bodyDone()) ? this.whole() : undefined;
    }
    bodyDone() {
        return this.decoder?.done === true || (this.framing?.kind === 'length' && this.received >= this.framing.length);
    }
    keep(part) {
        this.received += part.length;
        if (this.kept >= MAX_HEAD_BYTES)
            return;
        const slice = part.subarray(0, MAX_HEAD_BYTES - this.kept);
        this.body.push(Buffer.from(slice));
        this.kept += slice.length;
    }
    whole() {
        const body = Buffer.concat(this.body);
        const framing = this.framing;
        return { head: this.head, framing, body: framing.kind === 'length' ? body.subarray(0, framing.length) : body };
    }
}

;// CONCATENATED MODULE: ./src/lib/oci/stream-http.ts

/**
 * A stream that moves no data for this long is dropped, and callers retry: a response that stops arriving, or an
 * upload the registry stops reading (undici's body and header timeouts, which pause while the other side of the
 * pipe holds the stream back).
 */
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
let loaded;
/**
 * Starts loading undici without waiting for it: a copy that will stream calls this first, so the load overlaps the
 * manifest round trips before the first blob moves.
 */
function preloadStreams() {
    undici().catch(() => undefined); // a failed load surfaces at the first stream
}
function undici() {
    // One connection pool per process, apart from fetch's (a different undici), so neither sees the other's options.
    loaded ??= Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19)).then(({ Agent, request }) => ({ request, dispatcher: new Agent() }));
    return loaded;
}
async function sendStream(url, req, authorization, userAgent = 'pipeline-actions', idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS) {
    const headers = { 'user-agent': userAgent, ...req.headers, ...(authorization && { authorization }) };
    if (req.method === 'GET' && req.pipe)
        return socketGet(url, headers, idleTimeoutMs);
    if (req.method === 'PUT' && req.body instanceof SocketBody && req.body.length !== undefined)
        return socketPut(url, headers, req.body, idleTimeoutMs);
    const { request, dispatcher } = await undici();
    const response = await request(url, {
        method: req.method,
        headers,
        ...(req.body && { body: req.body }),
        dispatcher,
        headersTimeout: idleTimeoutMs,
        bodyTimeout: idleTimeoutMs
    });
    return { status: response.statusCode, headers: joinRepeated(response.headers), body: response.body };
}
/** undici gives a repeated header as an array; node:http joins it with commas (RFC 9110 5.3), as readers here expect. */
function joinRepeated(headers) {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) && name !== 'set-cookie' ? value.join(', ') : value]));
}
async function readText(body) {
    const chunks = [];
    let size = 0;
    try {
        for await (const chunk of body) {
            if (size < 64 * 1024)
                chunks.push(chunk);
            size += chunk.length;
        }
    }
    catch {
        // an error body cut short still explains enough
    }
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./src/lib/oci/transport.ts







const transport_DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
class RegistryTransport {
    registry;
    options;
    baseUrl;
    challenge;
    tokens = new Map();
    /** Token-server round trips, for tests and logs. */
    tokenRequests = 0;
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        const plain = (0,reference/* isLoopback */.U9)(registry) || options.insecure === true;
        this.baseUrl = `${plain ? 'http' : 'https'}://${(0,reference/* apiHost */.nz)(registry)}`;
    }
    resolvedCredentials;
    knownCredentials;
    get hasCredentials() {
        return typeof this.options.credentials === 'function' ? this.knownCredentials !== undefined : this.options.credentials !== undefined;
    }
    credentials() {
        const source = this.options.credentials;
        this.resolvedCredentials ??= (typeof source === 'function' ? source() : Promise.resolve(source)).then((found) => (this.knownCredentials = found));
        return this.resolvedCredentials;
    }
    async request(req) {
        const once = () => this.authenticated(req);
        // Unretried requests fail raw, so the caller retrying the whole operation can tell what is worth retrying.
        if (req.retry === false)
            return once();
        try {
            return await withRetry(once, {
                policy: this.options.retry ?? DEFAULT_RETRY,
                classify: classifyRegistryFailure,
                onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`${req.method} ${this.describePath(req.path)}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
            });
        }
        catch (error) {
            throw this.asRegistryError(error, req);
        }
    }
    /** Learns the registry's challenge and obtains a token for the scopes, so bad credentials fail before any write. */
    async authenticate(scopes) {
        await this.request({ method: 'GET', path: '/v2/', scopes, accept: [200] });
    }
    /**
     * The actions a Bearer token grants on a repository, when the token is a JWT with distribution's `access` claim
     * (Docker Hub, distribution, Harbor...); undefined when that cannot be known (opaque tokens, Basic, anonymous).
     */
    async grantedActions(scopes, repository) {
        const pending = this.tokens.get(scopeKey(scopes));
        const token = pending && (await pending.catch(() => undefined));
        const payload = token?.value.split('.')[1];
        if (!payload)
            return undefined;
        try {
            const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
            if (!Array.isArray(claims.access))
                return undefined;
            return claims.access.filter((a) => a.type === 'repository' && a.name === repository).flatMap((a) => a.actions ?? []);
        }
        catch {
            return undefined;
        }
    }
    asRegistryError(error, req) {
        if (error instanceof RegistryError)
            return error;
        const what = req ? `${req.method} ${this.describePath(req.path)}` : 'request';
        if (error instanceof RetryableStatusError)
            return new RegistryError(this.registry, `${what} kept failing: HTTP ${error.status}${error.detail ? ` (${error.detail})` : ''}`, error.status);
        if (error instanceof RegistryRequestTimeout)
            return new RegistryError(this.registry, `${what} kept failing: ${error.reason}, on every try (${this.baseUrl})`);
        if (isNetworkError(error))
            return new RegistryError(this.registry, `${what} failed: connection error ${networkErrorCode(error) ?? ''} (${this.baseUrl}); check the registry address and that this runner can reach it`.replace('  ', ' '));
        const unreachable = unreachableReason(networkErrorCode(error), this.baseUrl);
        if (unreachable)
            return new RegistryError(this.registry, `${what} failed: ${unreachable}`);
        return error instanceof Error ? error : new Error(String(error));
    }
    describePath(path) {
        try {
            return new URL(path, this.baseUrl).pathname;
        }
        catch {
            return path;
        }
    }
    async authenticated(req) {
        const sent = await this.authorization(req.scopes);
        let response = await this.send(req, sent);
        if (response.status === 401 && !req.accept.includes(401))
            this.refuseForeignChallenge(response.url, `${req.method} ${this.describePath(req.path)}`);
        if (response.status === 401 && !req.accept.includes(401)) {
            const challenges = parseChallenges(response.headers.get('www-authenticate'));
            await response.body?.cancel();
            const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
            if (chosen)
                this.challenge = chosen;
            // A rejected Bearer token may have expired or lacked a scope: fetch a fresh one once. Rejected Basic
            // credentials stay rejected. A consumed stream body cannot be sent again.
            if (sent?.startsWith('Bearer '))
                this.tokens.delete(scopeKey(req.scopes));
            const canResend = chosen !== undefined && (sent === undefined || chosen.scheme === 'bearer') && !(req.retry === false && req.body);
            if (canResend) {
                const scopes = [...new Set([...req.scopes, ...(chosen.params.scope ? chosen.params.scope.split(' ') : [])])];
                response = await this.send(req, await this.authorization(req.scopes, scopes));
            }
            else {
                response = new Response(null, { status: 401 });
            }
        }
        if (req.accept.includes(response.status))
            return response;
        const text = req.method === 'HEAD' ? '' : await response.text().catch(() => '');
        throw this.failure(response.status, response.headers.get('retry-after'), text, `${req.method} ${this.describePath(req.path)}`);
    }
    /** The error for an unexpected status: retryable (429, 5xx) or a RegistryError that says what to check. */
    failure(status, retryAfter, text, what) {
        const { code, detail } = describeErrorBody(text);
        if (RETRYABLE_STATUSES.has(status))
            return new RetryableStatusError(this.registry, status, parseRetryAfter(retryAfter), detail);
        if (status === 401) {
            return new RegistryError(this.registry, `${what}: authentication failed (HTTP 401${detail ? ` ${detail}` : ''}); ${this.hasCredentials ? 'check the username and password for this registry and that they may access this repository' : 'this registry needs credentials'}`, 401, code);
        }
        if (status === 403) {
            return new RegistryError(this.registry, `${what}: access denied (HTTP 403${detail ? ` ${detail}` : ''}); the credentials lack permission for this repository`, 403, code);
        }
        return new RegistryError(this.registry, `${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`, status, code);
    }
    /**
     * A GET or PUT with a stream body, for blobs: backpressure holds end to end, so a layer is never
     * buffered. GETs follow redirects (storage back ends), sending credentials only to the registry itself. Not
     * retried here: the caller retries the whole copy.
     */
    async stream(req) {
        const origin = new URL(this.baseUrl).origin;
        let url = new URL(req.path, this.baseUrl);
        let authorization = await this.authorization(req.scopes);
        let challenged = false;
        for (let hop = 0; hop < 6; hop++) {
            const sameOrigin = url.origin === origin;
            const response = await sendStream(url, req, sameOrigin ? authorization : undefined, this.options.userAgent, this.options.idleTimeoutMs);
            const { status } = response;
            if (req.method === 'GET' && REDIRECTS.has(status) && response.headers.location) {
                response.body.resume();
                url = new URL(response.headers.location, url);
                continue;
            }
            if (status === 401 && !sameOrigin) {
                response.body.resume();
                this.refuseForeignChallenge(url.href, `${req.method} ${this.describePath(req.path)}`);
            }
            if (status === 401 && sameOrigin && !req.body && !challenged) {
                challenged = true;
                response.body.resume();
                const chosen = parseChallenges(response.headers['www-authenticate']).find((c) => c.scheme === 'bearer' || c.scheme === 'basic');
                if (chosen)
                    this.challenge = chosen;
                this.tokens.delete(scopeKey(req.scopes));
                authorization = await this.authorization(req.scopes);
                continue;
            }
            if (req.accept.includes(status))
                return response;
            const text = await readText(response.body);
            throw this.failure(status, response.headers['retry-after'], text, `${req.method} ${url.pathname}`);
        }
        throw new RegistryError(this.registry, `${req.method} ${this.describePath(req.path)}: too many redirects`);
    }
    /**
     * A 401 from a host a redirect led to is not this registry asking: its challenge would send this registry's
     * credentials to a token server the user never named. Credentials go only to the registry and to the realm the
     * registry itself announces.
     */
    refuseForeignChallenge(answeredBy, what) {
        let origin;
        try {
            origin = new URL(answeredBy).origin;
        }
        catch {
            return;
        }
        if (origin === new URL(this.baseUrl).origin)
            return;
        throw new RegistryError(this.registry, `${what} was redirected to ${origin}, which asks for authentication; the credentials for ${this.registry} go only to it and to the token server it names, so this is refused`, 401);
    }
    async send(req, authorization) {
        const url = new URL(req.path, this.baseUrl);
        const sameOrigin = url.origin === new URL(this.baseUrl).origin;
        const headers = { 'user-agent': this.options.userAgent ?? 'pipeline-actions', ...req.headers };
        if (authorization && sameOrigin)
            headers.authorization = authorization;
        const body = req.body?.();
        return this.timed(() => fetch(url, {
            method: req.method,
            headers,
            ...(body !== undefined && { body, duplex: 'half' }),
            redirect: 'follow',
            signal: AbortSignal.timeout(this.requestTimeoutMs)
        }));
    }
    get requestTimeoutMs() {
        return this.options.requestTimeoutMs ?? transport_DEFAULT_REQUEST_TIMEOUT_MS;
    }
    /** A fetch whose timeout signal fired comes out as a RegistryRequestTimeout (retried, and named with the timeout). */
    async timed(send) {
        try {
            return await send();
        }
        catch (error) {
            if (error?.name === 'TimeoutError')
                throw new RegistryRequestTimeout(this.registry, this.requestTimeoutMs);
            throw error;
        }
    }
    /** The Authorization header for `scopes` (cached per scope set; concurrent callers share one token request). */
    async authorization(scopes, requestScopes = scopes) {
        const challenge = this.challenge;
        if (!challenge)
            return undefined;
        const credentials = await this.credentials();
        if (challenge.scheme === 'basic') {
            if (credentials?.username === IDENTITY_TOKEN_USER)
                throw new RegistryError(this.registry, 'the registry asks for Basic authentication, but the docker config holds an identity token for it (usable only with a Bearer token server)');
            return credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
        }
        if (challenge.scheme !== 'bearer')
            return undefined;
        const key = scopeKey(scopes);
        let pending = this.tokens.get(key);
        if (pending) {
            const cached = await pending.catch(() => undefined);
            if (!cached || cached.expiresAt <= Date.now()) {
                if (this.tokens.get(key) === pending)
                    this.tokens.delete(key);
                pending = undefined;
            }
        }
        if (!pending) {
            pending = this.fetchToken(challenge, requestScopes);
            this.tokens.set(key, pending);
            pending.catch(() => this.tokens.get(key) === pending && this.tokens.delete(key));
        }
        return `Bearer ${(await pending).value}`;
    }
    async fetchToken(challenge, scopes) {
        const realm = challenge.params.realm;
        if (!realm)
            throw new RegistryError(this.registry, 'the registry asked for a Bearer token but named no realm');
        const url = new URL(realm);
        if (url.protocol === 'http:' && !(0,reference/* isLoopback */.U9)(url.host) && !this.options.insecure) {
            throw new RegistryError(this.registry, `refusing to send credentials to the plain-http token realm ${url.origin}`);
        }
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const credentials = await this.credentials();
        const headers = { 'user-agent': this.options.userAgent ?? 'pipeline-actions' };
        // An identity token is an OAuth2 refresh token: POSTed to the realm (distribution's token spec, "oauth"), not Basic.
        const oauth = credentials?.username === IDENTITY_TOKEN_USER ? oauthForm(credentials.password, challenge.params.service, scopes) : undefined;
        if (credentials && !oauth)
            headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        if (oauth)
            headers['content-type'] = 'application/x-www-form-urlencoded';
        const response = await withRetry(async () => {
            this.tokenRequests++;
            const signal = AbortSignal.timeout(this.requestTimeoutMs);
            const answer = await this.timed(() => (oauth ? fetch(`${url.origin}${url.pathname}`, { method: 'POST', headers, body: oauth, signal }) : fetch(url, { headers, signal })));
            if (RETRYABLE_STATUSES.has(answer.status)) {
                const { detail } = describeErrorBody(await answer.text().catch(() => ''));
                throw new RetryableStatusError(this.registry, answer.status, parseRetryAfter(answer.headers.get('retry-after')), detail);
            }
            return answer;
        }, { policy: this.options.retry ?? DEFAULT_RETRY, classify: classifyRegistryFailure }).catch((error) => {
            throw this.asRegistryError(error, { method: 'GET', path: `${url.origin}${url.pathname}` });
        });
        if (!response.ok) {
            const { detail } = describeErrorBody(await response.text().catch(() => ''));
            throw new RegistryError(this.registry, `the token server ${url.origin}${url.pathname} refused ${credentials ? 'the credentials' : 'an anonymous token'} (HTTP ${response.status}${detail ? ` ${detail}` : ''})`, response.status);
        }
        const body = (await response.json());
        const value = body.token ?? body.access_token;
        if (!value)
            throw new RegistryError(this.registry, `the token server ${url.origin} answered without a token`);
        // Renew a little early so a token never expires mid-request.
        const lifetimeMs = Math.max(30, body.expires_in ?? 60) * 1000;
        return { value, expiresAt: Date.now() + lifetimeMs - 10_000 };
    }
}
function oauthForm(refreshToken, service, scopes) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'pipeline-actions' });
    if (service)
        form.set('service', service);
    if (scopes.length > 0)
        form.set('scope', scopes.join(' '));
    return form.toString();
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}
function pullScope(repository) {
    return `repository:${repository}:pull`;
}
function pushScope(repository) {
    return `repository:${repository}:pull,push`;
}
/**
 * Failures no retry can fix, in words a user can act on: a host name that does not resolve, a certificate the runner
 * does not trust. Undefined for anything else (a real defect stays a bug report).
 */
function unreachableReason(code, baseUrl) {
    if (code === undefined)
        return undefined;
    const host = new URL(baseUrl).host;
    if (code === 'ENOTFOUND')
        return `the host name ${host} does not resolve (ENOTFOUND): check the registry in the image reference, and that this runner's DNS knows it`;
    if (/^(?:CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/.test(code)) {
        return `the TLS certificate of ${host} is not trusted (${code}): give the runner its CA (NODE_EXTRA_CA_CERTS), or fix the certificate`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/lib/oci/client.ts







/**
 * Blobs from this size up are copied socket to socket (socket-pipe.ts), at a fraction of the CPU per byte. Smaller
 * ones share undici's pool with every other stream, where the bytes saved are too few to matter.
 */
const PIPE_MIN_BYTES = 1024 * 1024;
const piped = (blob) => blob.size >= PIPE_MIN_BYTES;
/** Slots no other copy shares: one blob on its own. */
const ownSlots = () => ({ streams: createLimiter(1), ahead: createLimiter(1) });
class RegistryClient {
    registry;
    options;
    transport;
    stats = { blobsMounted: 0, blobsCopied: 0, blobsSkipped: 0, bytesCopied: 0, manifestsWritten: 0 };
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        this.transport = new RegistryTransport(registry, options);
    }
    /** Obtains authorization for `repository` (push too when `write`), failing early on bad credentials. */
    async checkAccess(repository, write, extraScopes = []) {
        const scopes = [write ? pushScope(repository) : pullScope(repository), ...extraScopes];
        await this.transport.authenticate(scopes);
        if (!write)
            return;
        const granted = await this.transport.grantedActions(scopes, repository);
        if (granted && !granted.includes('push') && !granted.includes('*')) {
            throw new RegistryError(this.registry, `the credentials may not push to ${repository} (the token server granted ${granted.length > 0 ? granted.join(', ') : 'no access'})`, 403);
        }
    }
    /** The manifest bytes exactly as stored; undefined when the registry has no such tag or digest. */
    async getManifest(repository, reference) {
        const path = `/v2/${repository}/manifests/${reference}`;
        const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], headers: { accept: MANIFEST_ACCEPT }, accept: [200, 404] });
        if (response.status === 404) {
            await response.body?.cancel();
            return undefined;
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        const digest = sha256Digest(bytes);
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new RegistryError(this.registry, `the manifest served for ${repository}@${reference} hashes to ${digest}; refusing it`);
        }
        const mediaType = parseManifest(bytes, response.headers.get('content-type') ?? undefined).mediaType;
        return { bytes, mediaType, digest };
    }
    /** The digest a tag or digest points at, without the body; undefined when absent. */
    async headManifest(repository, reference) {
        const path = `/v2/${repository}/manifests/${reference}`;
        const response = await this.transport.request({ method: 'HEAD', path, scopes: [pullScope(repository)], headers: { accept: MANIFEST_ACCEPT }, accept: [200, 404] });
        if (response.status === 404)
            return undefined;
        const digest = response.headers.get('docker-content-digest');
        if (!digest) {
            // Some registries omit the header on HEAD: the body is the only trustworthy source.
            const manifest = await this.getManifest(repository, reference);
            return manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length };
        }
        return { digest, mediaType: response.headers.get('content-type') ?? '', size: Number(response.headers.get('content-length') ?? 0) };
    }
    /** Every tag of a repository (following `Link` pagination); empty when the repository does not exist. */
    async listTags(repository) {
        const tags = [];
        let path = `/v2/${repository}/tags/list?n=1000`;
        while (path) {
            const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], accept: [200, 404] });
            if (response.status === 404) {
                await response.body?.cancel();
                return tags;
            }
            const body = (await response.json());
            tags.push(...(body.tags ?? []));
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
            path = next && new URL(next, this.transport.baseUrl).toString();
        }
        return tags;
    }
    /**
     * Stores the bytes unchanged under a tag or their digest; returns the digest the registry reports. Bytes are
     * never sent under a digest they do not hash to, so a DIGEST_INVALID answer is the registry's own transient
     * failure and is retried: distribution's filesystem storage rewrites a blob's link file in place whenever the blob
     * is uploaded or mounted again, and a manifest PUT that checks that blob meanwhile reads an empty link and answers
     * DIGEST_INVALID (another job pushing the same base layers is enough).
     */
    async putManifest(repository, reference, manifest) {
        const digest = sha256Digest(manifest.bytes);
        if (reference.startsWith('sha256:') && reference !== digest)
            throw new Error(`refusing to store a manifest that hashes to ${digest} under ${repository}@${reference}`);
        const response = await withRetry(() => this.transport.request({
            method: 'PUT',
            path: `/v2/${repository}/manifests/${reference}`,
            scopes: [pushScope(repository)],
            headers: { 'content-type': manifest.mediaType },
            body: () => new Uint8Array(manifest.bytes),
            accept: [200, 201]
        }), {
            policy: this.options.retry ?? DEFAULT_RETRY,
            classify: (error) => error instanceof RegistryError && error.status === 400 && error.code === 'DIGEST_INVALID'
                ? { retry: true, reason: `the registry reported a digest mismatch for bytes that hash to ${digest}` }
                : { retry: false },
            onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`PUT /v2/${repository}/manifests/${reference}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
        });
        await response.body?.cancel();
        this.stats.manifestsWritten++;
        return response.headers.get('docker-content-digest') ?? digest;
    }
    async hasBlob(repository, digest) {
        const response = await this.transport.request({ method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, scopes: [pullScope(repository)], accept: [200, 404] });
        return response.status === 200;
    }
    /**
     * Asks the registry to link a blob from another repository (201: no upload). When it will not (202), returns the
     * upload session it opened instead.
     */
    async mountBlob(repository, digest, fromRepository) {
        const response = await this.transport.request({
            method: 'POST',
            path: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`,
            scopes: [pushScope(repository), pullScope(fromRepository)],
            headers: { 'content-length': '0' },
            accept: [201, 202]
        });
        await response.body?.cancel();
        if (response.status === 201)
            return { mounted: true };
        return { mounted: false, location: this.location(response) };
    }
    async startUpload(repository) {
        const response = await this.transport.request({
            method: 'POST',
            path: `/v2/${repository}/blobs/uploads/`,
            scopes: [pushScope(repository)],
            headers: { 'content-length': '0' },
            accept: [202]
        });
        await response.body?.cancel();
        return this.location(response);
    }
    /**
     * A blob as a Node stream (never buffered), with its size. `pipe` reads it through the socket pipe, for a copy
     * that uploads it right away (see PIPE_MIN_BYTES).
     */
    async openBlob(repository, digest, pipe = false) {
        const { body, headers } = await this.transport.stream({
            method: 'GET',
            path: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            headers: { 'accept-encoding': 'identity' },
            accept: [200],
            pipe
        });
        const length = headers['content-length'];
        return { body, size: length === undefined ? undefined : Number(length) };
    }
    /** Completes an upload session with one streamed PUT; the registry checks the digest. */
    async finishUpload(repository, location, digest, body, size) {
        const url = new URL(location, this.transport.baseUrl);
        url.searchParams.set('digest', digest);
        const response = await this.transport.stream({
            method: 'PUT',
            path: url.toString(),
            scopes: [pushScope(repository)],
            headers: { 'content-type': 'application/octet-stream', ...(size !== undefined && { 'content-length': String(size) }) },
            body,
            accept: [201, 204]
        });
        response.body.resume();
    }
    /**
     * Makes `descriptor` exist in `repository`: a mount when the source is on this registry; else nothing when the
     * blob is already there, or a stream from `source` straight into an upload (the whole operation is retried).
     * `slots` bounds the work when several blobs are copied at once (see CopySlots); each call is on its own without.
     */
    async ensureBlob(descriptor, repository, source, sourceRepository, slots = ownSlots()) {
        const { digest } = descriptor;
        const retried = (operation) => this.retriedBlobWrite('copy', repository, digest, operation);
        // On one registry a mount answers 201 whether or not the blob is already linked: a HEAD first would only add a
        // round trip.
        if (source.registry === this.registry)
            return slots.streams.run(() => retried(() => this.mountOrCopy(descriptor, repository, source, sourceRepository)));
        // Across registries the blob's HEAD and its upload session happen while it waits for a stream slot, so a slot
        // that frees up moves bytes after one round trip (the source GET), not three.
        const leaveAhead = await slots.ahead.acquire();
        let session;
        let leaveStream;
        try {
            if (await this.hasBlob(repository, digest)) {
                this.stats.blobsSkipped++;
                return 'present';
            }
            session = this.startUpload(repository);
            session.catch(() => undefined); // read below, once the stream slot is ours
            leaveStream = await slots.streams.acquire();
        }
        finally {
            leaveAhead();
        }
        try {
            return await retried(async () => {
                // The first try uses the session opened ahead; a retry opens a fresh one. Either way the source stream opens
                // at the same time, so no round trip is spent on the session alone.
                const opening = session ?? this.startUpload(repository);
                session = undefined;
                const [opened, blob] = await Promise.allSettled([opening, source.openBlob(sourceRepository, digest, piped(descriptor))]);
                if (opened.status === 'rejected' || blob.status === 'rejected') {
                    if (blob.status === 'fulfilled')
                        blob.value.body.destroy();
                    throw opened.status === 'rejected' ? opened.reason : blob.reason;
                }
                return this.upload(repository, opened.value, descriptor, blob.value);
            });
        }
        finally {
            leaveStream();
        }
    }
    /** A whole blob write (session, stream, commit), retried as one; a failure on every try names the blob's PUT. */
    retriedBlobWrite(what, repository, digest, operation) {
        return withRetry(operation, {
            policy: this.options.retry ?? DEFAULT_RETRY,
            classify: classifyRegistryFailure,
            onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`${what} of blob ${digest}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
        }).catch((error) => {
            throw this.transport.asRegistryError(error, { method: 'PUT', path: `/v2/${repository}/blobs/${digest}` });
        });
    }
    async mountOrCopy(descriptor, repository, source, sourceRepository) {
        const { digest } = descriptor;
        // Credentials that may not read the source repository cannot mount from it: copy through the source client.
        const mount = await this.mountBlob(repository, digest, sourceRepository).catch((error) => {
            if (error instanceof RegistryError && (error.status === 401 || error.status === 403))
                return undefined;
            throw error;
        });
        if (mount?.mounted) {
            this.stats.blobsMounted++;
            return 'mounted';
        }
        const location = mount?.location ?? (await this.startUpload(repository));
        return this.upload(repository, location, descriptor, await source.openBlob(sourceRepository, digest, piped(descriptor)));
    }
    /** Streams an opened source blob into an upload session (the stream is destroyed when the upload fails). */
    async upload(repository, location, descriptor, blob) {
        try {
            await this.finishUpload(repository, location, descriptor.digest, blob.body, blob.size ?? descriptor.size);
        }
        catch (error) {
            blob.body.destroy();
            throw error;
        }
        this.stats.blobsCopied++;
        this.stats.bytesCopied += descriptor.size;
        return 'copied';
    }
    /**
     * Makes a local blob exist in `repository`: nothing when it is already there, else an upload of `open()`'s stream
     * (a fresh one for every try; the whole upload is retried as `ensureBlob`'s copy is).
     */
    async uploadBlob(repository, descriptor, open) {
        const { digest } = descriptor;
        if (await this.hasBlob(repository, digest)) {
            this.stats.blobsSkipped++;
            return 'present';
        }
        await this.retriedBlobWrite('upload', repository, digest, async () => {
            const location = await this.startUpload(repository);
            const body = open();
            try {
                await this.finishUpload(repository, location, digest, body, descriptor.size);
            }
            finally {
                body.destroy();
            }
        });
        this.stats.blobsCopied++;
        this.stats.bytesCopied += descriptor.size;
        return 'uploaded';
    }
    /**
     * Manifests that name `digest` as their subject. Uses the referrers API; when the registry lacks it, reads the
     * `sha256-<hex>` fallback index. `supported` tells which one answered.
     */
    async referrers(repository, digest) {
        const response = await this.transport.request({
            method: 'GET',
            path: `/v2/${repository}/referrers/${digest}`,
            scopes: [pullScope(repository)],
            headers: { accept: OCI_INDEX },
            accept: [200, 400, 404, 405]
        });
        if (response.status === 200 && (response.headers.get('content-type') ?? '').includes(OCI_INDEX)) {
            const bytes = Buffer.from(await response.arrayBuffer());
            return { supported: true, descriptors: parseManifest(bytes, OCI_INDEX).manifests };
        }
        await response.body?.cancel();
        const fallback = await this.getManifest(repository, referrersTag(digest));
        return { supported: false, descriptors: fallback ? parseManifest(fallback.bytes, fallback.mediaType).manifests : [] };
    }
    location(response) {
        const location = response.headers.get('location');
        if (!location)
            throw new RegistryError(this.registry, 'the registry opened an upload without a Location header');
        return new URL(location, this.transport.baseUrl).toString();
    }
}

;// CONCATENATED MODULE: ./src/lib/oci/credentials.ts
/** Registry credentials: given by inputs, or found in a docker `config.json` (`auths`, credential helpers). */





const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
/** The `auths` entry for a registry; keys may be bare hosts or URLs (`https://host/v1/`). */
function credentialsFromDockerConfig(config, registry) {
    const wanted = (0,reference/* normaliseRegistry */.Me)(registry);
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        const host = (0,reference/* normaliseRegistry */.Me)(key.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
        const matches = host === wanted || (wanted === reference/* DOCKER_HUB */.Xb && DOCKER_HUB_KEYS.includes(key));
        if (!matches)
            continue;
        if (entry.identitytoken)
            return { username: '<token>', password: entry.identitytoken };
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password };
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
    }
    return undefined;
}
/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; undefined when absent or unreadable. */
function readDockerConfig(env = process.env) {
    const file = external_node_path_default().join(env.DOCKER_CONFIG ?? external_node_path_default().join(env.HOME ?? (0,external_node_os_.homedir)(), '.docker'), 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/**
 * Where the docker CLI would look for this registry's credentials: its `credHelpers` entry, then a stored `auths`
 * entry, then `credsStore`. `runHelper` is the helper runner (tests may pass another program runner).
 */
function dockerConfigCredentials(config, registry, runHelper = runCredentialHelper) {
    if (!config)
        return undefined;
    const ownHelper = helperFor({ credHelpers: config.credHelpers ?? {} }, registry);
    if (ownHelper)
        return () => runHelper(ownHelper, registry);
    const stored = credentialsFromDockerConfig(config, registry);
    if (stored)
        return stored;
    const store = helperFor({ ...(config.credsStore && { credsStore: config.credsStore }) }, registry);
    return store ? () => runHelper(store, registry) : undefined;
}
/**
 * Masks what credentials put in a log if echoed: the password, and the base64 of `user:password` that a Basic
 * Authorization header carries (a registry that echoes the header would print it).
 */
function maskCredentials(credentials, mask) {
    mask(credentials.password);
    mask(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
}
/** Calls maskCredentials with what the source yields, when it yields it (a helper's secret is known only then). */
function maskingSecrets(source, mask) {
    if (source === undefined)
        return undefined;
    if (typeof source !== 'function') {
        maskCredentials(source, mask);
        return source;
    }
    return async () => {
        const found = await source();
        if (found)
            maskCredentials(found, mask);
        return found;
    };
}

;// CONCATENATED MODULE: ./src/lib/oci/same-image.ts
/** The repository a reference names, registry included: `docker.io/library/nginx`. */
function repositoryOf(reference) {
    return `${reference.registry}/${reference.repository}`;
}
/** The reference written back in its normalised form: `registry/repository[:tag][@digest]`. */
function formatReference(reference) {
    return `${repositoryOf(reference)}${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}
/**
 * Compares `a` and `b`. `digestOf` gives the digest a reference stands for when it is known from elsewhere
 * (undefined when not); a reference's own digest wins over its tag, as the container runtime pulls by digest then.
 * When a digest is still missing, the answer names the references to resolve.
 */
function sameImage(a, b, digestOf = () => undefined) {
    if (repositoryOf(a) !== repositoryOf(b))
        return { same: false, why: `${repositoryOf(a)} is another repository than ${repositoryOf(b)}` };
    const da = a.digest ?? digestOf(a);
    const db = b.digest ?? digestOf(b);
    if (da !== undefined && db !== undefined)
        return da === db ? { same: true, by: 'digest' } : { same: false, why: `${formatReference(a)} is ${da}, ${formatReference(b)} is ${db}` };
    // Same tag and no digest on either side: the same name, which the runtime resolves the same way.
    if (a.digest === undefined && b.digest === undefined && (a.tag ?? 'latest') === (b.tag ?? 'latest'))
        return { same: true, by: 'tag' };
    return { same: 'unknown', needs: [...(da === undefined ? [a] : []), ...(db === undefined ? [b] : [])] };
}

;// CONCATENATED MODULE: ./src/health-rollback/expected-image.ts





/** The digests the pods report for each image as written in their spec (`image` → imageID's digest). */
function podDigests(pods) {
    const found = new Map();
    for (const pod of pods) {
        for (const status of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
            const digest = /@(sha256:[a-f0-9]{64})$/.exec(status.imageID ?? '')?.[1];
            const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === status.name);
            if (digest && spec?.image)
                found.set(expected_image_normalised(spec.image) ?? spec.image, digest);
        }
    }
    return found;
}
function expected_image_normalised(image) {
    try {
        return formatReference((0,reference/* parseReference */.F2)(image));
    }
    catch {
        return undefined;
    }
}
/** Whether any of the `running` images is `expected`, resolving tags only when the answer depends on them. */
async function checkExpectedImage(expected, running, pods, resolve) {
    const want = (0,reference/* parseReference */.F2)(expected);
    const known = podDigests(pods);
    const digestOf = (reference) => known.get(formatReference(reference));
    const reasons = [];
    for (const image of running) {
        let have;
        try {
            have = (0,reference/* parseReference */.F2)(image);
        }
        catch {
            continue;
        }
        const first = sameImage(want, have, digestOf);
        if (first.same === true)
            return { ok: true };
        if (first.same === false)
            continue;
        for (const reference of first.needs) {
            const resolved = await resolve(reference);
            if ('digest' in resolved)
                known.set(formatReference(reference), resolved.digest);
            else
                reasons.push(`cannot resolve ${formatReference(reference)}: ${resolved.why}`);
        }
        if (sameImage(want, have, digestOf).same === true)
            return { ok: true };
    }
    const runs = `the Deployment runs ${running.join(', ')}, not the expected ${expected}`;
    return { ok: false, why: reasons.length > 0 ? `${runs} (${reasons.join('; ')}; give expected-image by digest, as build-push's image-ref output does, to compare without the registry)` : runs };
}
/** Resolves tags with one manifest HEAD per reference, authenticated as the docker CLI would be. */
function registryTagResolver(env) {
    const config = readDockerConfig(env);
    return async (reference) => {
        try {
            const credentials = dockerConfigCredentials(config, reference.registry);
            const client = new RegistryClient(reference.registry, { ...(credentials && { credentials }), retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 } });
            const head = await client.headManifest(reference.repository, reference.tag ?? 'latest');
            return head ? { digest: head.digest } : { why: 'the registry has no such tag' };
        }
        catch (error) {
            return { why: (0,errors/* errorMessage */.gJ)(error) };
        }
    };
}

;// CONCATENATED MODULE: ./src/health-rollback/watch-rollout.ts
/**
 * The rollout phase: waits for the Deployment's rollout (failing fast on terminal pod states), records the known-good
 * revision once the controller has observed the new template, and judges a rollout that failed, timed out or is not
 * ours (another image than the expected one, compared by digest) as unhealthy.
 */





async function watchRollout(ctx, target) {
    const { inputs, clock, log, timeline } = ctx;
    let baseline;
    try {
        const waited = await waitFor(target, {
            timeoutMs: inputs.rolloutTimeoutMs,
            pollMs: ctx.pollMs,
            clock,
            log,
            judge: (snapshot) => judgeDeployRollout(snapshot, inputs.maxRestarts, clock.now()),
            onVerdict: (verdict, snapshot) => {
                if (timeline.rollout('deploy', verdict.state, verdict.message))
                    log(`rollout: ${verdict.message}`);
                const d = snapshot.deployment;
                if (!baseline && (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0))
                    baseline = recordBaseline(d, snapshot.replicaSets, inputs.toRevision);
            }
        });
        baseline ??= recordBaseline(waited.snapshot.deployment, waited.snapshot.replicaSets, inputs.toRevision);
        await ctx.pods.report('problems' in waited.verdict ? waited.verdict.problems : []);
        const running = baseline.ok ? baseline.knownGood.fromImages : baseline.fromImages;
        const expected = inputs.expectedImage ? await checkExpectedImage(inputs.expectedImage, running, waited.snapshot.pods, registryTagResolver(inputs.registryEnv)) : { ok: true };
        const { failed, ...judged } = judgeRollout(waited.verdict, expected, inputs);
        if (failed)
            ctx.marks.firstFailureAt = clock.now();
        noteBaseline(timeline, baseline);
        return { readable: true, baseline, paused: waited.snapshot.deployment.spec?.paused === true, ...judged };
    }
    catch (error) {
        const message = kubeErrorMessage(error);
        timeline.add({ kind: 'note', level: 'warning', message: `cannot read the Deployment: ${message}` });
        return { readable: false, message };
    }
}
function judgeRollout(verdict, expected, inputs) {
    // Checked whatever the verdict: a rollout that is not ours (failing or not) is never rolled back by us.
    if (!expected.ok) {
        const foreignChange = `${expected.why}: another rollout may have replaced it, so it is not rolled back`;
        return { unhealthy: foreignChange, foreignChange };
    }
    if (verdict.state === 'failed')
        return { unhealthy: `the rollout failed: ${verdict.message}`, failed: true };
    if (verdict.state === 'timeout')
        return { unhealthy: `the rollout did not finish within ${Math.round(inputs.rolloutTimeoutMs / 1000)} s: ${verdict.message}` };
    return {};
}
function noteBaseline(timeline, baseline) {
    if (!baseline.ok)
        timeline.add({ kind: 'note', level: 'warning', message: `no rollback possible: ${baseline.why}` });
    else
        timeline.add({ kind: 'note', level: 'info', message: `known-good revision recorded: ${baseline.knownGood.revision} (${baseline.knownGood.images.join(', ')})` });
}

;// CONCATENATED MODULE: ./src/health-rollback/workload-rollout.ts
/**
 * The rollout phase for a StatefulSet or DaemonSet: waits for its rollout as `kubectl rollout status` reads it
 * (failing fast on terminal pod states), records the known-good revision once the controller has observed the new
 * template, and judges a rollout that failed, timed out or is not ours (another image than the expected one) as
 * unhealthy. An update strategy kubectl cannot follow (OnDelete) makes the run fail without a rollback.
 */




async function watchWorkloadRollout(ctx, target) {
    const { inputs, clock, log, timeline } = ctx;
    let baseline;
    try {
        const waited = await waitForWorkload(target, {
            timeoutMs: inputs.rolloutTimeoutMs,
            pollMs: ctx.pollMs,
            clock,
            log,
            judge: (snapshot) => judgeWorkloadRollout(snapshot, inputs.maxRestarts, clock.now()),
            onVerdict: (verdict, snapshot) => {
                if (timeline.rollout('deploy', verdict.state, verdict.message))
                    log(`rollout: ${verdict.message}`);
                const w = snapshot.workload;
                if (!baseline && (w.status?.observedGeneration ?? 0) >= (w.metadata?.generation ?? 0))
                    baseline = recordWorkloadBaseline(snapshot, inputs.toRevision);
            }
        });
        const { verdict, snapshot } = waited;
        if (verdict.state === 'unsupported')
            return { readable: false, message: verdict.message };
        baseline ??= recordWorkloadBaseline(snapshot, inputs.toRevision);
        await ctx.pods.report('problems' in verdict ? verdict.problems : []);
        const running = baseline.ok ? baseline.knownGood.fromImages : baseline.fromImages;
        const expected = inputs.expectedImage ? await checkExpectedImage(inputs.expectedImage, running, snapshot.pods, registryTagResolver(inputs.registryEnv)) : { ok: true };
        if (!baseline.ok)
            timeline.add({ kind: 'note', level: 'warning', message: `no rollback possible: ${baseline.why}` });
        else
            timeline.add({ kind: 'note', level: 'info', message: `known-good revision recorded: ${baseline.knownGood.revision} (${baseline.knownGood.images.join(', ')})` });
        if (!expected.ok) {
            const foreignChange = `${expected.why}: another rollout may have replaced it, so it is not rolled back`;
            return { readable: true, baseline, paused: false, unhealthy: foreignChange, foreignChange };
        }
        if (verdict.state === 'failed') {
            ctx.marks.firstFailureAt = clock.now();
            return { readable: true, baseline, paused: false, unhealthy: `the rollout failed: ${verdict.message}` };
        }
        if (verdict.state === 'timeout')
            return { readable: true, baseline, paused: false, unhealthy: `the rollout did not finish within ${Math.round(inputs.rolloutTimeoutMs / 1000)} s: ${verdict.message}` };
        return { readable: true, baseline, paused: false };
    }
    catch (error) {
        const message = kubeErrorMessage(error);
        timeline.add({ kind: 'note', level: 'warning', message: `cannot read the ${target.kind}: ${message}` });
        return { readable: false, message };
    }
}

;// CONCATENATED MODULE: ./src/health-rollback/main.ts
/**
 * health-rollback: read the inputs -> wait for the rollout -> run the health checks -> roll an unhealthy version back
 * (at most once) -> report (outputs, report file, summary, GitHub Deployment status). `main` runs it as the action;
 * `healthRollback` is the same run with its dependencies passed in (tests and the benchmark call it in-process).
 */














/** The main step; the entry (index.ts) passes the inputs it has already validated. */
async function main(inputs = (0,health_rollback_inputs/* readInputs */.K)()) {
    const github = inputs.github ? new GithubDeploymentStatus(inputs.github.token, { ...inputs.github, warn: (m) => lib_core/* warning */.$e(m) }) : undefined;
    const result = await healthRollback(inputs, {
        clock: realClock,
        log: log_text/* logText */.kc,
        group: lib_core/* group */.Os,
        onKubeconfig: saveKubeconfigForCleanup,
        ...(github ? { onStatus: (state, description) => github.set(state, description) } : {})
    }).catch(async (error) => {
        // A run that could not finish leaves no Deployment status "in progress" forever.
        if (github?.id !== undefined)
            await github.set('error', (0,errors/* errorMessage */.gJ)(error));
        throw error;
    });
    await lib_core/* group */.Os('Report', () => report(inputs, result, github));
}
/** The post step: the kubeconfig written from the input must not outlive the job step. */
async function post() {
    if (removeKubeconfigFile())
        core.info('removed the kubeconfig written for this action');
}
async function healthRollback(inputs, deps) {
    const group = deps.group ?? ((_name, phase) => phase());
    const ctx = startRun(inputs, deps);
    await deps.onStatus?.('in_progress', `checking ${ctx.label}`);
    const { target, workload } = ctx;
    const rollout = workload ? await group('Rollout', () => watchWorkloadRollout(ctx, workload)) : target ? await group('Rollout', () => watchRollout(ctx, target)) : undefined;
    const namespace = target?.namespace ?? workload?.namespace;
    if (namespace !== undefined && rollout?.readable === false)
        return finish(ctx, cannotReadConclusion(inputs.deployment, namespace, rollout.message, inputs.kind));
    const facts = rollout?.readable ? rollout : undefined;
    let unhealthy = facts?.unhealthy;
    let checks;
    if (!unhealthy && hasChecks(inputs)) {
        checks = await group('Health checks', () => checkHealth(ctx));
        if (!checks.healthy)
            unhealthy = checks.reason;
    }
    ctx.marks.decidedAt = ctx.clock.now();
    if (!unhealthy)
        return finish(ctx, healthyConclusion(versionUnderTest(facts?.baseline), checks, namespace !== undefined));
    const reason = unhealthy;
    return finish(ctx, await group('Rollback', () => rollBackOnce(ctx, facts, reason)));
}


/***/ })

};
