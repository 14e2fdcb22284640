export const id = 888;
export const ids = [888];
export const modules = {

/***/ 28785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ referrersTag),
/* harmony export */   s: () => (/* binding */ sha256Digest)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/** Content digests (sha256) and the tags derived from them. */

function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** The tag the OCI 1.1 referrers fallback uses for a subject: `sha256:abc` -> `sha256-abc`. */
function referrersTag(digest) {
    return digest.replace(':', '-');
}


/***/ }),

/***/ 58617:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ OCI_INDEX),
/* harmony export */   EG: () => (/* binding */ OCI_MANIFEST),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   OS: () => (/* binding */ platformManifests),
/* harmony export */   VQ: () => (/* binding */ platformText),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   sJ: () => (/* binding */ isForeignLayer)
/* harmony export */ });
/* unused harmony exports DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, MANIFEST_TYPES, isIndexType */
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


/***/ }),

/***/ 83888:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __webpack_require__(26578);
// EXTERNAL MODULE: ./src/lib/action/secrets.ts
var secrets = __webpack_require__(9887);
// EXTERNAL MODULE: ./src/lib/action/log-text.ts
var log_text = __webpack_require__(43818);
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

// EXTERNAL MODULE: ./src/lib/oci/digest.ts
var oci_digest = __webpack_require__(28785);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __webpack_require__(49471);
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

// EXTERNAL MODULE: ./src/lib/oci/media-types.ts
var media_types = __webpack_require__(58617);
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
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

// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var reference = __webpack_require__(25996);
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
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(41692);
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
    loaded ??= __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 46752, 19)).then(({ Agent, request }) => ({ request, dispatcher: new Agent() }));
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







