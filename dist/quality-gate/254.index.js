export const id = 254;
export const ids = [254,318];
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


/***/ }),

/***/ 2254:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __webpack_require__(9471);
// EXTERNAL MODULE: ./src/lib/action/inputs.ts
var action_inputs = __webpack_require__(4681);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/lib/github/event.ts
/** The workflow run as the runner describes it (GITHUB_* variables and the event payload). */

function readRunContext(env = process.env) {
    const eventPath = env.GITHUB_EVENT_PATH;
    let event = {};
    if (eventPath) {
        try {
            event = JSON.parse((0,external_node_fs_.readFileSync)(eventPath, 'utf8'));
        }
        catch {
            event = {};
        }
    }
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '/').split('/');
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        event,
        repository: { owner, repo },
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
        apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        runId: env.GITHUB_RUN_ID ?? '',
        runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        actor: env.GITHUB_ACTOR ?? '',
        workflow: env.GITHUB_WORKFLOW ?? '',
        job: env.GITHUB_JOB ?? '',
        workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
        runnerTemp: env.RUNNER_TEMP ?? env.TMPDIR ?? '/tmp'
    };
}
function runUrl(context) {
    return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`;
}
/** The pull request number for pull_request, pull_request_target and issue_comment-on-PR events. */
function pullRequestNumber(context) {
    const pr = context.event.pull_request?.number ?? (context.event.issue?.pull_request ? context.event.issue.number : undefined);
    return typeof pr === 'number' ? pr : undefined;
}
/** True when the run is on the repository's default branch (a push or a dispatch there). */
function onDefaultBranch(context) {
    const defaultBranch = context.event.repository?.default_branch;
    return typeof defaultBranch === 'string' && context.ref === `refs/heads/${defaultBranch}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/lib/cache/actions-cache.ts
var actions_cache = __webpack_require__(6937);
;// CONCATENATED MODULE: ./src/quality-gate/baseline.ts
/** The coverage baseline of the default branch, kept in the Actions cache for max-coverage-drop: load and save. */





const FILE = 'coverage-baseline.json';
/**
 * Where the baseline is written before saving and restored to. The cache service matches entries by path as well as
 * key, so this must be the same path in every job: RUNNER_TEMP is (/home/runner/work/_temp on hosted runners).
 */
function baselineDir(runnerTemp) {
    return external_node_path_default().join(runnerTemp, 'pipeline-actions-coverage-baseline');
}
/** One baseline per repository and project directory (monorepos gate each package on its own). */
function keyPrefix(repository, projectDirectory) {
    const scope = (0,external_node_crypto_.createHash)('sha256').update(`${repository}:${projectDirectory}`).digest('hex').slice(0, 12);
    return `pipeline-actions-coverage-v1-${scope}-`;
}
async function loadBaseline(dir, repository, projectDirectory) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const prefix = keyPrefix(repository, projectDirectory);
    const outcome = await (0,actions_cache.restoreCache)([dir], `${prefix}latest`, [prefix]);
    if (outcome.status === 'unavailable')
        return { reason: outcome.reason };
    const file = external_node_path_default().join(dir, FILE);
    if (outcome.status === 'miss' || !(0,external_node_fs_.existsSync)(file))
        return { reason: 'no coverage baseline has been saved from the default branch yet' };
    try {
        return { baseline: JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')) };
    }
    catch {
        return { reason: 'the saved coverage baseline could not be read' };
    }
}
async function saveBaseline(dir, repository, projectDirectory, baseline, runId, attempt) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    (0,external_node_fs_.writeFileSync)(external_node_path_default().join(dir, FILE), JSON.stringify(baseline, null, 2));
    // Cache keys are immutable, so each run saves its own; restoring by prefix picks the newest.
    const outcome = await (0,actions_cache.saveCache)([dir], `${keyPrefix(repository, projectDirectory)}${baseline.sha}-${runId}-${attempt}`);
    return outcome.status === 'saved' ? `coverage baseline saved for ${baseline.sha.slice(0, 7)}` : `coverage baseline not saved: ${outcome.reason}`;
}
/**
 * After a run on the default branch that judges max-coverage-drop: its totals become the baseline when every check
 * passed. Returns the note for the report, or undefined when the run sets no baseline.
 */
async function recordBaseline(inputs, context, checks, coverage) {
    if (!coverage?.totals || !onDefaultBranch(context) || inputs.thresholds.maxDrop === undefined)
        return undefined;
    if (!checks.every((c) => c.status === 'passed'))
        return 'coverage baseline not saved: a check failed on the default branch';
    const projectDirectory = external_node_path_default().relative(context.workspace, inputs['working-directory']) || '.';
    const baseline = { sha: context.sha, savedAt: new Date().toISOString(), totals: coverage.totals };
    return saveBaseline(baselineDir(context.runnerTemp), `${context.repository.owner}/${context.repository.repo}`, projectDirectory, baseline, context.runId, context.runAttempt);
}

;// CONCATENATED MODULE: ./src/quality-gate/gates.ts
const COVERAGE_METRICS = ['lines', 'branches', 'functions'];
const SEVERITY_ORDER = ['low', 'moderate', 'high', 'critical'];
function percentText(value) {
    return value === null ? 'n/a' : `${roundPercent(value).toFixed(2)}%`;
}
/** Two decimals, so float noise (79.99999) never decides a gate. */
function roundPercent(value) {
    return Math.round(value * 100) / 100;
}
/** Every gate the inputs ask for, judged on what was measured. Pure: same data in, same verdict out. */
function judge(input) {
    const gates = [
        // A check that fail-fast kept from running is shown in the checks table, not judged: the failure that stopped it is.
        ...input.checks.filter((c) => c.status !== 'not-started' && c.status !== 'cancelled').map(checkGate),
        ...coverageGates(input.coverage, input.thresholds),
        ...(input.audit ? auditGates(input.audit) : [])
    ];
    const failed = gates.filter((gate) => !gate.passed);
    return { passed: failed.length === 0, gates, failed };
}
function checkGate(check) {
    const passed = check.status === 'passed';
    return {
        category: 'check',
        name: check.name,
        measured: check.status,
        threshold: 'exit code 0',
        passed,
        reason: passed ? 'exit code 0' : (check.reason ?? check.status)
    };
}
function coverageGates(coverage, thresholds) {
    const gates = [];
    for (const metric of COVERAGE_METRICS) {
        const minimum = thresholds[metric];
        if (minimum === undefined)
            continue;
        const measured = coverage?.totals?.[metric];
        if (!measured) {
            gates.push({ category: 'coverage', name: `${metric} coverage`, measured: 'no data', threshold: `≥ ${minimum}%`, passed: false, reason: coverage?.missingReason ?? 'no coverage report was read' });
            continue;
        }
        gates.push(minimumGate(`${metric} coverage`, measured, minimum, `no ${metric} to cover`));
    }
    if (thresholds.patch !== undefined) {
        const patch = coverage?.patch;
        if (!patch) {
            gates.push({ category: 'coverage', name: 'patch coverage', measured: 'no data', threshold: `≥ ${thresholds.patch}%`, passed: false, reason: coverage?.patchUnavailable ?? coverage?.missingReason ?? 'no coverage report was read' });
        }
        else {
            gates.push(minimumGate('patch coverage', patch.metric, thresholds.patch, 'the change adds no coverable lines'));
        }
    }
    if (thresholds.maxDrop !== undefined)
        gates.push(...ratchetGates(coverage, thresholds));
    return gates;
}
function minimumGate(name, metric, minimum, emptyReason) {
    const threshold = `≥ ${minimum}%`;
    if (metric.percent === null)
        return { category: 'coverage', name, measured: 'n/a (0 of 0)', threshold, passed: true, reason: emptyReason };
    const measured = `${percentText(metric.percent)} (${metric.covered}/${metric.total})`;
    const passed = roundPercent(metric.percent) >= minimum;
    const reason = passed
        ? `${percentText(metric.percent)} meets the minimum of ${minimum}%`
        : `${percentText(metric.percent)} is below the minimum of ${minimum}% (${metric.total - metric.covered} not covered)`;
    return { category: 'coverage', name, measured, threshold, passed, reason };
}
function ratchetGates(coverage, thresholds) {
    const maxDrop = thresholds.maxDrop;
    const baseline = coverage?.baseline;
    if (!baseline || !coverage?.totals) {
        // No baseline yet (first run on the default branch, or cache evicted): nothing to compare, said plainly.
        return [{ category: 'coverage', name: 'coverage drop', measured: 'no baseline', threshold: `≤ ${maxDrop} points`, passed: true, reason: coverage?.baselineUnavailable ?? 'no baseline coverage from the default branch yet' }];
    }
    const judged = COVERAGE_METRICS.filter((metric) => thresholds[metric] !== undefined);
    const metrics = judged.length > 0 ? judged : COVERAGE_METRICS;
    const gates = [];
    for (const metric of metrics) {
        const now = coverage.totals[metric].percent;
        const before = baseline.totals[metric]?.percent ?? null;
        if (now === null || before === null)
            continue;
        const drop = roundPercent(before - now);
        const passed = drop <= maxDrop;
        const change = drop > 0 ? `−${drop.toFixed(2)} points` : `+${Math.abs(drop).toFixed(2)} points`;
        gates.push({
            category: 'coverage',
            name: `${metric} coverage drop`,
            measured: `${percentText(now)} vs ${percentText(before)} (${change})`,
            threshold: `≤ ${maxDrop} points`,
            passed,
            reason: passed ? `within the allowed drop of ${maxDrop} points` : `fell ${drop.toFixed(2)} points from the default branch's ${percentText(before)}, more than the allowed ${maxDrop}`
        });
    }
    return gates;
}
function auditGates(audit) {
    const threshold = `no ${audit.failOn} or worse`;
    if (audit.error)
        return [{ category: 'audit', name: 'dependency audit', measured: 'not measured', threshold, passed: false, reason: audit.error }];
    const atOrAbove = SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(audit.failOn));
    const measured = SEVERITY_ORDER.slice()
        .reverse()
        .map((severity) => `${audit.counts[severity]} ${severity}`)
        .join(', ');
    const gates = [];
    const blocking = audit.blocking.length;
    gates.push({
        category: 'audit',
        name: 'dependency audit',
        measured,
        threshold,
        passed: blocking === 0,
        reason: blocking === 0
            ? `no unallowed ${atOrAbove.join('/')} vulnerability`
            : `${blocking} ${blocking === 1 ? 'vulnerability' : 'vulnerabilities'} at ${audit.failOn} or above: ${audit.blocking
                .slice(0, 5)
                .map((f) => `${f.id}${f.package ? ` (${f.package})` : ''}`)
                .join(', ')}${blocking > 5 ? ', …' : ''}`
    });
    for (const entry of audit.expired) {
        gates.push({ category: 'audit', name: `allowlist ${entry.id}`, measured: `expired ${entry.until}`, threshold: 'an unexpired entry', passed: false, reason: `the allowlist entry for ${entry.id} expired on ${entry.until} (${entry.reason}): renew it with a new date or fix the dependency` });
    }
    return gates;
}

// EXTERNAL MODULE: ./src/quality-gate/inputs.ts + 2 modules
var quality_gate_inputs = __webpack_require__(3631);
// EXTERNAL MODULE: ./src/lib/exec/command.ts + 1 modules
var command = __webpack_require__(8184);
// EXTERNAL MODULE: ./src/lib/exec/environment.ts
var environment = __webpack_require__(6016);
// EXTERNAL MODULE: ./src/lib/files/match.ts
var match = __webpack_require__(4838);
// EXTERNAL MODULE: ./src/quality-gate/audit/index.ts + 11 modules
var audit = __webpack_require__(5085);
;// CONCATENATED MODULE: ./src/quality-gate/measure-audit.ts
/** Measures the dependency audit: the package manager's audit or the given reports, judged against the allowlist. */






/** Runs the package manager's audit (or reads the given reports) and judges the findings against the allowlist. */
async function measureAudit(inputs, today = new Date().toISOString().slice(0, 10)) {
    if (inputs.audit === 'none' && inputs['audit-reports'].length === 0)
        return undefined;
    const cwd = inputs['working-directory'];
    const findings = [];
    const base = { ran: true, failOn: inputs['fail-on-severity'], counts: { low: 0, moderate: 0, high: 0, critical: 0 }, blocking: [], expired: [] };
    if (inputs.audit !== 'none') {
        const manager = inputs.audit === 'auto' ? (0,audit/* detectPackageManager */.Lv)(cwd) : inputs.audit;
        if (!manager) {
            core/* info */.pq(`audit: auto found no package-lock.json, yarn.lock or pnpm-lock.yaml in ${cwd}; no package audit`);
            if (inputs['audit-reports'].length === 0)
                return undefined;
        }
        else {
            const yarnBerry = manager === 'yarn' && (0,audit/* detectYarnBerry */.M7)(cwd);
            const argv = (0,audit/* auditCommand */.Ht)(manager, yarnBerry);
            core/* info */.pq(`Running ${argv.join(' ')}`);
            const run = await (0,command/* runCommand */.d)(argv, { cwd, baseEnv: (0,environment/* stepEnvironment */.a)(), echo: false, timeoutMs: 5 * 60_000 });
            const failure = run.startError ? `could not start ${argv[0]}: ${run.startError}` : (0,audit/* auditFailureReason */.wU)(run.exitCode, run.stdout);
            if (failure) {
                return { ...base, error: `${argv.join(' ')} did not produce a report: ${failure}${run.stderr.trim() ? ` (${run.stderr.trim().split('\n').slice(-2).join(' ')})` : ''}` };
            }
            findings.push(...(0,audit/* parseAuditOutput */.gs)(run.stdout, `${manager} audit`));
        }
    }
    if (inputs['audit-reports'].length > 0) {
        const files = await (0,match/* matchFiles */.x)(inputs['audit-reports'], cwd, { input: 'audit-reports', roots: inputs.roots });
        if (files.length === 0)
            return { ...base, error: `no audit report matched ${inputs['audit-reports'].map((p) => `'${p}'`).join(', ')}` };
        for (const file of files) {
            const read = await (0,audit/* readAuditReport */.iT)(file);
            core/* info */.pq(`Read ${external_node_path_default().relative(cwd, file)}: ${read.length} findings`);
            findings.push(...read);
        }
    }
    const { entries } = (0,audit/* parseAllowlist */.JK)(inputs['audit-allowlist']);
    const verdict = (0,audit/* judgeAudit */.px)(findings, { failOn: inputs['fail-on-severity'], allowlist: entries, today });
    for (const { finding, entry } of verdict.allowed)
        core/* info */.pq(`allowed by the allowlist until ${entry.until}: ${finding.id} (${entry.reason})`);
    for (const entry of verdict.unusedEntries)
        core/* notice */.lm(`audit-allowlist entry ${entry.id} matched no finding: it can be removed`);
    return {
        ran: true,
        failOn: inputs['fail-on-severity'],
        counts: verdict.counts,
        blocking: verdict.blocking.map((f) => ({ id: f.id, severity: f.severity, title: f.title, ...(f.package ? { package: f.package } : {}) })),
        expired: verdict.expired.map((e) => ({ id: e.id, until: e.until, reason: e.reason }))
    };
}