const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
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
        return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
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
        const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], headers: { accept: media_types/* MANIFEST_ACCEPT */.dY }, accept: [200, 404] });
        if (response.status === 404) {
            await response.body?.cancel();
            return undefined;
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        const digest = (0,oci_digest/* sha256Digest */.s)(bytes);
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new RegistryError(this.registry, `the manifest served for ${repository}@${reference} hashes to ${digest}; refusing it`);
        }
        const mediaType = (0,media_types/* parseManifest */.Ng)(bytes, response.headers.get('content-type') ?? undefined).mediaType;
        return { bytes, mediaType, digest };
    }
    /** The digest a tag or digest points at, without the body; undefined when absent. */
    async headManifest(repository, reference) {
        const path = `/v2/${repository}/manifests/${reference}`;
        const response = await this.transport.request({ method: 'HEAD', path, scopes: [pullScope(repository)], headers: { accept: media_types/* MANIFEST_ACCEPT */.dY }, accept: [200, 404] });
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
        const digest = (0,oci_digest/* sha256Digest */.s)(manifest.bytes);
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
            headers: { accept: media_types/* OCI_INDEX */.$p },
            accept: [200, 400, 404, 405]
        });
        if (response.status === 200 && (response.headers.get('content-type') ?? '').includes(media_types/* OCI_INDEX */.$p)) {
            const bytes = Buffer.from(await response.arrayBuffer());
            return { supported: true, descriptors: (0,media_types/* parseManifest */.Ng)(bytes, media_types/* OCI_INDEX */.$p).manifests };
        }
        await response.body?.cancel();
        const fallback = await this.getManifest(repository, (0,oci_digest/* referrersTag */.L)(digest));
        return { supported: false, descriptors: fallback ? (0,media_types/* parseManifest */.Ng)(fallback.bytes, fallback.mediaType).manifests : [] };
    }
    location(response) {
        const location = response.headers.get('location');
        if (!location)
            throw new RegistryError(this.registry, 'the registry opened an upload without a Location header');
        return new URL(location, this.transport.baseUrl).toString();
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
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

;// CONCATENATED MODULE: ./src/promote-artifact/clients.ts
/**
 * One registry client per registry involved. `username`/`password` apply everywhere, `target-username`/
 * `target-password` override them for the target registries; without either, the docker config.json is used as the
 * docker CLI uses it (credHelpers, auths, credsStore), else the registry is accessed anonymously.
 */




function createClients(config, retry) {
    const dockerConfig = readDockerConfig(config.dockerConfigEnv);
    // Masked before any request: the passwords and the base64 of user:password a Basic header carries.
    for (const given of [config.credentials, config.targetCredentials])
        if (given)
            maskCredentials(given, secrets/* maskSecret */.$);
    const cache = new Map();
    const make = (registry, credentials, role) => {
        const key = `${role} ${registry}`;
        const existing = cache.get(key);
        if (existing)
            return existing;
        const found = credentials ?? maskingSecrets(dockerConfigCredentials(dockerConfig, registry), secrets/* maskSecret */.$);
        const client = new RegistryClient(registry, {
            ...(found && { credentials: found }),
            insecure: config.insecureRegistries.includes(registry),
            ...(retry && { retry }),
            onRetry: (message) => (0,log_text/* logText */.kc)(`retrying: ${message}`)
        });
        cache.set(key, client);
        return client;
    };
    const source = make(config.source.registry, config.credentials, 'source');
    return {
        source,
        // With no target-specific credentials, the source registry's client (and its tokens) serves its targets too.
        target: (registry) => config.targetCredentials ? make(registry, config.targetCredentials, 'target') : make(registry, config.credentials, 'source'),
        all: () => [...cache.values()]
    };
}

// EXTERNAL MODULE: ./src/promote-artifact/inputs.ts + 9 modules
var promote_artifact_inputs = __webpack_require__(17202);
// EXTERNAL MODULE: ./src/promote-artifact/plan.ts
var promote_artifact_plan = __webpack_require__(35874);
;// CONCATENATED MODULE: ./src/lib/oci/tree.ts




async function loadTree(client, repository, manifest) {
    const parsed = (0,media_types/* parseManifest */.Ng)(manifest.bytes, manifest.mediaType);
    const children = await mapLimit(parsed.manifests, 4, async (child) => {
        const loaded = await client.getManifest(repository, child.digest);
        if (!loaded) {
            throw new RegistryError(client.registry, `${repository}@${manifest.digest} lists ${child.digest}${platformOf(child.platform)}, which the registry does not have`);
        }
        return loadTree(client, repository, loaded);
    });
    return { manifest, parsed, children };
}
/**
 * Blob copies in flight at once by default: each is one stream from the source into an upload, never buffered; as
 * many more wait for a slot with their HEAD answered and their upload session open.
 */
const DEFAULT_BLOB_CONCURRENCY = 6;
/** Cross-repository mounts in flight at once by default (on one registry: no bytes move, only round trips). */
const DEFAULT_MOUNT_CONCURRENCY = 16;
function createCopyScope(sameRegistry, concurrency) {
    const limit = concurrency ?? (sameRegistry ? DEFAULT_MOUNT_CONCURRENCY : DEFAULT_BLOB_CONCURRENCY);
    return { slots: { streams: createLimiter(limit), ahead: createLimiter(limit) }, blobs: new Map(), manifests: new Map() };
}
/**
 * Makes the whole tree exist by digest in `targetRepository`: every platform of an index at once, every blob of the
 * tree within one bound, a blob several platforms share copied once, each manifest once its content is there. A
 * manifest the target already has is skipped with everything under it.
 */
async function copyTree(tree, source, sourceRepository, target, targetRepository, options = {}) {
    const scope = options.scope ?? createCopyScope(source.registry === target.registry, options.concurrency);
    if (source.registry !== target.registry)
        preloadStreams();
    const once = (map, key, write) => {
        let pending = map.get(key);
        if (!pending) {
            pending = write();
            map.set(key, pending);
        }
        return pending;
    };
    const ensure = (blob) => once(scope.blobs, blob.digest, () => target.ensureBlob(blob, targetRepository, source, sourceRepository, scope.slots));
    const copy = async (node, top) => {
        const content = async () => {
            if (await target.headManifest(targetRepository, node.manifest.digest))
                return false;
            await Promise.all([...node.children.map((child) => copy(child, false)), ...node.parsed.blobs.filter((blob) => !(0,media_types/* isForeignLayer */.sJ)(blob)).map(ensure)]);
            return true;
        };
        // A top manifest written by the caller under a tag is not shared: another tree holding it still writes it.
        if (top && options.skipTopManifest)
            return void (await content());
        await once(scope.manifests, node.manifest.digest, async () => {
            if (await content())
                await target.putManifest(targetRepository, node.manifest.digest, node.manifest);
        });
    };
    await copy(tree, true);
}
function platformOf(platform) {
    if (!platform)
        return '';
    return ` (${(0,media_types/* platformText */.VQ)(platform)})`;
}

;// CONCATENATED MODULE: ./src/promote-artifact/referrers.ts




const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'];
/** What is attached, as require-referrers judges it: artifact types with annotations, and cosign tag suffixes. */
function attachedOf(found) {
    return {
        referrers: found.referrers.map(({ descriptor, tree }) => ({
            artifactType: descriptor.artifactType ?? tree.parsed.artifactType ?? tree.parsed.blobs[0]?.mediaType ?? '',
            // The referrers list copies the manifest's annotations into its descriptors; a fallback index may not.
            annotations: { ...manifestAnnotations(tree), ...descriptor.annotations }
        })),
        cosignSuffixes: found.cosignTags.map(({ tag }) => tag.slice(tag.lastIndexOf('.') + 1))
    };
}
function manifestAnnotations(tree) {
    try {
        return JSON.parse(Buffer.from(tree.manifest.bytes).toString('utf8')).annotations ?? {};
    }
    catch {
        return {};
    }
}
function referrerCount(found) {
    return found.referrers.length + found.cosignTags.length;
}
async function discoverReferrers(client, repository, digest) {
    const [{ descriptors }, cosign] = await Promise.all([
        client.referrers(repository, digest),
        Promise.all(COSIGN_SUFFIXES.map(async (suffix) => ({ tag: `${(0,oci_digest/* referrersTag */.L)(digest)}.${suffix}`, manifest: await client.getManifest(repository, `${(0,oci_digest/* referrersTag */.L)(digest)}.${suffix}`) })))
    ]);
    const loaded = await mapLimit(descriptors, 4, async (descriptor) => {
        const manifest = await client.getManifest(repository, descriptor.digest);
        // The fallback index may name a referrer that was since deleted; there is nothing to carry then.
        return manifest && { descriptor, tree: await loadTree(client, repository, manifest) };
    });
    const referrers = loaded.filter((r) => r !== undefined);
    const cosignTags = await Promise.all(cosign.filter((c) => c.manifest !== undefined).map(async ({ tag, manifest }) => ({ tag, tree: await loadTree(client, repository, manifest) })));
    return { referrers, cosignTags };
}
/**
 * Copies the referrers to another repository; returns warnings for cosign tags it would not overwrite. Every
 * referrer and cosign tag at once, within `scope` (the one the image was copied in): their blobs within one bound,
 * a blob they share (the empty config) written once.
 */
async function copyReferrers(found, digest, source, sourceRepository, target, targetRepository, scope = createCopyScope(source.registry === target.registry)) {
    const warnings = [];
    const referrers = (async () => {
        await Promise.all(found.referrers.map(({ tree }) => copyTree(tree, source, sourceRepository, target, targetRepository, { scope })));
        if (found.referrers.length > 0) {
            const existing = await target.referrers(targetRepository, digest);
            if (!existing.supported)
                await mergeFallbackIndex(target, targetRepository, digest, existing.descriptors, found.referrers.map((r) => r.descriptor));
        }
    })();
    const cosignTags = Promise.all(found.cosignTags.map(async ({ tag, tree }) => {
        const current = await target.headManifest(targetRepository, tag);
        if (current?.digest === tree.manifest.digest)
            return;
        if (current) {
            warnings.push(`${target.registry}/${targetRepository}:${tag} already holds other signatures (${current.digest}); left as it is`);
            return;
        }
        await copyTree(tree, source, sourceRepository, target, targetRepository, { scope });
        await target.putManifest(targetRepository, tag, tree.manifest);
    }));
    await Promise.all([referrers, cosignTags]);
    return warnings.sort();
}
async function mergeFallbackIndex(target, repository, digest, existing, added) {
    const known = new Set(existing.map((d) => d.digest));
    const missing = added.filter((d) => !known.has(d.digest));
    if (missing.length === 0)
        return;
    const index = { schemaVersion: 2, mediaType: media_types/* OCI_INDEX */.$p, manifests: [...existing, ...missing] };
    const bytes = Buffer.from(JSON.stringify(index));
    await target.putManifest(repository, (0,oci_digest/* referrersTag */.L)(digest), { bytes, mediaType: media_types/* OCI_INDEX */.$p });
}

// EXTERNAL MODULE: ./src/promote-artifact/required-referrers.ts
var required_referrers = __webpack_require__(5293);
;// CONCATENATED MODULE: ./src/promote-artifact/plan-targets.ts
/**
 * The plan phase: authenticates to every target, reads where each target tag points, plans what each needs, and
 * reads the digest's referrers when they are to be copied or required (failing when a required one is missing).
 * Reads only.
 */









async function planTargets(inputs, clients, verified) {
    const { source } = inputs;
    const { manifest } = verified;
    const states = await mapLimit(inputs.targets, 4, async (target) => {
        const { registry, repository, tag } = target.reference;
        const client = clients.target(registry);
        const mountScope = registry === source.registry && repository !== source.repository ? [pullScope(source.repository)] : [];
        await client.checkAccess(repository, true, mountScope);
        const current = await client.headManifest(repository, tag);
        return { target, current: current?.digest };
    });
    const plan = (0,promote_artifact_plan/* planPromotion */.z)(source, manifest.digest, states, inputs.allowOverwrite);
    const needsReferrers = (inputs.copyReferrers && plan.targets.some((t) => t.transfer !== 'tag' && t.action !== 'refused')) || inputs.requireReferrers.length > 0;
    const referrers = needsReferrers ? await discoverReferrers(clients.source, source.repository, manifest.digest) : undefined;
    const required = referrers && inputs.requireReferrers.length > 0 ? checkRequired(inputs, manifest.digest, referrers) : undefined;
    for (const t of plan.targets)
        runner/* info */.pq(`${t.target.name}: ${t.action}${t.action === 'create' || t.action === 'move' ? ` (${t.transfer})` : ''}`);
    return { ...verified, plan, ...(referrers && inputs.copyReferrers && { referrers }), ...(required && { required }) };
}
/** require-referrers: what is attached when all is there; a UserError naming what is missing otherwise. */
function checkRequired(inputs, digest, referrers) {
    const found = attachedOf(referrers);
    const attached = (0,required_referrers/* describeAttached */.wH)(found);
    const missing = (0,required_referrers/* missingReferrers */.j9)(inputs.requireReferrers, found);
    if (missing.length > 0) {
        throw new errors/* UserError */.yo(`${(0,reference/* formatReference */.FH)(inputs.source)} (${digest}) lacks what require-referrers asks for: ${missing.join(', ')}. Attached: ${attached.length > 0 ? attached.join('; ') : 'nothing'}. Nothing was written; attach them (e.g. cosign sign, cosign attest, actions/attest-build-provenance) before promoting.`);
    }
    (0,log_text/* logText */.kc)(`require-referrers met (${inputs.requireReferrers.join(', ')}): ${attached.join('; ')}`);
    return { required: inputs.requireReferrers, attached };
}

// EXTERNAL MODULE: ./src/lib/signing/trust.ts
var trust = __webpack_require__(64441);
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

// EXTERNAL MODULE: ./src/promote-artifact/summary.ts + 1 modules
var promote_artifact_summary = __webpack_require__(4224);
;// CONCATENATED MODULE: ./src/promote-artifact/report.ts
/**
 * The report phase: the outputs (digest, promoted, unchanged), warnings and the job summary; then the step fails if
 * the promotion was refused or stopped part-way (the error line, like the summary, names the targets written and
 * those not). A promotion stopped before its plan gets a summary of its own.
 */







async function report(inputs, promotion, outcome, clients) {
    const { plan } = promotion;
    runner/* setOutput */.uH('digest', plan.digest);
    const unchanged = plan.targets.filter((t) => t.action === 'unchanged').map((t) => t.target.name);
    const setTargetOutputs = (promoted) => {
        runner/* setOutput */.uH('promoted', JSON.stringify(promoted));
        runner/* setOutput */.uH('unchanged', JSON.stringify(unchanged));
    };
    const summary = (extra) => (0,promote_artifact_summary/* renderSummary */.Br)({
        source: inputs.source,
        plan,
        ...(inputs.expectedDigest !== undefined && { expectedDigest: inputs.expectedDigest }),
        dryRun: inputs.dryRun,
        referrers: promotion.referrers ? referrerCount(promotion.referrers) : 0,
        copyReferrers: inputs.copyReferrers,
        ...(promotion.required && { required: promotion.required }),
        ...(promotion.signature && { signature: promotion.signature }),
        ...(promotion.provenance && { provenance: promotion.provenance }),
        ...(promotion.sbom && { sbom: promotion.sbom }),
        ...(inputs.verify.signer && { verifiedBy: { phrase: (0,trust/* signerPhrase */.qN)(inputs.verify.signer), flags: (0,trust/* cosignSignerFlags */.BF)(inputs.verify.signer) } }),
        signMode: inputs.signing.mode,
        warnings: [],
        run: inputs.run,
        ...extra
    });
    switch (outcome.kind) {
        case 'refused':
            await appendSummary(summary({ failure: outcome.message }));
            throw new errors/* UserError */.yo(outcome.message);
        case 'dry-run':
            setTargetOutputs([]);
            await appendSummary(summary({}));
            return;
        case 'written':
            for (const warning of outcome.warnings)
                runner/* warning */.$e(warning);
            setTargetOutputs(outcome.promoted);
            runner/* setOutput */.uH('signatures', JSON.stringify(outcome.signatures));
            await appendSummary(summary({ warnings: outcome.warnings, stats: totalStats(clients), signed: outcome.signatures }));
            return;
        case 'stopped': {
            setTargetOutputs(outcome.written);
            const message = (0,promote_artifact_plan/* stoppedMessage */.v7)(plan, (0,errors/* errorMessage */.gJ)(outcome.error), outcome.written);
            await appendSummary(summary({ failure: message, written: outcome.written, stats: totalStats(clients) }));
            throw withMessage(outcome.error, message);
        }
    }
}
/** The same failure (a user error, or a bug with its stack) with the message that names the targets. */
function withMessage(error, message) {
    if (error instanceof errors/* UserError */.yo)
        return new errors/* UserError */.yo(message);
    const bug = new Error(message);
    if (error instanceof Error && error.stack)
        bug.stack = error.stack;
    return bug;
}
/** A promotion that stopped before its plan (missing source, digest mismatch, refused credentials, ...). */
async function reportStopped(inputs, error) {
    await appendSummary((0,promote_artifact_summary/* renderStopped */.cy)(inputs.source, (0,errors/* errorMessage */.gJ)(error), inputs.run));
    throw error;
}
function totalStats(clients) {
    return clients
        .all()
        .map((c) => c.stats)
        .reduce((sum, s) => ({
        blobsMounted: sum.blobsMounted + s.blobsMounted,
        blobsCopied: sum.blobsCopied + s.blobsCopied,
        blobsSkipped: sum.blobsSkipped + s.blobsSkipped,
        bytesCopied: sum.bytesCopied + s.bytesCopied,
        manifestsWritten: sum.manifestsWritten + s.manifestsWritten
    }), { blobsMounted: 0, blobsCopied: 0, blobsSkipped: 0, bytesCopied: 0, manifestsWritten: 0 });
}

;// CONCATENATED MODULE: ./src/promote-artifact/verify-source.ts
/**
 * The verify phase: resolves the source, checks it is the tested digest (`expected-digest`), and loads everything
 * the digest references. Reads only.
 */




class DigestMismatchError extends errors/* UserError */.yo {
    name = 'DigestMismatchError';
}
async function verifySource(inputs, clients) {
    const { source } = inputs;
    const sourceName = (0,reference/* formatReference */.FH)(source);
    const manifest = await clients.source.getManifest(source.repository, source.digest ?? source.tag ?? 'latest');
    if (!manifest)
        throw new errors/* UserError */.yo(`The source ${sourceName} does not exist on ${source.registry}; nothing was written.`);
    runner/* info */.pq(`source ${sourceName} is ${manifest.digest} (${manifest.mediaType})`);
    if (inputs.expectedDigest !== undefined && manifest.digest !== inputs.expectedDigest) {
        throw new DigestMismatchError(`The source ${sourceName} resolves to ${manifest.digest}, not to the tested expected-digest ${inputs.expectedDigest}: the tag moved after the tests ran. Nothing was written; promote ${source.registry}/${source.repository}@${inputs.expectedDigest} to ship what was tested.`);
    }
    if (inputs.expectedDigest === undefined && source.digest === undefined) {
        runner/* warning */.$e(`No expected-digest: promoting whatever ${sourceName} points at now (${manifest.digest}). Pass build-push's digest output to be sure it is the tested image.`);
    }
    return { manifest, tree: await loadTree(clients.source, source.repository, manifest) };
}

;// CONCATENATED MODULE: ./src/promote-artifact/write-targets.ts
/**
 * The write phase: nothing for a refused plan or a dry run; otherwise the content first (children, blobs,
 * referrers) into every other repository, then with `sign: key` the digest signed in every target repository, then
 * the tags (new ones first, moves last; moves put back if a later write fails), then every tag read back. A failure part-way is returned with the tags written (each at the digest: a tag
 * cannot be deleted, so they stay), for the report to name.
 */






async function writeTargets(promotion, inputs, clients) {
    if (promotion.plan.refused.length > 0)
        return { kind: 'refused', message: (0,promote_artifact_plan/* refusalMessage */.se)(promotion.plan) };
    if (inputs.dryRun)
        return { kind: 'dry-run' };
    const written = [];
    try {
        const warnings = await copyContent(promotion, inputs, clients);
        // Signed before any tag moves: a tag never names a digest that lacks the signature a policy may require.
        const signatures = await signTargets(promotion, inputs, clients);
        await writeTags(promotion, clients, written);
        await readBack(promotion.plan, clients);
        return { kind: 'written', promoted: [...written], warnings, signatures };
    }
    catch (error) {
        // A tag that reads back as another digest is not counted as promoted: every name in `written` is at the digest.
        const elsewhere = error instanceof ReadBackError ? error.targets : [];
        return { kind: 'stopped', error, written: written.filter((name) => !elsewhere.includes(name)) };
    }
}
/** Content goes to every other repository first: a target repository then never shows a tag whose content is missing. */
async function copyContent({ plan, tree, manifest, referrers }, inputs, clients) {
    const warnings = [];
    const contentRepos = new Map();
    for (const t of plan.targets) {
        if (t.transfer === 'tag' || t.action === 'refused')
            continue;
        if (t.action === 'unchanged' && !referrers)
            continue;
        contentRepos.set(`${t.target.reference.registry}/${t.target.reference.repository}`, t.target.reference);
    }
    for (const [name, { registry, repository }] of contentRepos) {
        const target = clients.target(registry);
        runner/* info */.pq(`copying ${manifest.digest} into ${name}`);
        // Without referrers or a signature (whose subject it is) the top manifest is written once, under its tags, in writeTags.
        const scope = createCopyScope(clients.source.registry === target.registry);
        await copyTree(tree, clients.source, inputs.source.repository, target, repository, { skipTopManifest: !referrers && inputs.signing.mode === 'none', scope });
        if (referrers)
            warnings.push(...(await copyReferrers(referrers, manifest.digest, clients.source, inputs.source.repository, target, repository, scope)));
    }
    return warnings;
}
/** `sign`: the digest signed in every target repository (already there by digest); with a key, unless signed by it already. */
async function signTargets({ plan, manifest }, inputs, clients) {
    if (inputs.signing.mode === 'none')
        return [];
    const repositories = new Map();
    for (const t of plan.targets)
        if (t.action !== 'refused')
            repositories.set(`${t.target.reference.registry}/${t.target.reference.repository}`, t.target.reference);
    const targets = [...repositories.values()].map(({ registry, repository }) => ({ registry, repository, client: clients.target(registry) }));
    const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length };
    const { signInRepositories } = await Promise.all(/* import() */[__webpack_require__.e(168), __webpack_require__.e(335), __webpack_require__.e(179), __webpack_require__.e(217)]).then(__webpack_require__.bind(__webpack_require__, 86217));
    return signInRepositories(inputs.signing, targets, subject, inputs.insecureRegistries, (line) => runner/* info */.pq(line));
}
/** New tags first, moves last: a failure part-way then leaves moved tags few, and those are put back. */
async function writeTags({ plan, manifest }, clients, written) {
    const ordered = [...plan.writes.filter((t) => t.action === 'create'), ...plan.writes.filter((t) => t.action === 'move')];
    const moved = [];
    for (const t of ordered) {
        const { registry, repository, tag } = t.target.reference;
        try {
            await clients.target(registry).putManifest(repository, tag, manifest);
        }
        catch (error) {
            const restored = await restoreMoved(moved, clients);
            for (const name of restored.done)
                written.splice(written.indexOf(name), 1);
            throw new errors/* UserError */.yo([(0,errors/* errorMessage */.gJ)(error), ...restored.notes].join('\n'));
        }
        written.push(t.target.name);
        if (t.action === 'move')
            moved.push(t);
        runner/* info */.pq(`${t.action === 'move' ? 'moved' : 'tagged'} ${t.target.name} -> ${manifest.digest}`);
    }
}
/** Puts tags this run moved back on their previous digest (the undo of a move). */
async function restoreMoved(moved, clients) {
    const done = [];
    const notes = [];
    for (const t of moved) {
        const { registry, repository, tag } = t.target.reference;
        try {
            const client = clients.target(registry);
            const previous = await client.getManifest(repository, t.previous);
            if (!previous)
                throw new Error(`${t.previous} is gone`);
            await client.putManifest(repository, tag, previous);
            done.push(t.target.name);
            notes.push(`Restored ${t.target.name} to its previous digest ${t.previous}.`);
        }
        catch (error) {
            notes.push(`Could not restore ${t.target.name} to ${t.previous}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    return { done, notes };
}
/** Target tags that read back as something other than the digest (another writer moved them meanwhile). */
class ReadBackError extends errors/* UserError */.yo {
    targets;
    constructor(targets, lines, digest) {
        super(`Read-back verification failed, expected ${digest}:\n${lines.map((w) => `- ${w}`).join('\n')}`);
        this.targets = targets;
    }
}
/** Every target tag, read back from its registry, must name the digest. */
async function readBack(plan, clients) {
    const wrong = [];
    await mapLimit(plan.targets, 4, async (t) => {
        const { registry, repository, tag } = t.target.reference;
        const current = await clients.target(registry).headManifest(repository, tag);
        if (current?.digest !== plan.digest)
            wrong.push({ name: t.target.name, line: `${t.target.name} reads back as ${current?.digest ?? 'missing'}` });
    });
    if (wrong.length > 0)
        throw new ReadBackError(wrong.map((w) => w.name), wrong.map((w) => w.line), plan.digest);
}

;// CONCATENATED MODULE: ./src/promote-artifact/main.ts
/**
 * promote-artifact: read the inputs -> verify the source is the tested digest (and, with verify, signed by the key
 * and/or attested with a provenance of the expected source, and/or an SBOM)
 * -> plan each target (reads only) ->
 * write (content, then tags, then a read-back) -> report (outputs and job summary).
 */







/** The main step; the entry (index.ts) passes the inputs it has already validated. */
async function main(inputs = (0,promote_artifact_inputs/* readInputs */.K)()) {
    const clients = createClients(inputs);
    const promotion = await prepare(inputs, clients).catch((error) => runner/* group */.Os('Report', () => reportStopped(inputs, error)));
    const outcome = await runner/* group */.Os('Write', () => writeTargets(promotion, inputs, clients));
    await runner/* group */.Os('Report', () => report(inputs, promotion, outcome, clients));
}
/** Everything before the first write; reads only. */
async function prepare(inputs, clients) {
    const verified = await runner/* group */.Os('Verify', async () => {
        const source = await verifySource(inputs, clients);
        const signed = inputs.verify.signer ? await (await Promise.all(/* import() */[__webpack_require__.e(168), __webpack_require__.e(761)]).then(__webpack_require__.bind(__webpack_require__, 84761))).verifySigned(inputs, clients, source) : {};
        return { ...source, ...signed };
    });
    return runner/* group */.Os('Plan', () => planTargets(inputs, clients, verified));
}


/***/ })

};