;// CONCATENATED MODULE: ./src/quality-gate/checks/problems.ts
/** Reads file/line problems from the output of tsc, ESLint, jest and compilers, to annotate those lines. */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
/**
 * Reads file/line problems from the output of the tools a gate usually runs: tsc (plain and --pretty), ESLint
 * (stylish, the default, and unix/compact), jest failures (the first stack frame in the project), and the
 * `file:line:col: error: message` form of compilers. Paths become relative to `root`, as annotations need.
 */
function extractProblems(output, root) {
    const lines = output.replace(ANSI, '').split(/\r?\n/);
    const problems = [...readTsc(lines), ...readEslintStylish(lines), ...readCompilerStyle(lines), ...readJest(lines)];
    const unique = new Map();
    for (const problem of problems) {
        const file = relativeTo(root, problem.file);
        if (file === undefined)
            continue;
        const key = `${file}:${problem.line}:${problem.message}`;
        if (!unique.has(key))
            unique.set(key, { ...problem, file });
    }
    return [...unique.values()];
}
function relativeTo(root, file) {
    const absolute = external_node_path_default().resolve(root, file);
    const relative = external_node_path_default().relative(root, absolute);
    if (relative.startsWith('..') || external_node_path_default().isAbsolute(relative) || relative.includes('node_modules'))
        return undefined;
    return relative.split((external_node_path_default()).sep).join('/');
}
const TSC_PLAIN = /^(.+?\.[cm]?[jt]sx?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/;
const TSC_PRETTY = /^(.+?\.[cm]?[jt]sx?):(\d+):(\d+) - (error|warning) (TS\d+: .*)$/;
function readTsc(lines) {
    const problems = [];
    for (const line of lines) {
        const match = TSC_PLAIN.exec(line.trim()) ?? TSC_PRETTY.exec(line.trim());
        if (match) {
            problems.push({ file: match[1], line: Number(match[2]), column: Number(match[3]), severity: match[4], message: match[5], tool: 'tsc' });
        }
    }
    return problems;
}
const ESLINT_FILE = /^(\/|[A-Za-z]:\\|\.{0,2}\/?[\w@.-]+\/)\S*\.\w+$/;
const ESLINT_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(\S+))?$/;
function readEslintStylish(lines) {
    const problems = [];
    let file;
    for (const line of lines) {
        if (ESLINT_FILE.test(line)) {
            file = line;
            continue;
        }
        const row = file ? ESLINT_ROW.exec(line) : null;
        if (row && file) {
            const rule = row[5] ? ` (${row[5]})` : '';
            problems.push({ file, line: Number(row[1]), column: Number(row[2]), severity: row[3], message: `${row[4]}${rule}`, tool: 'eslint' });
        }
        else if (line.trim() === '') {
            file = undefined;
        }
    }
    return problems;
}
const COMPILER = /^(.+?):(\d+):(\d+):\s+(?:(error|warning):\s+)?(.+?)(?:\s+\[(Error|Warning)\/(.+)\])?$/;
function readCompilerStyle(lines) {
    const problems = [];
    for (const line of lines) {
        const match = COMPILER.exec(line.trim());
        if (!match || /^\s*at /.test(line) || !/\.\w+$/.test(match[1]) || match[1].includes(' '))
            continue;
        const level = (match[4] ?? match[6] ?? '').toLowerCase();
        if (level !== 'error' && level !== 'warning')
            continue;
        const rule = match[7] ? ` (${match[7]})` : '';
        problems.push({ file: match[1], line: Number(match[2]), column: Number(match[3]), severity: level, message: `${match[5]}${rule}`, tool: match[7] ? 'eslint' : 'compiler' });
    }
    return problems;
}
const JEST_TITLE = /^\s*● (.+)$/;
const STACK_FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;
function readJest(lines) {
    const problems = [];
    for (let i = 0; i < lines.length; i++) {
        const title = JEST_TITLE.exec(lines[i]);
        if (!title || /^Console$/.test(title[1]))
            continue;
        const detail = [];
        let j = i + 1;
        for (; j < lines.length && !JEST_TITLE.test(lines[j]); j++) {
            const frame = STACK_FRAME.exec(lines[j]);
            if (frame && !frame[1].includes('node_modules') && !frame[1].startsWith('node:')) {
                const message = [title[1], ...detail.slice(0, 4)].join('\n');
                problems.push({ file: frame[1].replace(/^file:\/\//, ''), line: Number(frame[2]), column: Number(frame[3]), severity: 'error', message, tool: 'jest' });
                break;
            }
            const text = lines[j].trim();
            if (text !== '' && !/^[>|\d\s]+\|/.test(text) && detail.length < 4)
                detail.push(text);
        }
        i = j - 1;
    }
    return problems;
}

// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
;// CONCATENATED MODULE: ./src/quality-gate/checks/run-checks.ts
/** Runs the checks in sequence or in parallel, one log group each, with fail-fast and check-timeout. */




/**
 * Runs the checks one after another (output streamed live, one log group per check) or all at once (output captured
 * per check and printed as a group when the check ends). With fail-fast, the first failure stops the rest: in
 * sequence the later checks do not start; in parallel the running ones are stopped. A check (often a pull request's
 * code) sees the step's environment without the action's inputs and tokens (stepEnvironment).
 */
async function runChecks(checks, options) {
    return options.parallel ? runParallel(checks, options) : runSequential(checks, options);
}
async function runSequential(checks, options) {
    const results = [];
    for (const check of checks) {
        if (options.failFast && results.some((r) => r.status !== 'passed')) {
            results.push(notRun(check, 'not-started', 'an earlier check failed and fail-fast is on'));
            continue;
        }
        core/* startGroup */.Oh(`${check.name}: ${check.command}`);
        const result = toResult(check, await (0,command/* runCommand */.d)(check.argv, { cwd: options.cwd, baseEnv: (0,environment/* stepEnvironment */.a)(), timeoutMs: options.timeoutMs }), options.timeoutMs);
        core/* info */.pq(`${statusLine(result)}`);
        core/* endGroup */.N4();
        results.push(result);
    }
    return results;
}
async function runParallel(checks, options) {
    const stop = new AbortController();
    core/* info */.pq(`Running ${checks.length} checks in parallel: ${checks.map((c) => c.name).join(', ')}`);
    return Promise.all(checks.map(async (check) => {
        const run = await (0,command/* runCommand */.d)(check.argv, { cwd: options.cwd, baseEnv: (0,environment/* stepEnvironment */.a)(), timeoutMs: options.timeoutMs, echo: false, signal: stop.signal });
        const result = run.cancelled
            ? { ...toResult(check, run, options.timeoutMs), status: 'cancelled', reason: 'stopped because another check failed and fail-fast is on' }
            : toResult(check, run, options.timeoutMs);
        core/* startGroup */.Oh(`${check.name}: ${check.command}`);
        process.stdout.write(run.output.endsWith('\n') || run.output === '' ? run.output : `${run.output}\n`);
        core/* info */.pq(statusLine(result));
        core/* endGroup */.N4();
        if (options.failFast && result.status !== 'passed' && result.status !== 'cancelled')
            stop.abort();
        return result;
    }));
}
function toResult(check, run, timeoutMs) {
    const base = { name: check.name, command: check.command, durationMs: run.durationMs, output: run.output, exitCode: run.exitCode };
    if (run.startError)
        return { ...base, status: 'failed', reason: `could not start '${check.argv[0]}': ${run.startError}` };
    if (run.timedOut)
        return { ...base, status: 'timed-out', reason: `stopped after the check-timeout of ${(0,duration/* formatDuration */.a3)(timeoutMs)}` };
    if (run.exitCode !== 0)
        return { ...base, status: 'failed', reason: run.signal ? `ended by ${run.signal}` : `exit code ${run.exitCode}` };
    return { ...base, status: 'passed' };
}
function notRun(check, status, reason) {
    return { name: check.name, command: check.command, status, reason, durationMs: 0, output: '' };
}
function statusLine(result) {
    const verdict = result.status === 'passed' ? 'passed' : `${result.status} (${result.reason})`;
    return `${result.name} ${verdict} in ${(0,duration/* formatDuration */.a3)(result.durationMs)}`;
}

;// CONCATENATED MODULE: ./src/quality-gate/measure-checks.ts
/** Runs the checks the inputs name and annotates the problems their output points at (file and line). */



/** GitHub keeps at most 10 error annotations per step: one is left for the gate's failure message. */
const MAX_PROBLEM_ANNOTATIONS = 9;
async function measureChecks(inputs, workspace) {
    if (inputs.checks.length === 0)
        return [];
    const checks = await runChecks(inputs.checks, {
        parallel: inputs.parallel,
        failFast: inputs['fail-fast'],
        timeoutMs: inputs['check-timeout'],
        cwd: inputs['working-directory']
    });
    annotateProblems(checks, workspace);
    return checks;
}
function annotateProblems(checks, workspace) {
    let emitted = 0;
    for (const check of checks) {
        if (check.status === 'passed' || check.output === '')
            continue;
        for (const problem of extractProblems(check.output, workspace)) {
            if (emitted >= MAX_PROBLEM_ANNOTATIONS)
                return;
            const properties = { title: `${check.name}: ${problem.tool}`, file: problem.file, startLine: problem.line, ...(problem.column ? { startColumn: problem.column } : {}) };
            if (problem.severity === 'error')
                core/* error */.z3(problem.message, properties);
            else
                core/* warning */.$e(problem.message, properties);
            emitted++;
        }
    }
}

;// CONCATENATED MODULE: ./src/lib/git/repository.ts
/** The git repository a directory is in (its top directory). */

/** The top directory of the git repository holding `cwd`, or undefined outside one. */
async function repositoryRoot(cwd) {
    const top = await (0,command/* runCommand */.d)(['git', 'rev-parse', '--show-toplevel'], { cwd, echo: false });
    return top.exitCode === 0 ? top.stdout.trim() : undefined;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/quality-gate/coverage/detect.ts
/** How much of a file detectFormat needs: the first element of any XML report and the first JSON entry's keys. */
const DETECTION_BYTES = 64 * 1024;
/**
 * Recognises a report by its content (names like coverage.xml are shared by several formats). `content` may be
 * just the first DETECTION_BYTES of the file.
 */
function detectFormat(content) {
    const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
    const start = text.search(/\S/);
    if (start < 0)
        return undefined;
    if (text[start] === '{')
        return detectJson(text.slice(start));
    if (text[start] === '<')
        return detectXml(text.slice(start));
    return /^(?:TN|SF|VER):/m.test(text.slice(start, start + 4096)) ? 'lcov' : undefined;
}
function detectJson(text) {
    // coverage-summary.json starts with its "total" entry; coverage-final.json entries carry statementMap
    if (/^\{\s*"total"\s*:\s*\{/.test(text))
        return 'istanbul-summary';
    if (/"(?:statementMap|fnMap|branchMap)"\s*:/.test(text))
        return 'istanbul-final';
    if (/^\{\s*\}\s*$/.test(text))
        return 'istanbul-final'; // a run that covered no file
    if (/^\{\s*"[^"]*"\s*:\s*\{\s*"(?:lines|statements)"\s*:\s*\{\s*"total"/.test(text))
        return 'istanbul-summary';
    return undefined;
}
function detectXml(text) {
    const root = firstElement(text);
    if (root === undefined)
        return /<!DOCTYPE\s+report\s+PUBLIC\s+"-\/\/JACOCO\/\/DTD/.test(text) ? 'jacoco' : undefined;
    if (root.name === 'report')
        return 'jacoco';
    if (root.name !== 'coverage')
        return undefined;
    if (/\sclover\s*=/.test(root.tag) || /^<project[\s>]/.test(text.slice(root.end).trimStart()))
        return 'clover';
    if (/\s(?:line-rate|lines-valid|branch-rate)\s*=/.test(root.tag))
        return 'cobertura';
    return /<(?:sources|packages)[\s>]/.test(text.slice(root.end, root.end + 2048)) ? 'cobertura' : undefined;
}
/** The first element after the XML declaration, comments, processing instructions and the DOCTYPE. */
function firstElement(text) {
    let at = 0;
    for (;;) {
        at = text.indexOf('<', at);
        if (at < 0)
            return undefined;
        if (text.startsWith('<?', at))
            at = text.indexOf('?>', at) + 2;
        else if (text.startsWith('<!--', at))
            at = text.indexOf('-->', at) + 3;
        else if (text.startsWith('<!', at))
            at = skipDeclaration(text, at);
        else
            break;
        if (at < 3)
            return undefined; // an unterminated declaration or comment
    }
    const end = text.indexOf('>', at);
    if (end < 0)
        return undefined;
    const tag = text.slice(at, end + 1);
    const name = /^<([A-Za-z_][\w.-]*)/.exec(tag)?.[1];
    return name === undefined ? undefined : { name, tag, end: end + 1 };
}
/** Skips <!DOCTYPE ...> including an internal subset in brackets. */
function skipDeclaration(text, at) {
    const bracket = text.indexOf('[', at);
    const close = text.indexOf('>', at);
    if (bracket >= 0 && bracket < close) {
        const subsetEnd = text.indexOf(']', bracket);
        return subsetEnd < 0 ? 0 : text.indexOf('>', subsetEnd) + 1;
    }
    return close + 1;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/malformed.ts
/** Thrown by the parsers for content that does not follow its format; readCoverageFile names the file. */
class MalformedReport extends Error {
    name = 'MalformedReport';
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/packed-file.ts
const SLAB_WORDS = 1 << 20; // 4 MB
/**
 * Space for the numbers of many files: slabs of 4 MB that files take consecutive runs of. A typed array per file
 * would cost a few hundred bytes of object and backing-store bookkeeping each, as much as its numbers; a slab
 * costs that once, and its contents are never scanned by the garbage collector.
 */
class Slabs {
    slab = new Uint32Array(SLAB_WORDS);
    used = 0;
    take(length) {
        if (length > SLAB_WORDS / 4)
            return { slab: new Uint32Array(length), offset: 0 };
        if (this.used + length > this.slab.length) {
            this.slab = new Uint32Array(SLAB_WORDS);
            this.used = 0;
        }
        const offset = this.used;
        this.used += length;
        return { slab: this.slab, offset };
    }
}
const slabs = new Slabs();
/**
 * A FileCoverage whose numbers (lines, then branches, then functions) are one run of a shared slab, or its own
 * Float64Array in the rare file with a hit count beyond 32 bits.
 */
class PackedFileCoverage {
    path;
    summary;
    data;
    start;
    linesEnd;
    branchesEnd;
    end;
    constructor(path, lines, branches, functions, summary) {
        this.path = path;
        this.summary = summary;
        const length = lines.length + branches.length + functions.length;
        const { slab, offset } = slabs.take(length);
        if (copyUint32(lines, slab, offset) && copyUint32(branches, slab, offset + lines.length) && copyUint32(functions, slab, offset + lines.length + branches.length)) {
            this.data = slab;
            this.start = offset;
        }
        else {
            this.data = new Float64Array(length);
            this.start = 0;
            this.data.set(lines, 0);
            this.data.set(branches, lines.length);
            this.data.set(functions, lines.length + branches.length);
        }
        this.linesEnd = this.start + lines.length;
        this.branchesEnd = this.linesEnd + branches.length;
        this.end = this.start + length;
    }
    get lines() {
        return this.data.subarray(this.start, this.linesEnd);
    }
    get branches() {
        return this.data.subarray(this.linesEnd, this.branchesEnd);
    }
    get functions() {
        return this.data.subarray(this.branchesEnd, this.end);
    }
}
/** Copies into the slab; false when a value does not fit 32 bits (the slab run is then left unused). */
function copyUint32(values, slab, offset) {
    for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (value >>> 0 !== value)
            return false; // not an integer in [0, 2^32)
        slab[offset + i] = value;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/types.ts
/** The coverage data model: formats, metrics, totals, one file's coverage as flat runs of numbers, a report. */
const LINE_STRIDE = 2;
const ITEM_STRIDE = 3;

;// CONCATENATED MODULE: ./src/quality-gate/coverage/file-coverage.ts
/** Builds one file's FileCoverage from a parser's entries, in any order: sorted, repeats collapsed. */


/**
 * Collects the entries of one file of a report, in any order, and builds the sorted FileCoverage. A repeated line
 * or branch keeps its highest count: the report describes one run, so a repetition is the same item again.
 * One builder is reused for every file of a report, so parsing leaves no per-file scratch arrays behind.
 */
class FileCoverageBuilder {
    path = '';
    lineEntries = []; // line, hits
    branchEntries = []; // line, group, index, hits
    functionEntries = []; // line, order, hits
    summary;
    branchScratch = [];
    functionScratch = [];
    reset(path) {
        this.path = path;
        this.lineEntries.length = 0;
        this.branchEntries.length = 0;
        this.functionEntries.length = 0;
        this.summary = undefined;
        return this;
    }
    line(line, hits) {
        this.lineEntries.push(line, hits);
    }
    /** group and index order the branches of one line the way the tool lists them (lcov block and branch). */
    branch(line, group, index, hits) {
        this.branchEntries.push(line, group, index, hits);
    }
    function(line, hits) {
        this.functionEntries.push(line, this.functionEntries.length, hits);
    }
    totalsOnly(summary) {
        this.summary = summary;
    }
    build() {
        return new PackedFileCoverage(this.path, combineSorted(this.lineEntries, LINE_STRIDE, 1), positioned(combineSorted(this.branchEntries, 4, 3), 4, this.branchScratch), positioned(combineSorted(this.functionEntries, 3, 2), ITEM_STRIDE, this.functionScratch), this.summary);
    }
}
/**
 * Sorts entries of `stride` numbers by their first `keyLength` numbers; equal keys keep the highest count (last).
 * Returns a new array of exactly the needed length.
 */
function combineSorted(entries, stride, keyLength) {
    if (isStrictlyAscending(entries, stride, keyLength))
        return entries;
    const count = entries.length / stride;
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((a, b) => compareKeys(entries, a * stride, entries, b * stride, keyLength));
    const out = [];
    let previous = -1;
    for (const index of order) {
        const at = index * stride;
        if (previous >= 0 && compareKeys(out, previous, entries, at, keyLength) === 0) {
            const hitsAt = previous + stride - 1;
            out[hitsAt] = Math.max(out[hitsAt], entries[at + stride - 1]);
            continue;
        }
        previous = out.length;
        for (let k = 0; k < stride; k++)
            out.push(entries[at + k]);
    }
    return out;
}
function isStrictlyAscending(entries, stride, keyLength) {
    for (let at = stride; at < entries.length; at += stride) {
        if (compareKeys(entries, at - stride, entries, at, keyLength) >= 0)
            return false;
    }
    return true;
}
function compareKeys(a, aAt, b, bAt, keyLength) {
    for (let k = 0; k < keyLength; k++) {
        const difference = a[aAt + k] - b[bAt + k];
        if (difference !== 0)
            return difference;
    }
    return 0;
}
/**
 * Sorted [line, ...ordering keys, hits] entries of `stride` numbers -> [line, position on the line, hits], written
 * into `out` (a scratch array the caller reuses).
 */
function positioned(sorted, stride, out) {
    out.length = 0;
    let line = -1;
    let position = 0;
    for (let at = 0; at < sorted.length; at += stride) {
        position = sorted[at] === line ? position + 1 : 0;
        line = sorted[at];
        out.push(line, position, sorted[at + stride - 1]);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/merge.ts
/** Merges coverage reports file by file, never counting an item twice nor averaging a percentage. */



/**
 * Merges reports file by file (a monorepo's packages, or several test suites over the same code). For a file in
 * several reports, hits of the same line add up and a branch or function (same line, same position) is one item,
 * covered if any report covered it: nothing is counted twice and no percentage is ever averaged.
 * A file known only by totals (istanbul coverage-summary.json) gives way to line-level data for the same file;
 * between two totals-only entries each metric keeps the one with more covered (the union is not knowable).
 * Likewise, Cobertura, JaCoCo and Clover say how many branches of a line ran, not which: two reports that each ran
 * one of a line's two branches merge to 1 of 2, a lower bound rather than a guess. lcov and coverage-final.json
 * name every branch, so they merge exactly.
 */
function mergeReports(reports) {
    const files = new Map();
    for (const report of reports) {
        for (const [path, file] of report.files) {
            const existing = files.get(path);
            files.set(path, existing === undefined ? file : mergeFiles(existing, file));
        }
    }
    return { files, sources: reports.flatMap((report) => report.sources) };
}
/** Two reports' data for one file: hits add up. */
function mergeFiles(a, b) {
    return combineFiles(a, b, (x, y) => x + y);
}
/** One report naming a file twice (separate records or classes): the same run seen twice, so the highest count. */
function relistedFile(a, b) {
    return combineFiles(a, b, Math.max);
}
function combineFiles(a, b, combine) {
    if (a.summary !== undefined && b.summary !== undefined) {
        return new PackedFileCoverage(a.path, [], [], [], mergeSummaries(a.summary, b.summary));
    }
    if (a.summary !== undefined)
        return b;
    if (b.summary !== undefined)
        return a;
    return new PackedFileCoverage(a.path, mergeSorted(a.lines, b.lines, LINE_STRIDE, 1, combine), mergeSorted(a.branches, b.branches, ITEM_STRIDE, 2, combine), mergeSorted(a.functions, b.functions, ITEM_STRIDE, 2, combine));
}
function mergeSummaries(a, b) {
    const larger = (x, y) => (y.covered > x.covered ? y : x);
    return {
        lines: larger(a.lines, b.lines),
        branches: larger(a.branches, b.branches),
        functions: larger(a.functions, b.functions)
    };
}
/** Merges two key-sorted entry arrays; entries with equal keys combine their hits (the last number). */
function mergeSorted(a, b, stride, keyLength, combine) {
    if (b.length === 0)
        return a;
    if (a.length === 0)
        return b;
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        const order = i >= a.length ? 1 : j >= b.length ? -1 : compareKeys(a, i, b, j, keyLength);
        if (order <= 0) {
            for (let k = 0; k < stride; k++)
                out.push(a[i + k]);
            if (order === 0) {
                out[out.length - 1] = combine(out[out.length - 1], b[j + stride - 1]);
                j += stride;
            }
            i += stride;
        }
        else {
            for (let k = 0; k < stride; k++)
                out.push(b[j + k]);
            j += stride;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/parser.ts
/** What every report parser implements, and the collector of a report's files. */


/**
 * The files of one report by resolved path. A parser opens a file, adds its entries and closes it; the file is
 * built right away. A file the report names twice is combined with what was built before.
 */
class FileCollector {
    files = new Map();
    builder = new FileCoverageBuilder();
    isOpen = false;
    open(path) {
        this.close();
        this.isOpen = true;
        return this.builder.reset(path);
    }
    close() {
        if (!this.isOpen)
            return;
        this.isOpen = false;
        const file = this.builder.build();
        const earlier = this.files.get(file.path);
        this.files.set(file.path, earlier === undefined ? file : relistedFile(earlier, file));
    }
    build() {
        this.close();
        return this.files;
    }
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/clover.ts

/**
 * Clover XML. Lines of type stmt and cond are lines; type method lines are functions.
 * A cond line's truecount/falsecount mean two different things depending on the producer: in Clover they count
 * how often the condition was true and false (two branches); istanbul writes covered and uncovered branch counts
 * instead. The file's <metrics conditionals> tells which reading adds up.
 * istanbul writes no method lines, only the file's methods/coveredmethods: those are kept as functions at line 0.
 */
class CloverHandler {
    paths;
    root = 'coverage';
    collector = new FileCollector();
    packageName = '';
    file;
    classDepth = 0;
    constructor(paths) {
        this.paths = paths;
    }
    open(name, attributes, xml) {
        const file = this.file;
        switch (name) {
            case 'line':
                if (file !== undefined)
                    this.line(file, attributes, xml);
                return;
            case 'file': {
                const raw = attributes.get('path') ?? joinPackage(this.packageName, xml.attribute(attributes, 'name', 'file'));
                this.file = { builder: this.collector.open(this.paths.resolve(raw)), conditions: [], methodLines: 0, metrics: undefined };
                this.classDepth = 0;
                return;
            }
            case 'class':
                this.classDepth++;
                return;
            case 'metrics':
                if (file !== undefined && this.classDepth === 0 && file.metrics === undefined) {
                    file.metrics = {
                        conditionals: xml.count(attributes, 'conditionals', 'metrics', 0),
                        coveredConditionals: xml.count(attributes, 'coveredconditionals', 'metrics', 0),
                        methods: xml.count(attributes, 'methods', 'metrics', 0),
                        coveredMethods: xml.count(attributes, 'coveredmethods', 'metrics', 0)
                    };
                }
                return;
            case 'package':
                this.packageName = attributes.get('name') ?? '';
                return;
            default:
                return;
        }
    }
    close(name) {
        if (name === 'class')
            this.classDepth--;
        else if (name === 'package')
            this.packageName = '';
        else if (name === 'file' && this.file !== undefined) {
            finishFile(this.file);
            this.collector.close();
            this.file = undefined;
        }
    }
    end() {
        return this.collector.build();
    }
    line(file, attributes, xml) {
        const line = xml.count(attributes, 'num', 'line');
        const type = attributes.get('type') ?? 'stmt';
        if (type === 'method') {
            file.methodLines++;
            file.builder.function(line, xml.count(attributes, 'count', 'line', 0));
            return;
        }
        if (type === 'cond') {
            const trueCount = xml.count(attributes, 'truecount', 'line', 0);
            const falseCount = xml.count(attributes, 'falsecount', 'line', 0);
            file.conditions.push(line, trueCount, falseCount);
            file.builder.line(line, xml.count(attributes, 'count', 'line', trueCount + falseCount));
            return;
        }
        file.builder.line(line, xml.count(attributes, 'count', 'line'));
    }
}
function finishFile(file) {
    const { builder, conditions, metrics } = file;
    // Both readings are checked against the file's own conditionals/coveredconditionals; the closer one wins.
    // istanbul's own count can fall short: it leaves out branches on lines without a statement (a default parameter
    // on a function's line), so an exact match is not required.
    let asCounts = { total: 0, covered: 0 };
    let asOutcomes = { total: 0, covered: 0 };
    for (let at = 0; at < conditions.length; at += 3) {
        const trueCount = conditions[at + 1];
        const falseCount = conditions[at + 2];
        asCounts = { total: asCounts.total + trueCount + falseCount, covered: asCounts.covered + trueCount };
        asOutcomes = {
            total: asOutcomes.total + 2,
            covered: asOutcomes.covered + (trueCount > 0 ? 1 : 0) + (falseCount > 0 ? 1 : 0)
        };
    }
    const distance = (reading) => metrics === undefined
        ? 0
        : Math.abs(reading.total - metrics.conditionals) + Math.abs(reading.covered - metrics.coveredConditionals);
    const countsBranches = metrics !== undefined && distance(asCounts) <= distance(asOutcomes);
    for (let at = 0; at < conditions.length; at += 3) {
        const line = conditions[at];
        const trueCount = conditions[at + 1];
        const falseCount = conditions[at + 2];
        if (countsBranches) {
            for (let i = 0; i < trueCount + falseCount; i++)
                builder.branch(line, 0, i, i < trueCount ? 1 : 0);
        }
        else {
            builder.branch(line, 0, 0, trueCount);
            builder.branch(line, 0, 1, falseCount);
        }
    }
    if (file.methodLines === 0 && metrics !== undefined) {
        for (let i = 0; i < metrics.methods; i++)
            builder.function(0, i < metrics.coveredMethods ? 1 : 0);
    }
}
function joinPackage(packageName, name) {
    return packageName === '' ? name : `${packageName.replaceAll('.', '/')}/${name}`;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/cobertura.ts

const CONDITION_COVERAGE = /\((\d+)\/(\d+)\)/;
/**
 * Cobertura XML (coverage-04 DTD, as written by cobertura, coverage.py, istanbul, gcovr...). Class filenames are
 * relative to one of the <source> directories. Branches are known only as "covered/total" per line, so they are
 * kept as positions 0..total-1 of that line, the covered ones first.
 */
class CoberturaHandler {
    paths;
    root = 'coverage';
    collector = new FileCollector();
    sources = [];
    sourceText;
    file;
    method;
    constructor(paths) {
        this.paths = paths;
    }
    open(name, attributes, xml) {
        switch (name) {
            case 'line':
                if (this.method !== undefined)
                    this.methodLine(attributes, xml);
                else if (this.file !== undefined)
                    this.line(this.file, attributes, xml);
                return;
            case 'class': {
                const filename = xml.attribute(attributes, 'filename', 'class');
                this.file = this.collector.open(this.paths.resolve(filename, this.sources.length > 0 ? this.sources : undefined));
                return;
            }
            case 'method':
                if (this.file === undefined)
                    return;
                this.method = {
                    hits: attributes.number('hits') === undefined ? undefined : xml.count(attributes, 'hits', 'method'),
                    line: Number.POSITIVE_INFINITY,
                    maxLineHits: 0
                };
                return;
            case 'source':
                this.sourceText = '';
                xml.wantText(true);
                return;
            default:
                return;
        }
    }
    text(text) {
        if (this.sourceText !== undefined)
            this.sourceText += text;
    }
    close(name, xml) {
        switch (name) {
            case 'source': {
                xml.wantText(false);
                const source = this.sourceText?.trim();
                if (source)
                    this.sources.push(source);
                this.sourceText = undefined;
                return;
            }
            case 'method': {
                const method = this.method;
                if (method === undefined || this.file === undefined)
                    return;
                const line = Number.isFinite(method.line) ? method.line : 0;
                this.file.function(line, method.hits ?? method.maxLineHits);
                this.method = undefined;
                return;
            }
            case 'class':
                this.collector.close();
                this.file = undefined;
                return;
            default:
                return;
        }
    }
    end() {
        return this.collector.build();
    }
    methodLine(attributes, xml) {
        const method = this.method;
        method.line = Math.min(method.line, xml.count(attributes, 'number', 'line'));
        method.maxLineHits = Math.max(method.maxLineHits, xml.count(attributes, 'hits', 'line'));
    }
    line(file, attributes, xml) {
        const line = xml.count(attributes, 'number', 'line');
        file.line(line, xml.count(attributes, 'hits', 'line'));
        const conditions = attributes.get('condition-coverage');
        if (conditions === undefined || attributes.get('branch') === 'false')
            return;
        const match = CONDITION_COVERAGE.exec(conditions);
        if (match === null)
            xml.fail(`<line number="${line}"> condition-coverage="${conditions}" is not "P% (covered/total)"`);
        const covered = Number(match[1]);
        const total = Number(match[2]);
        if (covered > total)
            xml.fail(`<line number="${line}"> covers more conditions than it has: ${conditions}`);
        for (let i = 0; i < total; i++)
            file.branch(line, 0, i, i < covered ? 1 : 0);
    }
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/json.ts
/** The base of the JSON report parsers: gathers the chunks, parses once, checks the counts. */

/** istanbul writes each JSON report in one piece; it is parsed once the last chunk arrived. */
class JsonReportParser {
    chunks = [];
    write(chunk) {
        this.chunks.push(Buffer.from(chunk)); // the reader reuses its buffer
    }
    end() {
        const text = Buffer.concat(this.chunks).toString('utf8');
        this.chunks.length = 0;
        let document;
        try {
            document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        }
        catch (error) {
            throw new MalformedReport(`invalid JSON: ${error.message}`);
        }
        if (!isObject(document))
            throw new MalformedReport('expected a JSON object keyed by file path');
        return this.files(document);
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function count(value, where) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
        return value;
    throw new MalformedReport(`${where} is ${JSON.stringify(value)}, not a non-negative number`);
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/istanbul-final.ts
/** Parser of istanbul's coverage-final.json (nyc, jest's json reporter). */



/**
 * istanbul coverage-final.json (what nyc and jest's "json" reporter write): statement, function and branch maps
 * with their counters. Lines are derived as istanbul derives them (a line's hits are its statements' highest
 * count), so totals match istanbul's own lcov and summary.
 */
class IstanbulFinalParser extends JsonReportParser {
    paths;
    constructor(paths) {
        super();
        this.paths = paths;
    }
    files(document) {
        const collector = new FileCollector();
        for (const [key, value] of Object.entries(document)) {
            if (!isObject(value))
                throw new MalformedReport(`entry '${key}' is not a file coverage object`);
            const where = (field) => `'${key}' ${field}`;
            const statementMap = field(value, 'statementMap', key);
            const statements = field(value, 's', key);
            const fnMap = field(value, 'fnMap', key);
            const functions = field(value, 'f', key);
            const branchMap = field(value, 'branchMap', key);
            const branches = field(value, 'b', key);
            const file = collector.open(this.paths.resolve(typeof value['path'] === 'string' ? value['path'] : key));
            for (const [id, hits] of Object.entries(statements)) {
                const location = statementMap[id];
                if (location === undefined)
                    continue; // istanbul skips counters without a location too
                file.line(startLine(location, where(`statementMap[${id}]`)), count(hits, where(`s[${id}]`)));
            }
            for (const [id, meta] of Object.entries(fnMap)) {
                if (!isObject(meta))
                    throw new MalformedReport(`${where(`fnMap[${id}]`)} is not an object`);
                const line = startLine(meta['decl'] ?? meta['loc'], where(`fnMap[${id}].decl`));
                file.function(line, count(functions[id] ?? 0, where(`f[${id}]`)));
            }
            for (const [id, meta] of Object.entries(branchMap)) {
                if (!isObject(meta))
                    throw new MalformedReport(`${where(`branchMap[${id}]`)} is not an object`);
                const line = startLine(meta['loc'], where(`branchMap[${id}].loc`));
                const counts = branches[id];
                if (!Array.isArray(counts))
                    throw new MalformedReport(`${where(`b[${id}]`)} is not an array of counts`);
                const group = Number(id);
                counts.forEach((hits, index) => file.branch(line, Number.isInteger(group) ? group : 0, index, count(hits, where(`b[${id}][${index}]`))));
            }
        }
        return collector.build();
    }
}
function field(value, name, key) {
    const found = value[name];
    if (!isObject(found))
        throw new MalformedReport(`'${key}' has no ${name} object`);
    return found;
}
function startLine(location, where) {
    const start = isObject(location) ? location['start'] : undefined;
    const line = isObject(start) ? start['line'] : undefined;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
        throw new MalformedReport(`${where} has no start line`);
    }
    return line;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/metric.ts
function metric(covered, total) {
    return { covered, total, percent: total === 0 ? null : (covered / total) * 100 };
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/istanbul-summary.ts
/** Parser of istanbul's coverage-summary.json (totals per file, no lines). */




/**
 * istanbul coverage-summary.json: totals per file and nothing per line, so these files merge at file level and
 * cannot take part in patch coverage. The "total" entry is recomputed from the files, not read.
 */
class IstanbulSummaryParser extends JsonReportParser {
    paths;
    constructor(paths) {
        super();
        this.paths = paths;
    }
    files(document) {
        const collector = new FileCollector();
        for (const [key, value] of Object.entries(document)) {
            if (key === 'total')
                continue;
            if (!isObject(value))
                throw new MalformedReport(`entry '${key}' is not a summary object`);
            const totals = {
                lines: summaryMetric(value, 'lines', key),
                branches: summaryMetric(value, 'branches', key),
                functions: summaryMetric(value, 'functions', key)
            };
            collector.open(this.paths.resolve(key)).totalsOnly(totals);
        }
        return collector.build();
    }
}
function summaryMetric(value, name, key) {
    const entry = value[name];
    if (!isObject(entry))
        throw new MalformedReport(`'${key}' has no ${name} summary`);
    const total = count(entry['total'], `'${key}' ${name}.total`);
    const covered = count(entry['covered'], `'${key}' ${name}.covered`);
    if (covered > total)
        throw new MalformedReport(`'${key}' ${name} covers ${covered} of ${total}`);
    return metric(covered, total);
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/jacoco.ts
/** Parser of JaCoCo XML coverage reports, placing each source file under its module's source roots. */


const SOURCE_ROOTS = ['src/main/java', 'src/main/kotlin', 'src/main/scala', 'src/main/groovy', 'src'];
/**
 * JaCoCo XML (report.dtd 1.1). A source file is named only by package and file name (com/example/Foo.java); its
 * place in the repository is looked up under the usual source roots of the module the report belongs to
 * (module/target/site/jacoco/jacoco.xml for Maven, module/build/reports/jacoco/... for Gradle).
 * A line is covered when it has a covered instruction (ci > 0): JaCoCo records no hit counts, so hits are 1 or 0.
 * Methods are listed per class, before the package's source files; they are attached by sourcefilename.
 */
class JacocoHandler {
    paths;
    root = 'report';
    collector = new FileCollector();
    sourceRoots;
    packageName = '';
    methodsBySource = new Map();
    classSource;
    method;
    file;
    constructor(paths) {
        this.paths = paths;
        const module = moduleDirectory(paths.reportDir);
        this.sourceRoots = ['.', ...SOURCE_ROOTS.map((root) => external_node_path_.posix.join(module, root)), ...SOURCE_ROOTS];
    }
    open(name, attributes, xml) {
        switch (name) {
            case 'line':
                if (this.file !== undefined)
                    this.line(this.file, attributes, xml);
                return;
            case 'counter':
                if (this.method !== undefined && attributes.get('type') === 'METHOD') {
                    this.method.covered = xml.count(attributes, 'covered', 'counter');
                }
                return;
            case 'method':
                if (this.classSource === undefined)
                    return;
                this.method = {
                    line: xml.count(attributes, 'line', 'method', 0),
                    covered: 0
                };
                return;
            case 'class':
                this.classSource = attributes.get('sourcefilename');
                return;
            case 'sourcefile': {
                const fileName = xml.attribute(attributes, 'name', 'sourcefile');
                const raw = this.packageName === '' ? fileName : `${this.packageName}/${fileName}`;
                this.file = this.collector.open(this.paths.resolve(raw, this.sourceRoots));
                for (const method of this.methodsBySource.get(fileName) ?? []) {
                    this.file.function(method.line, method.covered > 0 ? 1 : 0);
                }
                return;
            }
            case 'package':
                this.packageName = xml.attribute(attributes, 'name', 'package');
                this.methodsBySource = new Map();
                return;
            default:
                return;
        }
    }
    close(name) {
        switch (name) {
            case 'method':
                if (this.method !== undefined && this.classSource !== undefined) {
                    const methods = this.methodsBySource.get(this.classSource) ?? [];
                    methods.push(this.method);
                    this.methodsBySource.set(this.classSource, methods);
                }
                this.method = undefined;
                return;
            case 'class':
                this.classSource = undefined;
                return;
            case 'sourcefile':
                this.collector.close();
                this.file = undefined;
                return;
            default:
                return;
        }
    }
    end() {
        return this.collector.build();
    }
    line(file, attributes, xml) {
        const line = xml.count(attributes, 'nr', 'line');
        file.line(line, xml.count(attributes, 'ci', 'line', 0) > 0 ? 1 : 0);
        const missedBranches = xml.count(attributes, 'mb', 'line', 0);
        const coveredBranches = xml.count(attributes, 'cb', 'line', 0);
        for (let i = 0; i < missedBranches + coveredBranches; i++)
            file.branch(line, 0, i, i < coveredBranches ? 1 : 0);
    }
}
/** The module directory a JaCoCo report was written in, from the Maven and Gradle default report locations. */
function moduleDirectory(reportDir) {
    const maven = /^(.*)\/target\/site\/jacoco[^/]*$/.exec(reportDir);
    if (maven)
        return maven[1] || '/';
    const gradle = /^(.*)\/build\/reports\/jacoco(?:\/[^/]+)?$/.exec(reportDir);
    if (gradle)
        return gradle[1] || '/';
    return reportDir;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/lcov.ts
/** Parser of lcov tracefiles, line by line straight from the bytes. */



const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const COLON = 0x3a;
const COMMA = 0x2c;
const DASH = 0x2d;
/**
 * lcov tracefile (geninfo(1) format, including lcov 2's FNL/FNA records), parsed line by line straight from the
 * bytes: record tags are matched as bytes and numbers read from them; only paths and function names become
 * strings.
 */
class LcovParser {
    paths;
    collector = new FileCollector();
    bases;
    carry;
    lineNumber = 0;
    file;
    /**
     * The current record's functions in FN order. Names can repeat (two classes' constructors in one file): FNDA
     * records go to same-named functions in the order FN listed them, which is also the order geninfo and istanbul
     * write FNDA in, so the next expected name is tried first.
     */
    names = Buffer.alloc(4096); // the current record's function names, back to back
    namesUsed = 0;
    functionNameStarts = [];
    functionNameEnds = [];
    functionLines = [];
    functionHits = [];
    functionCounted = [];
    nextFunction = 0;
    first = 0; // fields read by numbers()
    second = 0;
    text; // the current line, for error messages
    textStart = 0;
    textEnd = 0;
    constructor(paths) {
        this.paths = paths;
        // geninfo writes SF paths absolute; other tools write them relative to the directory they ran in: the repository
        // root, or the package that holds the report (pkg/coverage/lcov.info or pkg/lcov.info).
        this.bases = ['.', external_node_path_.posix.dirname(paths.reportDir), paths.reportDir];
    }
    write(chunk) {
        let buffer = chunk;
        if (this.carry !== undefined) {
            buffer = Buffer.concat([this.carry, chunk]);
            this.carry = undefined;
        }
        const length = buffer.length;
        let start = 0;
        for (let at = 0; at < length; at++) {
            if (buffer[at] !== NEWLINE)
                continue;
            this.line(buffer, start, at);
            start = at + 1;
        }
        if (start < length)
            this.carry = Buffer.from(buffer.subarray(start));
    }
    end() {
        if (this.carry !== undefined) {
            const line = this.carry;
            this.carry = undefined;
            this.line(line, 0, line.length);
        }
        this.endRecord(); // a last record without end_of_record
        return this.collector.build();
    }
    line(buffer, start, end) {
        this.lineNumber++;
        if (end > start && buffer[end - 1] === CARRIAGE_RETURN)
            end--;
        while (start < end && (buffer[start] === 0x20 || buffer[start] === 0x09))
            start++;
        if (start === end)
            return;
        this.text = buffer;
        this.textStart = start;
        this.textEnd = end;
        const tag = tagOf(buffer, start, end);
        const value = start + TAG_LENGTH[tag] + 1;
        switch (tag) {
            case Tag.DA:
                this.numbers(buffer, value, end, 'DA:<line>,<hits>');
                this.current('DA').line(this.first, this.second);
                return;
            case Tag.BRDA:
                this.branch(buffer, value, end);
                return;
            case Tag.SF:
                this.endRecord();
                this.file = this.collector.open(this.paths.resolve(buffer.toString('utf8', value, end), this.bases));
                return;
            case Tag.FN:
                this.functionDefinition(buffer, value, end);
                return;
            case Tag.FNDA:
                this.functionData(buffer, value, end);
                return;
            case Tag.FNL:
                // lcov 2: FNL:<index>,<line>[,<end line>]
                this.numbers(buffer, value, end, 'FNL:<index>,<line>[,<end line>]');
                this.current('FNL');
                this.indexedFunction(this.first).line = this.second;
                return;
            case Tag.FNA: {
                // lcov 2: FNA:<index>,<hits>,<alias name>
                const indexEnd = indexOf(buffer, COMMA, value, end);
                const alias = indexEnd < 0 ? -1 : indexOf(buffer, COMMA, indexEnd + 1, end);
                this.numbers(buffer, value, alias > 0 && alias < end ? alias : end, 'FNA:<index>,<hits>,<name>');
                this.current('FNA');
                const entry = this.indexedFunction(this.first);
                entry.hits = Math.max(entry.hits, this.second);
                return;
            }
            case Tag.END:
                this.endRecord();
                return;
            default:
                return; // TN, VER, LF/LH, FNF/FNH, BRF/BRH (recomputed), and records of newer lcov versions
        }
    }
    current(tag) {
        if (this.file === undefined)
            this.fail(`${tag} record before any SF (source file) record`);
        return this.file;
    }
    endRecord() {
        const file = this.file;
        if (file !== undefined) {
            for (let i = 0; i < this.functionLines.length; i++)
                file.function(this.functionLines[i], this.functionHits[i]);
            for (const entry of this.indexed.values())
                file.function(entry.line, entry.hits);
            this.collector.close();
        }
        this.namesUsed = 0;
        this.functionNameStarts.length = 0;
        this.functionNameEnds.length = 0;
        this.functionLines.length = 0;
        this.functionHits.length = 0;
        this.functionCounted.length = 0;
        this.nextFunction = 0;
        this.indexed.clear();
        this.file = undefined;
    }
    functionDefinition(buffer, start, end) {
        this.current('FN');
        // FN:<line>,<name> or lcov 2's FN:<line>,<end line>,<name>; names may contain commas (C++ signatures).
        const comma = indexOf(buffer, COMMA, start, end);
        if (comma < 0 || comma >= end)
            this.fail('FN expects <line>,<name>');
        const line = this.integer(buffer, start, comma, 'FN:<line>,<name>');
        let nameStart = comma + 1;
        const second = indexOf(buffer, COMMA, nameStart, end);
        if (second > 0 && second < end && isDigits(buffer, nameStart, second))
            nameStart = second + 1;
        this.addFunction(buffer, nameStart, end, line);
    }
    addFunction(buffer, nameStart, nameEnd, line) {
        const length = nameEnd - nameStart;
        if (this.namesUsed + length > this.names.length) {
            const grown = Buffer.alloc(Math.max(this.names.length * 2, this.namesUsed + length));
            this.names.copy(grown, 0, 0, this.namesUsed);
            this.names = grown;
        }
        buffer.copy(this.names, this.namesUsed, nameStart, nameEnd);
        this.functionNameStarts.push(this.namesUsed);
        this.namesUsed += length;
        this.functionNameEnds.push(this.namesUsed);
        this.functionLines.push(line);
        this.functionHits.push(0);
        this.functionCounted.push(false);
    }
    isNamed(index, buffer, start, end) {
        const nameStart = this.functionNameStarts[index];
        if (this.functionNameEnds[index] - nameStart !== end - start)
            return false;
        const names = this.names;
        for (let i = 0; i < end - start; i++)
            if (names[nameStart + i] !== buffer[start + i])
                return false;
        return true;
    }
    functionData(buffer, start, end) {
        this.current('FNDA');
        const comma = indexOf(buffer, COMMA, start, end);
        if (comma < 0 || comma >= end)
            this.fail('FNDA expects <hits>,<name>');
        const hits = this.integer(buffer, start, comma, 'FNDA:<hits>,<name>');
        const count = this.functionLines.length;
        let index = this.nextFunction;
        if (index >= count || !this.isNamed(index, buffer, comma + 1, end)) {
            index = -1;
            for (let i = 0; i < count && index < 0; i++) {
                if (!this.functionCounted[i] && this.isNamed(i, buffer, comma + 1, end))
                    index = i;
            }
            for (let i = count - 1; i >= 0 && index < 0; i--) {
                if (this.isNamed(i, buffer, comma + 1, end))
                    index = i; // FNDA repeated for one function
            }
            if (index < 0) {
                // FNDA without FN: a function whose line is unknown
                this.addFunction(buffer, comma + 1, end, 0);
                index = count;
            }
        }
        this.functionHits[index] = Math.max(this.functionHits[index], hits);
        this.functionCounted[index] = true;
        this.nextFunction = index + 1;
    }
    indexed = new Map();
    indexedFunction(index) {
        let entry = this.indexed.get(index);
        if (entry === undefined) {
            entry = { line: 0, hits: 0 };
            this.indexed.set(index, entry);
        }
        return entry;
    }
    branch(buffer, start, end) {
        // BRDA:<line>,[e]<block>,<branch>,<taken or ->; lcov 2 marks exception blocks with "e" and may name branches.
        const file = this.current('BRDA');
        const first = indexOf(buffer, COMMA, start, end);
        const second = first < 0 ? -1 : indexOf(buffer, COMMA, first + 1, end);
        const last = lastIndexOf(buffer, COMMA, start, end);
        if (first < 0 || second < 0 || last <= second || last >= end)
            this.fail('BRDA expects <line>,<block>,<branch>,<taken>');
        const line = this.integer(buffer, start, first, 'BRDA:<line>');
        const blockStart = buffer[first + 1] === 0x65 ? first + 2 : first + 1;
        const block = isDigits(buffer, blockStart, second) ? this.integer(buffer, blockStart, second, 'BRDA block') : 0;
        const branch = isDigits(buffer, second + 1, last) ? this.integer(buffer, second + 1, last, 'BRDA branch') : 0;
        const taken = last + 2 === end && buffer[last + 1] === DASH ? 0 : this.integer(buffer, last + 1, end, 'BRDA taken');
        file.branch(line, block, branch, taken);
    }
    /** Reads two comma-separated non-negative integers into first and second; further fields (checksums) are ignored. */
    numbers(buffer, start, end, shape) {
        let comma = start;
        while (comma < end && buffer[comma] !== COMMA)
            comma++;
        if (comma === end)
            this.fail(`expected ${shape}`);
        let secondEnd = comma + 1;
        while (secondEnd < end && buffer[secondEnd] !== COMMA)
            secondEnd++;
        this.first = this.integer(buffer, start, comma, shape);
        this.second = this.integer(buffer, comma + 1, secondEnd, shape);
    }
    integer(buffer, start, end, shape) {
        if (start >= end)
            this.fail(`expected ${shape}`);
        let value = 0;
        for (let i = start; i < end; i++) {
            const digit = buffer[i] - 0x30;
            if (digit < 0 || digit > 9) {
                // gcov can write hit counts in exponent notation for huge values ("1.2e+10")
                const text = buffer.toString('latin1', start, end);
                const parsed = Number(text);
                if (text.trim() !== '' && Number.isFinite(parsed) && parsed >= 0)
                    return parsed;
                this.fail(`expected ${shape}`);
            }
            value = value * 10 + digit;
        }
        return value;
    }
    fail(message) {
        const text = this.text === undefined ? '' : this.text.toString('utf8', this.textStart, this.textEnd);
        const shown = text.length > 120 ? `${text.slice(0, 120)}...` : text;
        throw new MalformedReport(`line ${this.lineNumber}: ${message}, got '${shown}'`);
    }
}
var Tag;
(function (Tag) {
    Tag[Tag["OTHER"] = 0] = "OTHER";
    Tag[Tag["DA"] = 1] = "DA";
    Tag[Tag["BRDA"] = 2] = "BRDA";
    Tag[Tag["SF"] = 3] = "SF";
    Tag[Tag["FN"] = 4] = "FN";
    Tag[Tag["FNDA"] = 5] = "FNDA";
    Tag[Tag["FNL"] = 6] = "FNL";
    Tag[Tag["FNA"] = 7] = "FNA";
    Tag[Tag["END"] = 8] = "END";
})(Tag || (Tag = {}));
const TAG_LENGTH = [0, 2, 4, 2, 2, 4, 3, 3, 12];
/** The record tag of a line, matched on its bytes (a tag is followed by ':', except end_of_record). */
function tagOf(buffer, start, end) {
    const length = end - start;
    const a = buffer[start];
    const b = buffer[start + 1];
    const c = buffer[start + 2];
    if (a === 0x44 && b === 0x41 && c === COLON)
        return Tag.DA; // DA:
    if (a === 0x42 && b === 0x52 && c === 0x44 && buffer[start + 3] === 0x41 && buffer[start + 4] === COLON)
        return Tag.BRDA;
    if (a === 0x53 && b === 0x46 && c === COLON)
        return Tag.SF;
    if (a === 0x46 && b === 0x4e) {
        if (c === COLON)
            return Tag.FN;
        const d = buffer[start + 3];
        if (c === 0x44 && d === 0x41 && buffer[start + 4] === COLON)
            return Tag.FNDA;
        if (c === 0x4c && d === COLON)
            return Tag.FNL;
        if (c === 0x41 && d === COLON)
            return Tag.FNA;
        return Tag.OTHER;
    }
    if (a === 0x65 && length === 13 && buffer.toString('latin1', start, end) === 'end_of_record')
        return Tag.END;
    return Tag.OTHER;
}
/** Buffer.indexOf crosses into C++ per call; lcov fields are a few bytes apart. -1 when not before `end`. */
function indexOf(buffer, byte, from, end) {
    for (let i = from; i < end; i++)
        if (buffer[i] === byte)
            return i;
    return -1;
}
function lastIndexOf(buffer, byte, start, end) {
    for (let i = end - 1; i >= start; i--)
        if (buffer[i] === byte)
            return i;
    return -1;
}
function isDigits(buffer, start, end) {
    if (start >= end)
        return false;
    for (let i = start; i < end; i++) {
        const byte = buffer[i];
        if (byte < 0x30 || byte > 0x39)
            return false;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/xml-scanner.ts
/** A streaming XML scanner over bytes, for large machine-written coverage reports. */

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const AMPERSAND = 0x26;
const xml_scanner_NEWLINE = 0x0a;
const xml_scanner_DASH = 0x2d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const INCOMPLETE = -1;
class XmlScanner {
    events;
    /** Set by a handler around the elements whose text it reads; other text is only skipped. */
    textWanted = false;
    carry;
    buffer = Buffer.alloc(0);
    lineCount = 1;
    stack = [];
    sawRoot = false;
    started = false;
    // attribute ranges of the current start tag: name start/end, value start/end
    attributeRanges = new Int32Array(64);
    attributeCount = 0;
    names = new Array(1024).fill(undefined);
    constructor(events) {
        this.events = events;
    }
    get line() {
        return this.lineCount;
    }
    write(chunk) {
        let from = 0;
        if (this.carry !== undefined) {
            // Finish the cut token with the head of this chunk, rather than copying the whole chunk behind it.
            const carry = this.carry;
            this.carry = undefined;
            for (let take = Math.min(chunk.length, 64 * 1024);; take = Math.min(chunk.length, take * 4)) {
                const whole = take === chunk.length;
                const reached = this.scan(Buffer.concat([carry, chunk.subarray(0, take)]), 0, carry.length, whole);
                if (reached !== INCOMPLETE) {
                    from = reached - carry.length;
                    break;
                }
                if (whole)
                    return; // scan() kept the rest as the new carry
            }
        }
        if (from < chunk.length)
            this.scan(chunk, from, chunk.length, true);
    }
    /**
     * Scans tokens from `from` until one ends at or after `stopAt`; returns that position. A token cut by the end of
     * the buffer is kept as the carry when `all` (the buffer holds every byte received), else INCOMPLETE is returned.
     */
    scan(buffer, from, stopAt, all) {
        let at = from;
        if (!this.started) {
            if (buffer.length - at < 3) {
                if (all)
                    this.carry = Buffer.from(buffer.subarray(at));
                return all ? buffer.length : INCOMPLETE;
            }
            this.started = true;
            if (buffer[at] === 0xef && buffer[at + 1] === 0xbb && buffer[at + 2] === 0xbf)
                at += 3;
        }
        this.buffer = buffer;
        const length = buffer.length;
        while (at < stopAt) {
            const lineBefore = this.lineCount;
            const next = buffer[at] === LT ? this.markup(buffer, at, length) : this.skipText(buffer, at, length);
            if (next === INCOMPLETE) {
                this.lineCount = lineBefore;
                if (!all)
                    return INCOMPLETE;
                this.carry = Buffer.from(buffer.subarray(at));
                return length;
            }
            at = next;
        }
        return at;
    }
    end() {
        if (!this.started && this.carry !== undefined) {
            // a document of fewer than 3 bytes: too short for a BOM
            this.started = true;
            const rest = this.carry;
            this.carry = undefined;
            this.scan(rest, 0, rest.length, true);
        }
        const rest = this.carry;
        this.carry = undefined;
        if (rest !== undefined && rest.indexOf(LT) >= 0)
            this.fail('the document ends inside a tag, comment or declaration');
        const open = this.stack[this.stack.length - 1];
        if (open !== undefined)
            this.fail(`the document ends before <${open}> is closed`);
        if (!this.sawRoot)
            this.fail('the document has no root element');
    }
    fail(message) {
        throw new MalformedReport(`line ${this.lineCount}: ${message}`);
    }
    // XmlAttributes of the current start tag
    get(name) {
        const index = this.findAttribute(name);
        if (index < 0)
            return undefined;
        return this.decode(this.attributeRanges[index * 4 + 2], this.attributeRanges[index * 4 + 3]);
    }
    number(name) {
        const index = this.findAttribute(name);
        if (index < 0)
            return undefined;
        const buffer = this.buffer;
        const start = this.attributeRanges[index * 4 + 2];
        const end = this.attributeRanges[index * 4 + 3];
        let value = 0;
        for (let i = start; i < end; i++) {
            const digit = buffer[i] - 0x30;
            if (digit < 0 || digit > 9) {
                const text = this.decode(start, end).trim();
                return text === '' ? Number.NaN : Number(text);
            }
            value = value * 10 + digit;
        }
        return start === end ? Number.NaN : value;
    }
    findAttribute(name) {
        const buffer = this.buffer;
        const ranges = this.attributeRanges;
        const length = name.length;
        const first = name.charCodeAt(0);
        for (let index = 0, at = 0; index < this.attributeCount; index++, at += 4) {
            const start = ranges[at];
            if (ranges[at + 1] - start !== length || buffer[start] !== first)
                continue;
            let k = 1;
            while (k < length && buffer[start + k] === name.charCodeAt(k))
                k++;
            if (k === length)
                return index;
        }
        return -1;
    }
    /** Skips text up to the next '<', counting lines; hands it to the handler when it wants text. */
    skipText(buffer, start, length) {
        let at = start;
        let lines = 0;
        for (; at < length; at++) {
            const byte = buffer[at];
            if (TEXT_SPECIAL[byte] === 0)
                continue;
            if (byte === LT)
                break;
            lines++;
        }
        const wants = this.textWanted;
        // wanted text may go on in the next chunk (and end in a cut character or entity): it is kept whole
        if (at === length && wants)
            return INCOMPLETE;
        this.lineCount += lines;
        if (wants && at > start)
            this.events.text?.(this.decode(start, at));
        return at;
    }
    /** Handles the markup at `at` ('<'); returns where it ends, or INCOMPLETE when the buffer ends first. */
    markup(buffer, at, length) {
        const second = buffer[at + 1];
        if (second === undefined)
            return INCOMPLETE;
        if (second === SLASH)
            return this.closeTag(buffer, at, length);
        if (second === QUESTION)
            return this.skipPast(buffer, at + 2, length, '?>');
        if (second === BANG) {
            if (at + 4 > length)
                return INCOMPLETE;
            if (buffer[at + 2] === xml_scanner_DASH && buffer[at + 3] === xml_scanner_DASH)
                return this.skipPast(buffer, at + 4, length, '-->');
            if (at + 9 > length)
                return INCOMPLETE;
            if (buffer.toString('latin1', at + 2, at + 9) === '[CDATA[')
                return this.cdata(buffer, at + 9, length);
            return this.declaration(buffer, at + 2, length);
        }
        return this.startTag(buffer, at, length);
    }
    startTag(buffer, at, length) {
        let i = at + 1;
        while (i < length && NAME_END[buffer[i]] === 0)
            i++;
        if (i >= length)
            return INCOMPLETE;
        if (i === at + 1)
            this.fail(`'<' is not followed by an element name`);
        const nameEnd = i;
        this.attributeCount = 0;
        for (;;) {
            if (i < length && SPACE[buffer[i]] !== 0)
                i = this.skipSpace(buffer, i, length);
            if (i >= length)
                return INCOMPLETE;
            const byte = buffer[i];
            if (byte === GT || byte === SLASH) {
                if (byte === SLASH) {
                    if (i + 1 >= length)
                        return INCOMPLETE;
                    if (buffer[i + 1] !== GT)
                        this.fail(`expected '/>' in <${this.name(buffer, at + 1, nameEnd)}>`);
                    i++;
                }
                const name = this.name(buffer, at + 1, nameEnd);
                this.openElement(name);
                if (byte === SLASH)
                    this.closeElement(name);
                return i + 1;
            }
            const attributeStart = i;
            while (i < length && ATTRIBUTE_NAME_END[buffer[i]] === 0)
                i++;
            const attributeEnd = i;
            if (i < length && buffer[i] !== EQUALS)
                i = this.skipSpace(buffer, i, length);
            if (i + 1 >= length)
                return INCOMPLETE;
            if (buffer[i] !== EQUALS || attributeEnd === attributeStart) {
                this.fail(`attribute without a value in <${this.name(buffer, at + 1, nameEnd)}>`);
            }
            i++;
            if (SPACE[buffer[i]] !== 0)
                i = this.skipSpace(buffer, i, length);
            if (i >= length)
                return INCOMPLETE;
            const quote = buffer[i];
            if (quote !== QUOTE && quote !== APOSTROPHE)
                this.fail(`unquoted attribute value in <${this.name(buffer, at + 1, nameEnd)}>`);
            const valueStart = i + 1;
            i = valueStart;
            for (; i < length; i++) {
                const byte = buffer[i];
                if (VALUE_SPECIAL[byte] === 0)
                    continue;
                if (byte === quote)
                    break;
                if (byte === LT)
                    this.fail(`'<' in an attribute value of <${this.name(buffer, at + 1, nameEnd)}>`);
                if (byte === xml_scanner_NEWLINE)
                    this.lineCount++;
            }
            if (i >= length)
                return INCOMPLETE;
            this.addAttribute(attributeStart, attributeEnd, valueStart, i);
            i++;
            if (i < length && !isSpace(buffer[i]) && buffer[i] !== GT && buffer[i] !== SLASH) {
                this.fail(`attributes of <${this.name(buffer, at + 1, nameEnd)}> must be separated by white space`);
            }
        }
    }
    closeTag(buffer, at, length) {
        let i = at + 2;
        while (i < length && !isNameEnd(buffer[i]))
            i++;
        const nameEnd = i;
        i = this.skipSpace(buffer, i, length);
        if (i >= length)
            return INCOMPLETE;
        if (buffer[i] !== GT)
            this.fail(`malformed closing tag`);
        this.closeElement(this.name(buffer, at + 2, nameEnd));
        return i + 1;
    }
    openElement(name) {
        if (this.stack.length === 0) {
            if (this.sawRoot)
                this.fail(`<${name}> after the root element was closed`);
            this.sawRoot = true;
        }
        this.stack.push(name);
        this.events.open(name, this);
    }
    closeElement(name) {
        const open = this.stack.pop();
        if (open !== name)
            this.fail(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open}>`);
        this.events.close(name);
    }
    addAttribute(nameStart, nameEnd, valueStart, valueEnd) {
        if ((this.attributeCount + 1) * 4 > this.attributeRanges.length) {
            const grown = new Int32Array(this.attributeRanges.length * 2);
            grown.set(this.attributeRanges);
            this.attributeRanges = grown;
        }
        const at = this.attributeCount++ * 4;
        this.attributeRanges[at] = nameStart;
        this.attributeRanges[at + 1] = nameEnd;
        this.attributeRanges[at + 2] = valueStart;
        this.attributeRanges[at + 3] = valueEnd;
    }
    cdata(buffer, start, length) {
        const end = buffer.indexOf(']]>', start, 'latin1');
        if (end < 0 || end + 3 > length)
            return INCOMPLETE;
        this.countLines(buffer, start, end);
        if (this.textWanted)
            this.events.text?.(buffer.toString('utf8', start, end));
        return end + 3;
    }
    /** <!DOCTYPE ...> with an optional internal subset in brackets; nothing in it is used. */
    declaration(buffer, start, length) {
        let depth = 0;
        let quote = 0;
        for (let i = start; i < length; i++) {
            const byte = buffer[i];
            if (quote !== 0) {
                if (byte === quote)
                    quote = 0;
            }
            else if (byte === QUOTE || byte === APOSTROPHE)
                quote = byte;
            else if (byte === OPEN_BRACKET)
                depth++;
            else if (byte === CLOSE_BRACKET)
                depth--;
            else if (byte === GT && depth <= 0) {
                this.countLines(buffer, start, i);
                return i + 1;
            }
        }
        return INCOMPLETE;
    }
    skipPast(buffer, start, length, terminator) {
        const end = buffer.indexOf(terminator, start, 'latin1');
        if (end < 0 || end + terminator.length > length)
            return INCOMPLETE;
        this.countLines(buffer, start, end);
        return end + terminator.length;
    }
    skipSpace(buffer, start, length) {
        let i = start;
        while (i < length) {
            const byte = buffer[i];
            if (SPACE[byte] === 0)
                break;
            if (byte === xml_scanner_NEWLINE)
                this.lineCount++;
            i++;
        }
        return i;
    }
    countLines(buffer, start, end) {
        for (let i = start; i < end; i++)
            if (buffer[i] === xml_scanner_NEWLINE)
                this.lineCount++;
    }
    /** Element names are few: each is made a string once, and found again by length, first and last byte. */
    name(buffer, start, end) {
        const length = end - start;
        const slot = (length * 961 + buffer[start] * 31 + buffer[end - 1]) & 1023;
        const cached = this.names[slot];
        if (cached !== undefined && cached.length === length) {
            let same = true;
            for (let k = 1; k < length - 1 && same; k++)
                same = cached.charCodeAt(k) === buffer[start + k];
            if (same && cached.charCodeAt(0) === buffer[start] && cached.charCodeAt(length - 1) === buffer[end - 1])
                return cached;
        }
        const name = buffer.toString('utf8', start, end);
        this.names[slot] = name;
        return name;
    }
    decode(start, end) {
        const buffer = this.buffer;
        const text = buffer.toString('utf8', start, end);
        let ampersand = start;
        while (ampersand < end && buffer[ampersand] !== AMPERSAND)
            ampersand++;
        if (ampersand === end)
            return text;
        return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (match, entity) => {
            if (entity === undefined)
                this.fail(`a bare '&' (write &amp;)`);
            if (entity.startsWith('#x'))
                return String.fromCodePoint(parseInt(entity.slice(2), 16));
            if (entity.startsWith('#'))
                return String.fromCodePoint(parseInt(entity.slice(1), 10));
            const known = ENTITIES[entity];
            if (known === undefined)
                this.fail(`unknown entity ${match}`);
            return known;
        });
    }
}
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const SPACE = new Uint8Array(256);
const NAME_END = new Uint8Array(256);
for (const byte of [0x20, 0x0a, 0x09, 0x0d])
    SPACE[byte] = NAME_END[byte] = 1;
NAME_END[GT] = NAME_END[SLASH] = 1;
const ATTRIBUTE_NAME_END = NAME_END.slice();
ATTRIBUTE_NAME_END[EQUALS] = 1;
const TEXT_SPECIAL = new Uint8Array(256);
TEXT_SPECIAL[LT] = TEXT_SPECIAL[xml_scanner_NEWLINE] = 1;
const VALUE_SPECIAL = new Uint8Array(256);
VALUE_SPECIAL[QUOTE] = VALUE_SPECIAL[APOSTROPHE] = VALUE_SPECIAL[LT] = VALUE_SPECIAL[xml_scanner_NEWLINE] = 1;
function isSpace(byte) {
    return SPACE[byte] === 1;
}
function isNameEnd(byte) {
    return NAME_END[byte] === 1;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parsers/xml.ts

/** Runs a format's handler over the report's chunks. */
class XmlReportParser {
    handler;
    scanner;
    sawRoot = false;
    constructor(handler) {
        this.handler = handler;
        this.scanner = new XmlScanner({
            open: (name, attributes) => {
                if (!this.sawRoot) {
                    this.sawRoot = true;
                    if (name !== handler.root)
                        this.fail(`expected a <${handler.root}> root element, got <${name}>`);
                }
                handler.open(name, attributes, this);
            },
            close: (name) => handler.close(name, this),
            text: (text) => handler.text?.(text)
        });
    }
    write(chunk) {
        this.scanner.write(chunk);
    }
    end() {
        this.scanner.end();
        return this.handler.end();
    }
    fail(message) {
        return this.scanner.fail(message);
    }
    wantText(wanted) {
        this.scanner.textWanted = wanted;
    }
    attribute(attributes, name, element) {
        const value = attributes.get(name);
        if (value === undefined)
            this.fail(`<${element}> has no ${name} attribute`);
        return value;
    }
    count(attributes, name, element, fallback) {
        const number = attributes.number(name);
        if (number === undefined) {
            if (fallback === undefined)
                this.fail(`<${element}> has no ${name} attribute`);
            return fallback;
        }
        if (!Number.isFinite(number) || number < 0) {
            this.fail(`<${element}> ${name}="${attributes.get(name)}" is not a non-negative number`);
        }
        return number;
    }
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/parse.ts
/** Picks the streaming parser for a coverage format. */







function createParser(format, paths) {
    switch (format) {
        case 'lcov':
            return new LcovParser(paths);
        case 'cobertura':
            return new XmlReportParser(new CoberturaHandler(paths));
        case 'clover':
            return new XmlReportParser(new CloverHandler(paths));
        case 'jacoco':
            return new XmlReportParser(new JacocoHandler(paths));
        case 'istanbul-final':
            return new IstanbulFinalParser(paths);
        case 'istanbul-summary':
            return new IstanbulSummaryParser(paths);
    }
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/paths.ts
/** Turns the file paths a coverage report names into repository-relative POSIX paths. */

/**
 * Turns the paths a report names into repository-relative POSIX paths. A relative path is tried against each base
 * directory the report gives (Cobertura <source>, JaCoCo source roots...); the first that exists on disk wins, and
 * the first base is used when none does. A path outside the root stays as given.
 */
class PathResolver {
    context;
    root;
    constructor(context) {
        this.context = context;
        this.root = trimTrailingSlash(toPosix(context.root));
    }
    get reportDir() {
        return this.context.reportDir;
    }
    resolve(raw, bases = [this.root]) {
        const path = toPosix(raw.trim());
        if (isWindowsAbsolute(path))
            return path;
        if (external_node_path_.posix.isAbsolute(path))
            return this.relativize(isNormal(path) ? path : external_node_path_.posix.normalize(path));
        if (bases.length === 1 && isNormal(path)) {
            const base = this.absoluteBase(bases[0]);
            if (base === this.root)
                return path;
            return this.relativize(base === '/' ? `/${path}` : `${base}/${path}`);
        }
        const candidates = unique(bases.map((base) => external_node_path_.posix.resolve(this.absoluteBase(base), path)));
        const chosen = candidates.length > 1 ? (candidates.find((c) => this.context.exists(c)) ?? candidates[0]) : candidates[0];
        return this.relativize(chosen ?? external_node_path_.posix.resolve(this.root, path));
    }
    bases = new Map();
    /** Absolute, normalised, without a trailing slash (one report has few distinct bases). */
    absoluteBase(base) {
        let absolute = this.bases.get(base);
        if (absolute === undefined) {
            absolute = trimTrailingSlash(external_node_path_.posix.resolve(this.root, toPosix(base)));
            this.bases.set(base, absolute);
        }
        return absolute;
    }
    relativize(absolute) {
        if (absolute === this.root)
            return '.';
        const prefix = this.root === '/' ? '/' : `${this.root}/`;
        return absolute.startsWith(prefix) ? absolute.slice(prefix.length) : absolute;
    }
}
function toPosix(path) {
    return path.includes('\\') ? path.replaceAll('\\', '/') : path;
}
function trimTrailingSlash(path) {
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
/** No empty, "." or ".." segment and no trailing slash: joining it needs no normalisation. */
function isNormal(path) {
    return path !== '' && !path.endsWith('/') && !path.includes('//') && !/(?:^|\/)\.\.?(?:\/|$)/.test(path);
}
function isWindowsAbsolute(path) {
    return /^[A-Za-z]:\//.test(path);
}
function unique(values) {
    return [...new Set(values)];
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/read.ts
/** Reads one coverage report of any supported format, streaming, naming the file when it cannot. */








const CHUNK_BYTES = 1024 * 1024;
/**
 * Reads one coverage report of any supported format, recognised by its content, streaming it so that a report of
 * hundreds of megabytes is never one string. Paths become relative to `root`.
 * Throws a UserError naming the file when it cannot be read, is not a known format or is malformed.
 */
async function readCoverageFile(path, root) {
    const absolute = (0,external_node_path_.resolve)(path);
    const shown = displayPath(absolute, (0,external_node_path_.resolve)(root));
    let handle;
    try {
        handle = await (0,promises_.open)(absolute, 'r');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`Coverage report ${shown} cannot be read: ${ioMessage(error)}`);
    }
    try {
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        const first = await readChunk(handle, buffer, shown);
        if (first.length === 0)
            throw new errors/* UserError */.yo(`Coverage report ${shown} is empty.`);
        const format = detectFormat(first.subarray(0, DETECTION_BYTES).toString('utf8'));
        if (format === undefined) {
            throw new errors/* UserError */.yo(`Coverage report ${shown} is not in a supported format (lcov, Cobertura XML, Clover XML, JaCoCo XML, ` +
                'istanbul coverage-final.json or coverage-summary.json).');
        }
        const paths = new PathResolver({ root: (0,external_node_path_.resolve)(root), reportDir: (0,external_node_path_.dirname)(absolute), exists: external_node_fs_.existsSync });
        const parser = createParser(format, paths);
        try {
            for (let chunk = first; chunk.length > 0; chunk = await readChunk(handle, buffer, shown))
                parser.write(chunk);
            return { files: parser.end(), sources: [{ path: shown, format }] };
        }
        catch (error) {
            if (error instanceof MalformedReport)
                throw new errors/* UserError */.yo(`Coverage report ${shown} (${format}) is malformed: ${error.message}`);
            throw error;
        }
    }
    finally {
        await handle.close();
    }
}
/** Parsers keep no reference to a chunk, so one buffer is reused for the whole file. */
async function readChunk(handle, buffer, shown) {
    try {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        return buffer.subarray(0, bytesRead);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`Coverage report ${shown} cannot be read: ${ioMessage(error)}`);
    }
}
/** fs errors can come from another realm (jest's VM), where instanceof Error does not hold. */
function ioMessage(error) {
    const message = error?.message;
    return typeof message === 'string' ? message : (0,errors/* errorMessage */.gJ)(error);
}
function displayPath(absolute, root) {
    const inside = (0,external_node_path_.relative)(root, absolute);
    return inside !== '' && !inside.startsWith('..') ? inside : absolute;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/totals.ts
/** Line, branch and function totals of a coverage report or of one file. */


/** Line, branch and function coverage, each counted on its own over all files (never blended into one number). */
function coverageTotals(report) {
    const sums = { lines: [0, 0], branches: [0, 0], functions: [0, 0] };
    for (const file of report.files.values()) {
        const totals = file.summary;
        if (totals !== undefined) {
            add(sums.lines, totals.lines.covered, totals.lines.total);
            add(sums.branches, totals.branches.covered, totals.branches.total);
            add(sums.functions, totals.functions.covered, totals.functions.total);
            continue;
        }
        add(sums.lines, coveredCount(file.lines, LINE_STRIDE), file.lines.length / LINE_STRIDE);
        add(sums.branches, coveredCount(file.branches, ITEM_STRIDE), file.branches.length / ITEM_STRIDE);
        add(sums.functions, coveredCount(file.functions, ITEM_STRIDE), file.functions.length / ITEM_STRIDE);
    }
    return {
        lines: metric(sums.lines[0], sums.lines[1]),
        branches: metric(sums.branches[0], sums.branches[1]),
        functions: metric(sums.functions[0], sums.functions[1])
    };
}
/** The same totals for one file. */
function fileTotals(file) {
    return coverageTotals({ files: new Map([[file.path, file]]), sources: [] });
}
function coveredCount(entries, stride) {
    let covered = 0;
    for (let at = stride - 1; at < entries.length; at += stride)
        if (entries[at] > 0)
            covered++;
    return covered;
}
function add(sum, covered, total) {
    sum[0] += covered;
    sum[1] += total;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/diff.ts
/** Reads `git diff` output into the changed lines of each file, for patch coverage. Pure. */
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
/**
 * Added and modified lines of each file in the new version, from `git diff` output (any --unified context; git
 * shows a modified line as removed then added). Keys are the new paths as git prints them: repository-relative,
 * unquoted. Deleted files are left out; a file renamed without edits has no changed line.
 */
function parseUnifiedDiff(diff) {
    const changed = new Map();
    let lines;
    let oldLeft = 0;
    let newLeft = 0;
    let newLine = 0;
    for (const raw of diff.split('\n')) {
        if (oldLeft > 0 || newLeft > 0) {
            // inside a hunk: its header said how many lines it has, so "+++" here is an added line starting with "++"
            const marker = raw[0];
            if (marker === '+') {
                lines?.add(newLine++);
                newLeft--;
            }
            else if (marker === '-') {
                oldLeft--;
            }
            else if (marker === ' ' || raw === '') {
                newLine++;
                oldLeft--;
                newLeft--;
            }
            continue; // "\ No newline at end of file" belongs to the previous line
        }
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.startsWith('diff --git ')) {
            lines = undefined;
        }
        else if (line.startsWith('+++ ')) {
            const path = newPath(line.slice(4));
            if (path === undefined) {
                lines = undefined;
            }
            else {
                lines = changed.get(path) ?? new Set();
                changed.set(path, lines);
            }
        }
        else if (line.startsWith('@@ ')) {
            const match = HUNK_HEADER.exec(line);
            if (match === null)
                continue;
            oldLeft = match[1] === undefined ? 1 : Number(match[1]);
            newLine = Number(match[2]);
            newLeft = match[3] === undefined ? 1 : Number(match[3]);
        }
    }
    return changed;
}
/** The path of a "+++ " line: quoted when git escapes it; git appends a tab after names with spaces. */
function newPath(value) {
    const name = value.startsWith('"') ? unquote(value) : value.split('\t')[0];
    if (name === '/dev/null')
        return undefined;
    return name.startsWith('b/') ? name.slice(2) : name;
}
const ESCAPES = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
/** git's C-style quoting: backslash escapes and octal bytes of the UTF-8 name. */
function unquote(quoted) {
    const bytes = [];
    let at = 1;
    while (at < quoted.length && quoted[at] !== '"') {
        const char = quoted[at];
        if (char !== '\\') {
            bytes.push(...Buffer.from(char, 'utf8'));
            at++;
            continue;
        }
        const next = quoted[at + 1] ?? '';
        const octal = /^[0-7]{3}/.exec(quoted.slice(at + 1, at + 4));
        if (octal !== null) {
            bytes.push(parseInt(octal[0], 8));
            at += 4;
        }
        else {
            bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
            at += 2;
        }
    }
    return Buffer.from(bytes).toString('utf8');
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/patch.ts
/** Patch coverage: how many of the lines a change touched ran. Pure. */


/**
 * Coverage of the changed lines: a changed line counts when the report instruments it (comments, blank lines and
 * files without coverage data are not code). A report path that is only the tail of the changed path (JaCoCo's
 * com/example/Foo.java when the source root was not found) matches when it is the only such tail.
 */
function patchCoverage(report, changed) {
    const byTail = tailIndex(report);
    let covered = 0;
    let total = 0;
    const uncovered = [];
    const summaryOnly = [];
    for (const path of [...changed.keys()].sort()) {
        const file = report.files.get(path) ?? findByTail(byTail, path);
        if (file === undefined)
            continue;
        if (file.summary !== undefined) {
            summaryOnly.push(path);
            continue;
        }
        const missed = [];
        for (const line of [...changed.get(path)].sort((a, b) => a - b)) {
            const hits = hitsAt(file, line);
            if (hits === undefined)
                continue;
            total++;
            if (hits > 0)
                covered++;
            else
                missed.push(line);
        }
        if (missed.length > 0)
            uncovered.push({ path, lines: missed });
    }
    return { metric: metric(covered, total), uncovered, summaryOnly, notice: summaryNotice(summaryOnly) };
}
/** Hits of one line, or undefined when the line is not instrumented (binary search over the sorted lines). */
function hitsAt(file, line) {
    const lines = file.lines;
    let low = 0;
    let high = lines.length / LINE_STRIDE - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const value = lines[middle * LINE_STRIDE];
        if (value === line)
            return lines[middle * LINE_STRIDE + 1];
        if (value < line)
            low = middle + 1;
        else
            high = middle - 1;
    }
    return undefined;
}
function summaryNotice(paths) {
    if (paths.length === 0)
        return undefined;
    const shown = paths.length > 5 ? `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more` : paths.join(', ');
    return (`Patch coverage leaves out ${paths.length} changed file(s) whose coverage comes only from an istanbul ` +
        `coverage-summary.json, which has totals but no line data: ${shown}. ` +
        'Add an lcov, coverage-final.json or XML report to measure their changed lines.');
}
/** Report paths that are not repository paths (no source root found), by file name. */
function tailIndex(report) {
    const index = new Map();
    for (const [path, file] of report.files) {
        const name = path.slice(path.lastIndexOf('/') + 1);
        const list = index.get(name);
        if (list === undefined)
            index.set(name, [file]);
        else
            list.push(file);
    }
    return index;
}
function findByTail(index, path) {
    const candidates = (index.get(path.slice(path.lastIndexOf('/') + 1)) ?? []).filter((file) => !file.path.startsWith('/') && path.endsWith(`/${file.path}`));
    return candidates.length === 1 ? candidates[0] : undefined;
}

;// CONCATENATED MODULE: ./src/quality-gate/coverage/index.ts








;// CONCATENATED MODULE: ./src/quality-gate/patch-base.ts
/** The commit a change is compared with (pull request base, push's before, merge group base) and the diff. */

/** The commit a change is compared with: the pull request's base, the push's `before`, the merge group's base. */
function diffBase(context) {
    const e = context.event;
    switch (context.eventName) {
        case 'pull_request':
        case 'pull_request_target':
            return e.pull_request?.base?.sha ? { sha: e.pull_request.base.sha, describe: `the pull request's base ${patch_base_short(e.pull_request.base.sha)}` } : { unavailable: 'the pull_request event has no base commit' };
        case 'merge_group':
            return e.merge_group?.base_sha ? { sha: e.merge_group.base_sha, describe: `the merge group's base ${patch_base_short(e.merge_group.base_sha)}` } : { unavailable: 'the merge_group event has no base commit' };
        case 'push':
            if (typeof e.before !== 'string' || /^0+$/.test(e.before))
                return { unavailable: 'this push created the branch, so there is no previous commit to compare with' };
            return { sha: e.before, describe: `the commit before the push, ${patch_base_short(e.before)}` };
        default:
            return { unavailable: `a ${context.eventName || 'local'} run has no base commit to compare with (patch coverage is judged on pull_request, push and merge_group)` };
    }
}
const patch_base_short = (sha) => sha.slice(0, 7);
/** `git diff --unified=0` from the base to HEAD, run at the repository's top directory `root`. */
async function diffFromBase(base, root) {
    const present = await (0,command/* runCommand */.d)(['git', 'cat-file', '-e', `${base.sha}^{commit}`], { cwd: root, echo: false });
    if (present.exitCode !== 0) {
        const shallow = (await (0,command/* runCommand */.d)(['git', 'rev-parse', '--is-shallow-repository'], { cwd: root, echo: false })).stdout.trim() === 'true';
        return {
            unavailable: `${base.describe} is not in the local history${shallow ? ' (this is a shallow clone)' : ''}: fetch more history, e.g. actions/checkout with fetch-depth: 0, or git fetch --deepen`
        };
    }
    const diff = await (0,command/* runCommand */.d)(['git', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--find-renames', base.sha, 'HEAD', '--'], { cwd: root, echo: false });
    if (diff.exitCode !== 0)
        return { unavailable: `git diff against ${base.describe} failed: ${diff.stderr.trim()}` };
    return { diff: diff.stdout, root };
}

;// CONCATENATED MODULE: ./src/quality-gate/measure-coverage.ts
/** Measures coverage: reads and merges the reports, then patch coverage and the baseline when the inputs ask. */








/** Reads and merges the coverage reports, then the patch coverage and the baseline when the inputs ask for them. */
async function measureCoverage(inputs, context) {
    if (inputs['coverage-files'].length === 0)
        return undefined;
    const cwd = inputs['working-directory'];
    const files = await (0,match/* matchFiles */.x)(inputs['coverage-files'], cwd, { input: 'coverage-files', roots: inputs.roots });
    if (files.length === 0) {
        core/* warning */.$e(`No coverage report matched ${inputs['coverage-files'].join(', ')} in ${cwd}`);
        return { missingReason: `no coverage report matched ${inputs['coverage-files'].map((p) => `'${p}'`).join(', ')} (did the test check write one?)` };
    }
    const repository = await repositoryRoot(cwd);
    const root = repository ?? cwd;
    const reports = [];
    for (const file of files) {
        const report = await readCoverageFile(file, root);
        core/* info */.pq(`Read ${external_node_path_default().relative(cwd, file)} (${report.sources.map((s) => s.format).join(', ')}, ${report.files.size} files)`);
        reports.push(report);
    }
    const merged = mergeReports(reports);
    const measurement = { totals: coverageTotals(merged) };
    if (inputs.thresholds.patch !== undefined) {
        const base = diffBase(context);
        if ('unavailable' in base) {
            measurement.patchUnavailable = base.unavailable;
        }
        else {
            const diff = repository ? await diffFromBase(base, repository) : { unavailable: `${cwd} is not inside a git repository` };
            if ('unavailable' in diff)
                measurement.patchUnavailable = diff.unavailable;
            else {
                const result = patchCoverage(merged, parseUnifiedDiff(diff.diff));
                measurement.patch = { metric: result.metric, uncovered: result.uncovered };
                if (result.notice)
                    measurement.patchUnavailable = result.notice;
            }
        }
    }
    if (inputs.thresholds.maxDrop !== undefined && !onDefaultBranch(context)) {
        const loaded = await loadBaseline(baselineDir(context.runnerTemp), `${context.repository.owner}/${context.repository.repo}`, external_node_path_default().relative(context.workspace, cwd) || '.');
        if (loaded.baseline)
            measurement.baseline = { totals: loaded.baseline.totals, sha: loaded.baseline.sha };
        else
            measurement.baselineUnavailable = loaded.reason ?? 'no baseline';
    }
    else if (inputs.thresholds.maxDrop !== undefined) {
        measurement.baselineUnavailable = 'this run is on the default branch: it sets the baseline rather than being compared with it';
    }
    return measurement;
}

// EXTERNAL MODULE: ./src/quality-gate/package-cache-steps.ts + 1 modules
var package_cache_steps = __webpack_require__(8457);
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

;// CONCATENATED MODULE: ./src/lib/github/issue-comment.ts
const logins = new WeakMap();
/**
 * The login of the token's user: GET /user for a user's token; an installation token (GITHUB_TOKEN, a GitHub App's)
 * may not read /user, and GraphQL's viewer names its bot instead. Asked once per client.
 */
function tokenLogin(octokit) {
    let login = logins.get(octokit);
    if (!login) {
        login = octokit.rest.users.getAuthenticated().then(({ data }) => data.login, async () => (await octokit.graphql('query { viewer { login } }')).viewer.login);
        logins.set(octokit, login);
    }
    return login;
}
/** REST names a bot `name[bot]`, GraphQL `name`; logins are case-insensitive. Only bots have brackets in a login. */
const sameLogin = (a, b) => a !== undefined && a.replace(/\[bot\]$/, '').toLowerCase() === b.replace(/\[bot\]$/, '').toLowerCase();
/**
 * Finds the comment carrying `marker` that the token's own user wrote, if any. Anyone can paste the marker into a
 * comment of theirs; such a comment is never taken for this one (nor edited, with a token that could).
 */
async function findStickyComment(octokit, target) {
    const [login, comments] = await Promise.all([
        tokenLogin(octokit),
        octokit.paginate(octokit.rest.issues.listComments, {
            owner: target.owner,
            repo: target.repo,
            issue_number: target.issueNumber,
            per_page: 100
        })
    ]);
    const found = comments.find((comment) => comment.body?.includes(target.marker) && sameLogin(comment.user?.login, login));
    return found ? { id: found.id, body: found.body ?? '' } : undefined;
}
/** One comment per marker: created the first time, edited in place on every later run, never duplicated. */
async function upsertStickyComment(octokit, comment) {
    const body = `${comment.marker}\n${comment.body}`;
    const existing = await findStickyComment(octokit, comment);
    if (existing) {
        const { data } = await octokit.rest.issues.updateComment({ owner: comment.owner, repo: comment.repo, comment_id: existing.id, body });
        return { action: 'updated', id: data.id, url: data.html_url };
    }
    const { data } = await octokit.rest.issues.createComment({ owner: comment.owner, repo: comment.repo, issue_number: comment.issueNumber, body });
    return { action: 'created', id: data.id, url: data.html_url };
}

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

;// CONCATENATED MODULE: ./src/quality-gate/summary.ts
/** The gate's report as Markdown, for the job summary and the pull request comment. Pure. */



const CHECK_ICON = {
    passed: PASS,
    failed: FAIL,
    'timed-out': FAIL,
    'not-started': SKIP,
    skipped: SKIP,
    cancelled: SKIP
};
/** The verdict as Markdown: the same text serves the job summary and the pull-request comment. */
function renderReport(report, title = 'Quality gate') {
    const { verdict } = report;
    const head = heading(`${verdict.passed ? PASS : FAIL} ${title}: ${verdict.passed ? 'passed' : 'failed'}`, 2);
    const why = verdict.passed
        ? `All ${verdict.gates.length} gates passed.`
        : `${verdict.failed.length} of ${verdict.gates.length} gates failed:\n${verdict.failed.map((g) => `- **${g.name}**: ${g.reason}`).join('\n')}`;
    return join(head, why, checksSection(report.checks), coverageSection(report, verdict.gates), auditSection(report.audit, verdict.gates), notesSection(report.notes));
}
function checksSection(checks) {
    if (checks.length === 0)
        return undefined;
    const rows = checks.map((c) => [`${CHECK_ICON[c.status]} ${c.name}`, c.status === 'passed' ? 'passed' : `${c.status}: ${c.reason ?? ''}`, c.status === 'not-started' ? '' : (0,duration/* formatDuration */.a3)(c.durationMs), `\`${c.command}\``]);
    return join(heading('Checks', 3), table(['Check', 'Result', 'Duration', 'Command'], rows)).trimEnd();
}
function coverageSection(report, gates) {
    const coverage = report.coverage;
    const coverageGates = gates.filter((g) => g.category === 'coverage');
    if (!coverage && coverageGates.length === 0)
        return undefined;
    const parts = [heading('Coverage', 3)];
    if (coverage?.totals) {
        const judged = new Map(coverageGates.map((g) => [g.name, g]));
        const rows = ['lines', 'branches', 'functions'].map((metric) => {
            const m = coverage.totals[metric];
            const gate = judged.get(`${metric} coverage`);
            return [metric, percentText(m.percent), `${m.covered}/${m.total}`, gate?.threshold ?? 'not judged', gate ? (gate.passed ? PASS : FAIL) : ''];
        });
        if (coverage.patch) {
            const gate = judged.get('patch coverage');
            const m = coverage.patch.metric;
            rows.push(['patch (changed lines)', percentText(m.percent), `${m.covered}/${m.total}`, gate?.threshold ?? 'not judged', gate ? (gate.passed ? PASS : FAIL) : '']);
        }
        parts.push(table(['Metric', 'Measured', 'Covered/total', 'Minimum', 'Result'], rows));
    }
    else if (coverage?.missingReason) {
        parts.push(`${FAIL} ${coverage.missingReason}`);
    }
    const drops = coverageGates.filter((g) => g.name.endsWith('drop'));
    if (drops.length > 0) {
        const baseline = coverage?.baseline?.sha ? ` (baseline: ${coverage.baseline.sha.slice(0, 7)})` : '';
        parts.push(`Against the default branch${baseline}:`);
        parts.push(table(['Metric', 'Now vs baseline', 'Allowed drop', 'Result'], drops.map((g) => [g.name, g.measured, g.threshold, g.passed ? PASS : FAIL])));
    }
    const uncovered = coverage?.patch?.uncovered ?? [];
    if (uncovered.length > 0) {
        const rows = uncovered.slice(0, 50).map((u) => [`\`${u.path}\``, compactLines(u.lines)]);
        parts.push(details(`Changed lines without coverage (${uncovered.reduce((n, u) => n + u.lines.length, 0)})`, table(['File', 'Lines'], rows)));
    }
    if (coverage?.patchUnavailable)
        parts.push(`${WARN} Patch coverage: ${coverage.patchUnavailable}`);
    if (coverage?.baselineUnavailable && drops.length > 0)
        parts.push(`ℹ️ Coverage drop not judged: ${coverage.baselineUnavailable}`);
    return parts.join('\n\n');
}
function auditSection(audit, gates) {
    if (!audit)
        return undefined;
    const parts = [heading('Dependency audit', 3)];
    if (audit.error) {
        parts.push(`${FAIL} ${audit.error}`);
        return parts.join('\n\n');
    }
    const order = ['critical', 'high', 'moderate', 'low'];
    const gateIndex = order.indexOf(audit.failOn);
    parts.push(table(['Severity', 'Found', 'Blocks the gate'], order.map((s, i) => [s, audit.counts[s], i <= gateIndex ? (audit.counts[s] > 0 ? `${FAIL} yes` : 'yes') : 'no'])));
    if (audit.blocking.length > 0) {
        parts.push(table(['Advisory', 'Severity', 'Package', 'Title'], audit.blocking.slice(0, 30).map((f) => [f.id, f.severity, f.package ?? '', f.title])));
    }
    const expired = gates.filter((g) => g.category === 'audit' && g.name.startsWith('allowlist'));
    if (expired.length > 0)
        parts.push(expired.map((g) => `${FAIL} ${g.reason}`).join('\n'));
    return parts.join('\n\n');
}
function notesSection(notes) {
    return notes.length === 0 ? undefined : notes.map((n) => `> ${n}`).join('\n>\n');
}
/** `3-5, 9, 12-14` */
function compactLines(lines) {
    const sorted = [...new Set(lines)].sort((a, b) => a - b);
    const ranges = [];
    for (let i = 0; i < sorted.length; i++) {
        const start = sorted[i];
        while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1)
            i++;
        ranges.push(start === sorted[i] ? `${start}` : `${start}-${sorted[i]}`);
    }
    return ranges.join(', ');
}

;// CONCATENATED MODULE: ./src/quality-gate/pull-request-comment.ts
/**
 * The sticky pull request comment with the gate's report, as input 'comment' asks (never, always, on-failure). The
 * GitHub client (@actions/github, Octokit) is loaded only by a run that comments.
 */






/** Writes or updates the comment; a failure to comment is a warning, never the gate's verdict. */
async function commentOnPullRequest(inputs, context, report) {
    if (inputs.comment === 'never')
        return;
    const issueNumber = pullRequestNumber(context);
    if (issueNumber === undefined) {
        core/* info */.pq(`No pull request comment: a ${context.eventName} run has no pull request`);
        return;
    }
    const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
    const octokit = getOctokit(inputs['github-token'], { baseUrl: context.apiUrl });
    const target = {
        owner: context.repository.owner,
        repo: context.repository.repo,
        issueNumber,
        marker: `<!-- pipeline-actions/quality-gate ${context.workflow}/${context.job}${inputs['working-directory'] === context.workspace ? '' : ` ${external_node_path_default().relative(context.workspace, inputs['working-directory'])}`} -->`
    };
    try {
        // on-failure: say nothing while all is well, but once a comment exists keep it truthful when the gate recovers.
        if (inputs.comment === 'on-failure' && report.verdict.passed && !(await findStickyComment(octokit, target)))
            return;
        const result = await upsertStickyComment(octokit, { ...target, body: renderReport(report) });
        core/* info */.pq(`Pull request comment ${result.action}: ${result.url}`);
    }
    catch (error) {
        core/* warning */.$e(`Could not comment on pull request #${issueNumber}: ${(0,errors/* errorMessage */.gJ)(error)} (the token needs pull-requests: write)`);
    }
}

;// CONCATENATED MODULE: ./src/quality-gate/publish-report.ts
/** Publishes the gate's report: the JSON report file, the step outputs, the job summary and the pull request comment. */






async function publishReport(report, inputs, context) {
    const reportFile = writeReportFile(context, report);
    setOutputs(report, reportFile);
    await appendSummary(renderReport(report));
    await commentOnPullRequest(inputs, context, report);
}
function writeReportFile(context, report) {
    const dir = external_node_path_default().join(context.runnerTemp, 'pipeline-actions');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = external_node_path_default().join(dir, 'quality-gate-report.json');
    const data = {
        passed: report.verdict.passed,
        gates: report.verdict.gates,
        checks: report.checks.map(({ output: _output, ...rest }) => rest),
        coverage: report.coverage ?? null,
        audit: report.audit ?? null,
        notes: report.notes,
        commit: context.sha,
        run: { id: context.runId, attempt: context.runAttempt, event: context.eventName }
    };
    (0,external_node_fs_.writeFileSync)(file, `${JSON.stringify(data, null, 2)}\n`);
    return file;
}
function setOutputs(report, reportFile) {
    core/* setOutput */.uH('passed', String(report.verdict.passed));
    core/* setOutput */.uH('failed-checks', JSON.stringify(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'not-started' && c.status !== 'cancelled').map((c) => c.name)));
    const coverage = { ...(report.coverage?.totals ?? {}) };
    if (report.coverage?.patch)
        coverage.patch = report.coverage.patch.metric;
    core/* setOutput */.uH('coverage', JSON.stringify(coverage));
    core/* setOutput */.uH('vulnerabilities', JSON.stringify(report.audit && !report.audit.error ? report.audit.counts : {}));
    core/* setOutput */.uH('report-file', reportFile);
}

;// CONCATENATED MODULE: ./src/quality-gate/main.ts
/** quality-gate's orchestrator: read the inputs, run the checks, measure coverage and the audit, judge, report. */












/** The main step; the entry (index.ts) passes the inputs it has already validated (checkInputFiles included). */
async function main(validated) {
    const env = process.env;
    const context = readRunContext(env);
    const inputs = validated ?? (0,quality_gate_inputs/* readInputs */.Ko)(action_inputs/* runnerInputs */.a, env);
    if (!validated)
        await (0,quality_gate_inputs/* checkInputFiles */.Mx)(inputs);
    const notes = inputs.cache === 'none' ? [] : await core/* group */.Os('Package cache', () => (0,package_cache_steps/* restorePackageCache */.RT)(inputs, env));
    // Each check's output is a log group of its own (groups do not nest), so the checks have no group around them.
    const checks = await measureChecks(inputs, context.workspace);
    const coverage = await core/* group */.Os('Coverage', () => measureCoverage(inputs, context));
    const audit = await core/* group */.Os('Dependency audit', () => measureAudit(inputs));
    const verdict = judge({ checks, coverage, thresholds: inputs.thresholds, audit });
    if (verdict.gates.length === 0) {
        throw new errors/* UserError */.yo(`Nothing was judged: no check ran, no coverage minimum is set, and audit '${inputs.audit}' found no lockfile in ${inputs['working-directory']}. Give 'checks', a coverage minimum, or 'audit-reports'.`);
    }
    await core/* group */.Os('Report', async () => {
        const baselineNote = await recordBaseline(inputs, context, checks, coverage);
        if (baselineNote)
            notes.push(baselineNote);
        const report = { verdict, checks, notes, ...(coverage ? { coverage } : {}), ...(audit ? { audit } : {}) };
        await publishReport(report, inputs, context);
    });
    if (!verdict.passed) {
        throw new errors/* UserError */.yo(`Quality gate failed: ${verdict.failed.map((g) => `${g.name} (${g.reason})`).join('; ')}`);
    }
    core/* info */.pq(`Quality gate passed: ${verdict.gates.length} gates`);
}
/** Saves the package cache after the job, when main restored anything but that exact key. */
async function post() {
    const pending = (0,package_cache_steps/* pendingPackageCache */.qV)();
    if (pending)
        await core/* group */.Os('Package cache', () => (0,package_cache_steps/* savePackageCache */.AI)(pending));
}


/***/ })

};
