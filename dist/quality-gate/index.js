import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6591:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



/* unused reexport */ __nccwpck_require__(5335);
exports.parse = __nccwpck_require__(2696);


/***/ }),

/***/ 2696:
/***/ ((module) => {



/**
 * @import {
 * 	ControlOperator,
 * 	Env,
 * 	GlobPattern,
 * 	ParseEntry,
 * } from './parse' */

// '<(' and '>(' are process substitution operators and
// can be parsed the same as control operator
var CONTROL = /** @type {const} */ ('(?:') + /** @type {const} */ ([
	'\\|\\|',
	'\\&(?:\\&|>>?)', // `&&`, `&>`, and `&>>`
	';;\\&?', // `;;` and `;;&`
	'[;|]\\&', // `;&` and `|&`
	'\\<\\(',
	'\\<\\<\\<',
	'\\<\\<-',
	'\\<\\<(?!\\()', // `<<(` stays `<` and `<(`, as zsh reads it; other shells reject it
	'>>',
	'>[&|(]', // `>&`, `>|`, and `>(`
	'<[&>]', // `<&` and `<>`
	'[&;()|<>]'
]).join(/** @type {const} */ ('|')) + /** @type {const} */ (')');
var controlRE = new RegExp('^' + CONTROL + '$');
var META = /** @type {const} */ ('|&;()<> \\t');
var SINGLE_QUOTE = /** @type {const} */ ('\'([^\']*?)\'');
// bash ANSI-C quoting, `$'...'`: a backslash escapes the next character, including `'`
var ANSI_C_BODY = '(?:\\\\[\\s\\S]|[^\\\\\'])*?';
var ANSI_C_QUOTE = '\\$\'' + ANSI_C_BODY + '\'';
var ansiCAt = new RegExp('\\$\'' + ANSI_C_BODY + '(?:(\')|\\\\?$)', 'g');
var ANSI_C_LETTERS = 'abeEfnrtv';
var ANSI_C_CHARS = '\x07\b\x1B\x1B\f\n\r\t\v';
var hash = /^#$/;

var SQ = /** @type {const} */ ("'");
var DQ = /** @type {const} */ ('"');
var DS = /** @type {const} */ ('$');

var TOKEN = '';
var mult = /** @type {const} */ (0x100000000); // Math.pow(16, 8);
for (var i = 0; i < 4; i++) {
	TOKEN += (mult * Math.random()).toString(16);
}
var startsWithToken = new RegExp('^' + TOKEN);

/**
 * @param {string} s
 * @param {RegExp} r
 */
function matchAll(s, r) {
	var origIndex = r.lastIndex;

	var matches = [];
	var matchObj;

	while ((matchObj = r.exec(s))) {
		matches[matches.length] = matchObj;
		if (r.lastIndex === matchObj.index) {
			r.lastIndex += 1;
		}
	}

	r.lastIndex = origIndex;

	return matches;
}

/**
 * @param {Env} env
 * @param {string} pre
 * @param {string} key
 */
function getVar(env, pre, key) {
	var r = typeof env === 'function' ? env(key) : env[key];
	if (typeof r === 'undefined' && key != '') {
		r = '';
	} else if (typeof r === 'undefined') {
		r = '$';
	}

	if (typeof r === 'object') {
		return pre + TOKEN + JSON.stringify(r) + TOKEN;
	}
	return pre + r;
}

var ansiCEscape = /\\([0-7]{1,3}|x[\dA-Fa-f]{1,2}|u[\dA-Fa-f]{1,4}|U[\dA-Fa-f]{1,8}|c(?:\\\\|[\s\S])|[abeEfnrtv\\'"?])/g;

/**
 * @param {string} m
 * @param {string} escape
 */
function expandAnsiCEscape(m, escape) {
	var kind = escape.charAt(0);
	if (kind === 'c') {
		var ctrl = escape.charAt(1);
		return ctrl === '?' ? '\x7F' : String.fromCharCode(ctrl.charCodeAt(0) & 0x1F);
	}
	if (kind === 'x' || kind === 'u' || kind === 'U') {
		var cp = parseInt(escape.slice(1), 16);
		if (cp > 0x10FFFF) {
			return m;
		}
		return String.fromCharCode.apply(null, cp > 0xFFFF ? [0xD7C0 + (cp >> 10), 0xDC00 + (cp & 0x3FF)] : [cp]);
	}
	if (kind >= '0' && kind <= '7') {
		return String.fromCharCode(parseInt(escape, 8) & 0xFF);
	}
	var letter = ANSI_C_LETTERS.indexOf(escape);
	return letter < 0 ? escape : ANSI_C_CHARS.charAt(letter);
}

/** @param {string} body */
function expandAnsiC(body) {
	return body.replace(ansiCEscape, expandAnsiCEscape).split('\0')[0]; // like bash, a NUL ends the string
}

/**
 * @param {string} s
 * @param {number} i
 */
function closesAnsiC(s, i) {
	ansiCAt.lastIndex = i;
	return !!(/** @type {RegExpExecArray} */ (ansiCAt.exec(s)))[1];
}

/**
 * @param {string} string
 * @param {Env} [env]
 * @param {{ escape?: string, splitUnquoted?: boolean | string }} [opts]
 * @returns {ParseEntry[]}
 */
function parseInternal(string, env, opts) {
	if (!opts) {
		opts = {};
	}
	var BS = opts.escape || '\\';
	var ifs = opts.splitUnquoted === true ? ' \t\n' : (typeof opts.splitUnquoted === 'string' ? opts.splitUnquoted : '');
	var BAREWORD = '(\\' + BS + '[\'"$\\' + BS + META + ']|\\$\\$|\\$(?!' + ANSI_C_QUOTE.slice(2) + ')|[^\\s\'"$' + META + '])+';
	var DOUBLE_QUOTE = '"(?:\\' + BS + '[\\s\\S]|[^"\\' + BS + '])*"';

	var chunker = new RegExp([
		'(' + CONTROL + ')', // control chars
		'(' + ANSI_C_QUOTE + '|' + BAREWORD + '|' + DOUBLE_QUOTE + '|' + SINGLE_QUOTE + ')+'
	].join('|'), 'g');

	var matches = matchAll(string, chunker);

	if (matches.length === 0) {
		return [];
	}
	if (!env) {
		env = {};
	}

	var commented = false;

	return matches.map(function (match) {
		var s = match[0];
		if (!s || commented) {
			return void undefined;
		}
		if (controlRE.test(s)) {
			return /** @type {ControlOperator} */ ({ op: s });
		}

		// Hand-written scanner/parser for Bash quoting rules:
		//
		// 1. inside single quotes, all characters are printed literally.
		// 2. inside double quotes, all characters are printed literally
		//    except variables prefixed by '$' and backslashes followed by
		//    either a double quote or another backslash.
		// 3. outside of any quotes, backslashes are treated as escape
		//    characters and not printed (unless they are themselves escaped)
		// 4. quote context can switch mid-token if there is no whitespace
		//     between the two quote contexts (e.g. all'one'"token" parses as
		//     "allonetoken")
		/** @type {string | boolean} */
		var quote = false;
		var esc = false;
		var out = '';
		/** @type {string[]} */
		var words = [];
		var sawQuote = false;
		/** @type {number | null} */
		var pendingNw = null;
		var isGlob = false;
		/** @type {number} */
		var i;

		function parseEnvVar() {
			i += 1;
			/** @type {number | RegExpMatchArray | null} */
			var varend;
			/** @type {string} */
			var varname;
			var char = s.charAt(i);

			if (char === '{') {
				i += 1;
				if (s.charAt(i) === '}') {
					throw new Error('Bad substitution: ' + s.slice(i - 2, i + 1));
				}
				// match braces by depth so a nested `${` keeps its inner `}` from ending the outer substitution
				var depth = 1;
				varend = i;
				while (depth > 0 && varend < s.length) {
					if (s.charAt(varend) === '{' && s.charAt(varend - 1) === '$') {
						depth += 1;
					} else if (s.charAt(varend) === '}') {
						depth -= 1;
					}
					varend += 1;
				}
				if (depth !== 0) {
					throw new Error('Bad substitution: ' + s.slice(i));
				}
				varend -= 1;
				varname = s.slice(i, varend);
				i = varend;
			} else if ((/[*@#?$!-]/).test(char)) {
				varname = char;
			} else {
				var slicedFromI = s.slice(i);
				varend = slicedFromI.match(/[^\w\d_]/);
				if (!varend) {
					varname = slicedFromI;
					i = s.length;
				} else {
					varname = slicedFromI.slice(0, varend.index);
					i += /** @type {number} */ (varend.index) - 1;
				}
			}
			return getVar(/** @type {NonNullable<typeof env>} */ (env), '', varname);
		}

		function flushRun() {
			if (pendingNw === null) {
				return;
			}
			if (pendingNw === 0) {
				if (out !== '') {
					words[words.length] = out;
					out = '';
				}
			} else {
				words[words.length] = out;
				out = '';
				for (var fe = 1; fe < pendingNw; fe += 1) {
					words[words.length] = '';
				}
			}
			pendingNw = null;
		}

		for (i = 0; i < s.length; i++) {
			var c = s.charAt(i);
			if (ifs && c !== DS) {
				flushRun();
			}
			isGlob = isGlob || (!quote && (c === '*' || c === '?'));
			if (esc) {
				out += c;
				esc = false;
			} else if (quote) {
				if (c === quote) {
					quote = false;
				} else if (quote == SQ) {
					out += c;
				} else { // Double quote
					if (c === BS) {
						i += 1;
						c = s.charAt(i);
						if (c === DQ || c === BS || c === DS) {
							out += c;
						} else {
							out += BS + c;
						}
					} else if (c === DS) {
						out += parseEnvVar();
					} else {
						out += c;
					}
				}
			} else if (c === DQ || c === SQ) {
				quote = c;
				sawQuote = true;
			} else if (controlRE.test(c)) {
				return /** @type {ControlOperator} */ ({ op: s });
			} else if (hash.test(c)) {
				commented = true;
				var commentObj = { comment: string.slice(match.index + i + 1) };
				if (out.length) {
					return /** @type {const} */ ([out, commentObj]);
				}
				return /** @type {const} */ ([commentObj]);
			} else if (c === BS) {
				esc = true;
			} else if (c === DS && s.charAt(i + 1) === SQ && closesAnsiC(s, i)) {
				flushRun();
				sawQuote = true;
				out += expandAnsiC(s.slice(i + 2, ansiCAt.lastIndex - 1));
				i = ansiCAt.lastIndex - 1;
			} else if (c === DS) {
				var value = parseEnvVar();
				if (!ifs) {
					out += value;
				} else {
					for (var vi = 0; vi < value.length; vi += 1) {
						var vc = value.charAt(vi);
						if (ifs.indexOf(vc) < 0) {
							flushRun();
							out += vc;
						} else if (pendingNw === null) {
							pendingNw = vc === ' ' || vc === '\t' || vc === '\n' ? 0 : 1;
						} else if (vc !== ' ' && vc !== '\t' && vc !== '\n') {
							pendingNw += 1;
						}
					}
				}
			} else {
				out += c;
			}
		}

		if (isGlob) {
			return /** @type {GlobPattern} */ ({ op: 'glob', pattern: out });
		}

		if (ifs) {
			if (pendingNw !== null && pendingNw > 0) {
				words[words.length] = out;
				out = '';
				for (var te = 1; te < pendingNw; te += 1) {
					words[words.length] = '';
				}
			}
			if (out !== '' || (sawQuote && words.length === 0)) {
				words[words.length] = out;
			}
			return words;
		}

		return out;
	}).reduce(function (prev, arg) { // finalize parsed arguments
		if (typeof arg === 'undefined') {
			return prev;
		}
		/** @type {ParseEntry[]} */ ([]).concat(arg).forEach(function (entry) {
			prev[prev.length] = entry;
		});
		return prev;
	}, /** @type {ParseEntry[]} */ ([]));
}

/** @type {typeof import('./parse')} */
module.exports = function parse(s, env, opts) {
	var mapped = parseInternal(s, env, opts);
	if (typeof env !== 'function') {
		return mapped;
	}
	return mapped.reduce(function (acc, s) {
		if (typeof s === 'object') {
			acc[acc.length] = s;
			return acc;
		}
		var xs = s.split(RegExp('(' + TOKEN + '.*?' + TOKEN + ')', 'g'));
		if (xs.length === 1) {
			acc[acc.length] = xs[0];
			return acc;
		}
		xs.filter(Boolean).forEach(function (x) {
			acc[acc.length] = startsWithToken.test(x)
				? JSON.parse(x.split(TOKEN)[1])
				: x;
		});
		return acc;
	}, /** @type {ParseEntry[]} */ ([]));
};


/***/ }),

/***/ 5335:
/***/ ((module) => {



/** @import { ControlOperator } from './parse' */

/** @type {ControlOperator['op'][]} */
var OPS = /** @type {const} */ ([
	'||',
	'&&',
	';;&',
	';;',
	';&',
	'|&',
	'<(',
	'>(',
	'<<<',
	'<<-',
	'<<',
	'>>',
	'>&',
	'>|',
	'&>>',
	'&>',
	'<&',
	'<>',
	'&',
	';',
	'(',
	')',
	'|',
	'<',
	'>'
]);
var LINE_TERMINATORS = /[\n\r\u2028\u2029]/;
var GLOB_SHELL_SPECIAL = /[\s#!"$&'():;<=>@\\^`|~]/g;

/** @type {typeof import('./quote')} */
module.exports = function quote(xs) {
	var sawComment = false;
	return xs.map(function (s) {
		if (sawComment && typeof s === 'string' && LINE_TERMINATORS.test(s)) {
			throw new TypeError('a token after a `comment` must not contain line terminators');
		}
		if (s === '') {
			return /** @type {const} */ ('\'\'');
		}
		if (s && typeof s === 'object') {
			if ('op' in s && s.op === 'glob') {
				if (typeof s.pattern !== 'string') {
					throw new TypeError('glob token requires a string `pattern`');
				}
				if (LINE_TERMINATORS.test(s.pattern)) {
					throw new TypeError('glob `pattern` must not contain line terminators');
				}
				if (s.pattern === '') {
					return /** @type {const} */ ('\'\'');
				}
				return s.pattern.replace(GLOB_SHELL_SPECIAL, '\\$&');
			}
			if ('op' in s && typeof s.op === 'string') {
				if (OPS.indexOf(s.op) < 0) {
					throw new TypeError('invalid `op` value: ' + JSON.stringify(s.op));
				}
				return s.op.replace(/[\s\S]/g, '\\$&');
			}
			if ('comment' in s && typeof s.comment === 'string') {
				if (LINE_TERMINATORS.test(s.comment)) {
					throw new TypeError('`comment` must not contain line terminators');
				}
				sawComment = true;
				return '#' + s.comment;
			}
			throw new TypeError('unrecognized object token shape');
		}
		if ((/'/).test(s) && (/!/).test(s)) {
			return "'" + s.replace(/'/g, "'\"'\"'") + "'";
		}
		if ((/["\s\\]/).test(s) && !(/'/).test(s)) {
			return "'" + s + "'";
		}
		if ((/["'\s]/).test(s)) {
			return '"' + s.replace(/(["\\$`])/g, '\\$1') + '"';
		}
		return String(s).replace(/([A-Za-z]:)?([#!"$&'()*,:;<=>?@[\\\]^`{|}~])/g, '$1\\$2');
	}).join(' ');
};


/***/ }),

/***/ 9471:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ InputErrors),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7390);
/** Errors a user can act on (bad inputs among them) and the message of anything thrown. */

/**
 * An error the user can act on (a bad input, a failed gate, a refused registry, a policy): its message is shown
 * as is, without a stack. Anything else that escapes an action is treated as a bug in this project.
 */
class UserError extends Error {
    name = 'UserError';
}
/** A bad input: names the input, what was given and what is accepted; URL credentials in either are redacted. */
class InputError extends UserError {
    input;
    name = 'InputError';
    given;
    accepted;
    constructor(input, given, accepted) {
        const [shown, expected] = [(0,_urls_js__WEBPACK_IMPORTED_MODULE_0__/* .redactUrlCredentials */ .dE)(given), (0,_urls_js__WEBPACK_IMPORTED_MODULE_0__/* .redactUrlCredentials */ .dE)(accepted)];
        super(`Input '${input}': got ${shown === '' ? 'an empty value' : `'${shown}'`}; expected ${expected}.`);
        this.input = input;
        this.given = shown;
        this.accepted = expected;
    }
}
/** Several input errors at once, so a user fixes them in one round rather than one per run. */
class InputErrors extends UserError {
    errors;
    name = 'InputErrors';
    constructor(errors) {
        super(errors.length === 1 ? errors[0].message : `${errors.length} inputs are invalid:\n${errors.map((e) => `- ${e.message}`).join('\n')}`);
        this.errors = errors;
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return typeof error === 'string' ? error : JSON.stringify(error);
}


/***/ }),

/***/ 4681:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ Inputs),
/* harmony export */   a: () => (/* binding */ runnerInputs)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6578);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2543);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9471);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3462);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9887);
/* harmony import */ var _urls_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(7390);
/** Reading and validating action inputs, every problem reported at once. */






const runnerInputs = (name) => _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name);
/**
 * Reads and validates inputs. Each reader records a problem instead of throwing, so `done()` can report every bad
 * input at once, before the action does anything.
 */
class Inputs {
    source;
    problems = [];
    constructor(source = runnerInputs) {
        this.source = source;
    }
    /** The trimmed text as given ('' when unset). Credentials written into a URL in any input are masked. */
    raw(name, options = {}) {
        const value = this.source(name).trim();
        if (options.secret && value !== '')
            (0,_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .maskSecret */ .$)(value);
        (0,_urls_js__WEBPACK_IMPORTED_MODULE_5__/* .maskUrlCredentials */ .gn)(value);
        return value;
    }
    /** Record a problem found by action-specific validation. */
    fail(name, given, accepted) {
        this.problems.push(new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(name, given, accepted));
    }
    /** Throws every recorded problem together; call before the first side effect. */
    done() {
        if (this.problems.length > 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputErrors */ .G(this.problems);
    }
    get failed() {
        return this.problems.length > 0;
    }
    string(name, options = {}) {
        const value = this.raw(name, options);
        if (value !== '')
            return value;
        if (options.required)
            this.fail(name, '', 'a value (this input is required)');
        return options.default ?? '';
    }
    optionalString(name, options = {}) {
        const value = this.raw(name, options);
        return value === '' ? undefined : value;
    }
    /** YAML 1.2 core-schema booleans, as @actions/core accepts them. */
    boolean(name, fallback) {
        const value = this.raw(name);
        if (value === '')
            return fallback;
        if (['true', 'True', 'TRUE'].includes(value))
            return true;
        if (['false', 'False', 'FALSE'].includes(value))
            return false;
        this.fail(name, value, "'true' or 'false'");
        return fallback;
    }
    integer(name, options) {
        const value = this.raw(name);
        if (value === '')
            return options.default;
        const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(parsed) || !inRange(parsed, options.min, options.max)) {
            this.fail(name, value, `a whole number${describeRange(options.min, options.max)}`);
            return options.default;
        }
        return parsed;
    }
    number(name, options = {}) {
        const value = this.raw(name);
        if (value === '')
            return options.default;
        const parsed = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : NaN;
        if (!Number.isFinite(parsed) || !inRange(parsed, options.min, options.max)) {
            this.fail(name, value, `a number${describeRange(options.min, options.max)}`);
            return options.default;
        }
        return parsed;
    }
    /** A percentage from 0 to 100, written `80`, `80.5` or `80%`. */
    percentage(name, options = {}) {
        const value = this.raw(name);
        if (value === '')
            return options.default;
        const parsed = /^\d+(\.\d+)?%?$/.test(value) ? Number(value.replace('%', '')) : NaN;
        if (!(parsed >= 0 && parsed <= 100)) {
            this.fail(name, value, "a percentage from 0 to 100, such as '80' or '80%'");
            return options.default;
        }
        return parsed;
    }
    /** Milliseconds. */
    duration(name, options) {
        const fallback = (0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(options.default);
        const value = this.raw(name);
        if (value === '')
            return fallback;
        const parsed = (0,_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(value);
        if (parsed === undefined || !inRange(parsed, options.min, options.max)) {
            this.fail(name, value, `${_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .DURATION_FORMS */ .nv}${describeRange(options.min, options.max, 'ms')}`);
            return fallback;
        }
        return parsed;
    }
    oneOf(name, choices, fallback) {
        const value = this.raw(name);
        if (value === '')
            return fallback;
        const match = choices.find((choice) => choice === value.toLowerCase());
        if (match === undefined) {
            this.fail(name, value, `one of ${choices.map((c) => `'${c}'`).join(', ')}`);
            return fallback;
        }
        return match;
    }
    /** Items separated by commas or new lines; blank items and `#` comment lines are dropped. */
    list(name, options = {}) {
        return splitLines(this.notJsonList(name, this.raw(name, options), 'items separated by commas or new lines'))
            .flatMap((line) => line.text.split(','))
            .map((item) => item.trim())
            .filter((item) => item !== '');
    }
    /** One item per line; blank and `#` comment lines are dropped. */
    lines(name, options = {}) {
        return splitLines(this.notJsonList(name, this.raw(name, options), 'one item per line')).map((line) => line.text);
    }
    /**
     * A JSON list where a newline list is expected (`fromJSON` output of another tool, or `["a","b"]` typed by hand)
     * would become one strange item: say so instead, and read nothing from it.
     */
    notJsonList(name, value, accepted) {
        if (!/^\[[\s\S]*\]$/.test(value))
            return value;
        try {
            if (!Array.isArray(JSON.parse(value)))
                return value;
        }
        catch {
            return value;
        }
        this.fail(name, value, `${accepted}, not a JSON list (build-push's \`tags\` output is already one reference per line)`);
        return '';
    }
    /** `key: value` lines (the first ': ' or ':' splits). Lines without a key are reported. */
    keyValues(name, options = {}) {
        const entries = [];
        for (const { text, line } of splitLines(this.raw(name, options))) {
            const colon = text.indexOf(':');
            const key = colon > 0 ? text.slice(0, colon).trim() : '';
            const value = colon > 0 ? text.slice(colon + 1).trim() : '';
            if (key === '' || value === '') {
                this.fail(name, options.secret ? `line ${line}` : `line ${line}: ${text}`, `lines of the form '${options.what ?? 'name: value'}'`);
                continue;
            }
            entries.push({ key, value, line });
        }
        return entries;
    }
    /**
     * An http(s) URL, or undefined when empty. Credentials in it are refused (redacted in the message): `auth` says
     * which inputs take them instead.
     */
    httpUrl(name, options) {
        const value = this.optionalString(name);
        if (value !== undefined && this.checkUrl(name, value, options))
            return value;
        return undefined;
    }
    /** http(s) URLs, one per line (`perLine`) or separated by commas or new lines; credentials refused as by httpUrl. */
    httpUrls(name, options) {
        const values = options.perLine ? this.lines(name) : this.list(name);
        return values.filter((value) => this.checkUrl(name, value, options));
    }
    /** Records a problem when `text` (a URL, or a line holding URLs) carries credentials; true when it carries none. */
    noUrlCredentials(name, given, text, auth) {
        const problem = (0,_urls_js__WEBPACK_IMPORTED_MODULE_5__/* .urlCredentialsProblem */ .nG)(text, auth);
        if (problem !== undefined)
            this.fail(name, given, problem);
        return problem === undefined;
    }
    checkUrl(name, value, options) {
        if (!this.noUrlCredentials(name, value, value, options.auth))
            return false;
        let url;
        try {
            url = new URL(value);
        }
        catch {
            url = undefined;
        }
        if (url && (url.protocol === 'http:' || url.protocol === 'https:'))
            return true;
        this.fail(name, value, options.what ?? 'http:// or https:// URLs');
        return false;
    }
    /**
     * A path (file or directory), absolute, resolved against `base`; refused unless it lies inside one of `roots`,
     * also when symbolic links are followed. Undefined when empty and no default is given.
     */
    path(name, options) {
        const value = this.raw(name) || options.default;
        if (value === undefined || value === '')
            return undefined;
        const placed = (0,_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .placePath */ .F7)(value, options.base, options.roots);
        if ('problem' in placed) {
            this.fail(name, value, placed.problem);
            return undefined;
        }
        return placed.path;
    }
    /** Glob patterns separated by commas or new lines; a pattern that could reach outside `roots` is refused. */
    globs(name, options) {
        const patterns = this.list(name);
        for (const pattern of patterns) {
            const problem = (0,_paths_js__WEBPACK_IMPORTED_MODULE_3__/* .globProblem */ .AI)(pattern, options.roots);
            if (problem !== undefined)
                this.fail(name, pattern, problem);
        }
        return patterns;
    }
    /** HTTP headers, one `Name: value` per line; the values are secrets (masked, never echoed in an error). */
    headers(name) {
        const headers = {};
        for (const { key, value } of this.keyValues(name, { secret: true, what: 'Header-Name: value' })) {
            if (!HEADER_NAME.test(key))
                this.fail(name, key, 'HTTP header names (letters, digits, -)');
            else {
                (0,_secrets_js__WEBPACK_IMPORTED_MODULE_4__/* .maskSecret */ .$)(value);
                headers[key] = value;
            }
        }
        return headers;
    }
}
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
function splitLines(text) {
    return text
        .split(/\r?\n/)
        .map((value, index) => ({ text: value.trim(), line: index + 1 }))
        .filter((entry) => entry.text !== '' && !entry.text.startsWith('#'));
}
function inRange(value, min, max) {
    return (min === undefined || value >= min) && (max === undefined || value <= max);
}
function describeRange(min, max, unit = '') {
    if (min !== undefined && max !== undefined)
        return ` from ${min}${unit} to ${max}${unit}`;
    if (min !== undefined)
        return ` of at least ${min}${unit}`;
    if (max !== undefined)
        return ` of at most ${max}${unit}`;
    return '';
}


/***/ }),

/***/ 3462:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $P: () => (/* binding */ describeRoots),
/* harmony export */   AI: () => (/* binding */ globProblem),
/* harmony export */   F7: () => (/* binding */ placePath),
/* harmony export */   Ye: () => (/* binding */ realPath),
/* harmony export */   aG: () => (/* binding */ actionRoots),
/* harmony export */   oW: () => (/* binding */ isInsideRoots)
/* harmony export */ });
/* unused harmony export isInside */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/** Path and glob inputs kept inside the directories an action may use: the workspace, and RUNNER_TEMP where an input says so. */


/** The workspace (GITHUB_WORKSPACE, else the current directory) and, with `temp`, RUNNER_TEMP when it is set. */
function actionRoots(env, options = {}) {
    const roots = [{ name: 'the workspace', dir: node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(env.GITHUB_WORKSPACE || process.cwd()) }];
    if (options.temp && env.RUNNER_TEMP)
        roots.push({ name: 'RUNNER_TEMP', dir: node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(env.RUNNER_TEMP) });
    return roots;
}
/** `the workspace (/w) or RUNNER_TEMP (/t)`. */
function describeRoots(roots) {
    return roots.map((root) => `${root.name} (${root.dir})`).join(' or ');
}
/** Whether the absolute path `file` is `dir` or lies inside it. Pure. */
function isInside(file, dir) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(dir, file);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${(node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)}`) && !node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(relative));
}
/**
 * The path with every symbolic link resolved; for a path that does not exist yet (a file to write), its deepest
 * existing ancestor resolved and the rest appended.
 */
function realPath(file) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(file);
    let existing = absolute;
    while (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(existing) && node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(existing) !== existing)
        existing = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(existing);
    let real;
    try {
        real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(existing);
    }
    catch {
        // A dangling link or an unreadable ancestor: judge the path as written.
        real = existing;
    }
    return node_path__WEBPACK_IMPORTED_MODULE_1___default().join(real, node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(existing, absolute));
}
/** Whether `file`, symbolic links followed, lies inside one of `roots` (themselves resolved). */
function isInsideRoots(file, roots) {
    const real = realPath(file);
    return roots.some((root) => isInside(real, realPath(root.dir)));
}
/**
 * Where a path input leads: `value` resolved against `base`, accepted when it lies inside one of `roots`, by its
 * name and again with symbolic links followed, so a link in the workspace cannot lead out of it.
 */
function placePath(value, base, roots) {
    const resolved = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(base, value);
    const rule = `a path inside ${describeRoots(roots)}`;
    if (!roots.some((root) => isInside(resolved, root.dir)))
        return { problem: `${rule}; it leads to ${resolved}, outside ${roots.length > 1 ? 'them' : 'it'}` };
    if (!isInsideRoots(resolved, roots))
        return { problem: `${rule}; a symbolic link on the way leads to ${realPath(resolved)}, outside ${roots.length > 1 ? 'them' : 'it'}` };
    return { path: resolved };
}
/** Characters that make a glob segment a pattern rather than a name. */
const GLOB_CHARS = /[*?[\]]/;
/**
 * Why a glob pattern (as @actions/glob reads it, `!` for exclusions) could reach outside `roots`, or undefined:
 * a `..` segment (also written `\.\.` or `[.][.]`), a `~` home directory, or an absolute pattern whose fixed part
 * lies outside. The files it matches are checked again when read, since a link can still lead out.
 */
function globProblem(pattern, roots) {
    const body = pattern.replace(/^!+/, '').trim();
    if (body.startsWith('~'))
        return `a glob inside ${describeRoots(roots)}: '~' is the home directory`;
    // Off Windows a backslash escapes the next character (`\.\.` is `..`); on Windows it separates segments.
    const segments = body.split(process.platform === 'win32' ? /[/\\]+/ : /\/+/);
    const unescaped = segments.map((segment) => segment.replace(/\[(.)\]/g, '$1').replace(/\\(.)/g, '$1'));
    if (unescaped.some((segment) => segment === '..'))
        return `a glob without '..' segments, inside ${describeRoots(roots)}`;
    if (!node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(body))
        return undefined;
    const firstGlob = segments.findIndex((segment) => GLOB_CHARS.test(segment));
    const literal = firstGlob < 0 ? body : segments.slice(0, firstGlob).join('/') || '/';
    if (!roots.some((root) => isInside(node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(literal), root.dir)))
        return `a glob inside ${describeRoots(roots)}; ${literal} is outside`;
    return undefined;
}


/***/ }),

/***/ 8510:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  l2: () => (/* binding */ exitWhenDone),
  Cs: () => (/* binding */ runAction)
});

// UNUSED EXPORTS: reportFailure

// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __nccwpck_require__(6578);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __nccwpck_require__(9471);
;// CONCATENATED MODULE: ./src/lib/action/log-text.ts
/** Text from outside (response bodies, pod logs, registry and API errors) in the log, where it cannot act as a command. */

/**
 * The runner reads a log line as a workflow command when, after leading white space, it starts with `::` (or the old
 * `##[`). A line of outside text that does is quoted with `> `, so it reads as text and the runner ignores it; every
 * other line passes unchanged.
 */
function neutraliseCommands(text) {
    return text.replace(/^(\s*)(::|##\[)/gm, '> $1$2');
}
/** Outside text inside a message of one line: line breaks shown as `\n`. */
function oneLine(text) {
    return text.replace(/\r\n|\r|\n/g, '\\n');
}
/** core.info for messages that may carry outside text. */
function logText(message) {
    runner/* info */.pq(neutraliseCommands(message));
}

;// CONCATENATED MODULE: ./src/lib/action/run.ts
/** The entry point every bundle calls: runs main or post and reports a failure as a user error or as a bug. */



const POST_MARKER = 'isPost';
/**
 * Entry point of every bundle: one file serves `main` and `post` (the runner gives the post step the state the main
 * step saved). A UserError fails the step with its message; anything else is reported as a bug, with the stack in
 * the log.
 */
async function runAction(actionName, steps) {
    const isPost = runner/* getState */.Gu(POST_MARKER) === 'true';
    try {
        if (isPost) {
            await steps.post?.();
            return;
        }
        runner/* saveState */.LZ(POST_MARKER, 'true');
        await steps.main();
    }
    catch (error) {
        reportFailure(actionName, isPost, error);
    }
}
function reportFailure(actionName, isPost, error) {
    const where = isPost ? `${actionName} (post)` : actionName;
    if (error instanceof errors/* UserError */.yo) {
        runner/* setFailed */.C1(error.message);
        return;
    }
    if (error instanceof Error && error.stack)
        logText(error.stack);
    runner/* setFailed */.C1(`${where} failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(error)}. This is a bug in pipeline-actions; please report it with this log.`);
}
/** stdio's own handles, open in every process. */
const STDIO_RESOURCES = new Set(['PipeWrap', 'TTYWrap']);
/**
 * Ends the bundle's process once its step is done (the exit code is the step's). The runner waits for the process,
 * not for the step: anything left open (a socket, a timer, a request nobody awaits) would hold the job for minutes.
 * What was still open is logged at debug level, so it can be found and closed at its source.
 */
function exitWhenDone() {
    const open = process.getActiveResourcesInfo().filter((resource) => !STDIO_RESOURCES.has(resource));
    if (open.length > 0)
        runner/* debug */.Yz(`still open when the step ended: ${open.join(', ')}`);
    process.exit();
}


/***/ }),

/***/ 6578:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   Gu: () => (/* binding */ getState),
/* harmony export */   Jc: () => (/* binding */ appendStepSummary),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   pq: () => (/* binding */ info)
/* harmony export */ });
/* unused harmony exports setOutput, startGroup, endGroup, group */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The runner's protocol: inputs and saved state from the environment, outputs and state written to the GITHUB_OUTPUT
 * and GITHUB_STATE files, the job summary appended to GITHUB_STEP_SUMMARY, masks, groups, log lines and the failure
 * annotation. Written the way @actions/core writes it (test/unit/lib/action/runner.test.ts compares the two byte for
 * byte), because importing @actions/core loads its HTTP client and all of undici (actions/toolkit#1621): about
 * 300 ms, three times `node -e 0`, before a bad input could be refused, and again in every run that does not need
 * them (promote-artifact uses this protocol only).
 */



/** A command's message, as @actions/core escapes it: %, CR and LF. */
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A command property's value: the message escapes, and the `:` and `,` that separate properties. */
const escapeProperty = (text) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
function command(name, message) {
    process.stdout.write(`::${name}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
}
/** The input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), trimmed; '' when not set. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
/** What the main step saved for the post step; '' when nothing was. */
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}
/** A name and value appended to the runner's file for `kind` (GITHUB_STATE, GITHUB_OUTPUT) under a fresh delimiter. */
function appendKeyValue(file, name, value) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(file))
        throw new Error(`Missing file at path: ${file}`);
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`Unexpected input: the value contains the delimiter ${delimiter}`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { encoding: 'utf8' });
}
function saveState(name, value) {
    const file = process.env.GITHUB_STATE;
    if (!file) {
        process.stdout.write(`::save-state name=${escapeProperty(name)}::${escapeData(value)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
        return;
    }
    appendKeyValue(file, name, value);
}
/** A step output, as `steps.<id>.outputs.<name>`. */
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        process.stdout.write(EOL);
        process.stdout.write(`::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`);
        return;
    }
    appendKeyValue(file, name, value);
}
/** Appends Markdown (and a line end) to the job summary file; throws when there is none or it cannot be written. */
function appendStepSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.accessSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, `${markdown}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { encoding: 'utf8' });
}
/** Masks `secret` in every later line of the job's log. */
function setSecret(secret) {
    command('add-mask', secret);
}
function info(message) {
    process.stdout.write(message + node_os__WEBPACK_IMPORTED_MODULE_2__.EOL);
}
function debug(message) {
    command('debug', message);
}
function warning(message) {
    command('warning', message);
}
/** Fails the step: exit code 1 and an error annotation. */
function setFailed(message) {
    process.exitCode = 1;
    command('error', message);
}
function startGroup(name) {
    command('group', name);
}
function endGroup() {
    command('endgroup', '');
}
async function group(name, fn) {
    startGroup(name);
    try {
        return await fn();
    }
    finally {
        endGroup();
    }
}


/***/ }),

/***/ 9887:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ maskSecret)
/* harmony export */ });
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6578);
/** Masking secrets in the job log, multi-line ones included. */

/** Runs of key, token or base64 characters long enough to be credentials rather than structure. */
const CREDENTIAL_LIKE = /[A-Za-z0-9+/=_.~-]{16,}/g;
/**
 * Lower-case words joined by `-`, `_` or `.` (`certificate-authority-data`, `pipeline-actions`, `my-cluster.internal`)
 * are a kubeconfig's keys and names, not its credentials; masking them would blank those words in every later line of
 * the job. Generated tokens, keys and base64 carry a digit or upper case.
 */
const WORDS_ONLY = /^[a-z]+(?:[-_.][a-z]+)*$/;
function credentialLike(run) {
    return !WORDS_ONLY.test(run);
}
/**
 * Masks a secret in every later log line of the job. The runner matches masks line by line, so a multi-line secret
 * (a kubeconfig, a PEM key, header lines) is also masked through its credential-like parts: every run of 16 or more
 * token characters that is not plain lower-case words. Its structural lines (`kind: Config`, `- name: admin`) and
 * long key names are not masked, because a mask applies to the whole job's log and would blank those words wherever
 * they appear.
 */
function maskSecret(value) {
    if (value.trim() === '')
        return;
    _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
    if (!/[\r\n]/.test(value))
        return;
    for (const part of new Set(value.match(CREDENTIAL_LIKE) ?? []))
        if (credentialLike(part))
            _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(part);
}


/***/ }),

/***/ 7390:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   dE: () => (/* binding */ redactUrlCredentials),
/* harmony export */   gn: () => (/* binding */ maskUrlCredentials),
/* harmony export */   nG: () => (/* binding */ urlCredentialsProblem)
/* harmony export */ });
/* unused harmony export findUrlCredentials */
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9887);
/** Credentials written into URLs (`https://user:password@host`): found in any text, masked, and redacted from messages. */

/**
 * `scheme://userinfo@` anywhere in a text. As in the WHATWG URL parser, the user information runs to the last `@`
 * before the authority ends (at `/`, `\`, `?`, `#` or white space), so a password with an unescaped `@` is whole.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/\\?#]*)@/gi;
/** The credentials of every URL in `text`. Pure. */
function findUrlCredentials(text) {
    const found = [];
    for (const match of text.matchAll(USERINFO)) {
        const userinfo = match[2];
        if (userinfo === '')
            continue;
        const colon = userinfo.indexOf(':');
        found.push(colon < 0 ? { userinfo, username: userinfo, password: undefined } : { userinfo, username: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) });
    }
    return found;
}
/** The secret part of each: the password, or a lone user name (a token). */
function secretsOf(credentials) {
    const secret = credentials.password ?? credentials.username;
    if (secret === '')
        return [];
    let decoded = secret;
    try {
        decoded = decodeURIComponent(secret);
    }
    catch {
        // Not percent-encoding: the text as written is what would be printed.
    }
    return [...new Set([secret, decoded])];
}
/** `text` with every URL password (or lone user name) replaced by `***`: `https://admin:***@host`. Pure. */
function redactUrlCredentials(text) {
    return text.replace(USERINFO, (whole, scheme, userinfo) => {
        if (userinfo === '')
            return whole;
        const colon = userinfo.indexOf(':');
        return `${scheme}${colon < 0 ? '***' : `${userinfo.slice(0, colon)}:***`}@`;
    });
}
const masked = new Set();
/** Masks (core.setSecret) the password of every URL in `text`, as written and percent-decoded, once per job step. */
function maskUrlCredentials(text) {
    for (const credentials of findUrlCredentials(text)) {
        for (const secret of secretsOf(credentials)) {
            if (masked.has(secret))
                continue;
            masked.add(secret);
            (0,_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$)(secret);
        }
    }
}
/**
 * Why a URL input may not carry credentials, and where they go instead (`auth`: the inputs made for them), or
 * undefined when `text` has none.
 */
function urlCredentialsProblem(text, auth) {
    if (findUrlCredentials(text).length === 0)
        return undefined;
    return `a URL without credentials (Node's HTTP client sends no request to a URL with user:password@, so every request would fail); ${auth}`;
}


/***/ }),

/***/ 2543:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   nv: () => (/* binding */ DURATION_FORMS)
/* harmony export */ });
/** Durations as users write them in workflow inputs: `500ms`, `30s`, `5m`, `1h30m`, `1h 30m 10s`; a bare number is seconds. */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
const DURATION_FORMS = "a duration such as '500ms', '30s', '5m', '1h30m' (units ms, s, m, h, d; a bare number is seconds)";
/** Milliseconds, or undefined when the text is not a duration. */
function parseDuration(text) {
    const compact = text.trim().replace(/\s+/g, '');
    if (compact === '')
        return undefined;
    if (/^\d+(\.\d+)?$/.test(compact))
        return Math.round(Number(compact) * 1000);
    let total = 0;
    let index = 0;
    const seen = new Set();
    while (index < compact.length) {
        PART.lastIndex = index;
        const match = PART.exec(compact);
        if (!match)
            return undefined;
        const unit = match[2];
        if (seen.has(unit))
            return undefined;
        seen.add(unit);
        total += Number(match[1]) * UNIT_MS[unit];
        index = PART.lastIndex;
    }
    return Math.round(total);
}
/** A short human form: `1h 2m 3s`, `4.2s`, `850ms`. */
function formatDuration(ms) {
    if (!Number.isFinite(ms))
        return String(ms);
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0).replace(/\.0$/, '')}s`;
    const parts = [];
    let rest = Math.round(ms / 1000);
    for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]]) {
        const count = Math.floor(rest / size);
        rest -= count * size;
        if (count > 0)
            parts.push(`${count}${unit}`);
    }
    return parts.join(' ');
}


/***/ }),

/***/ 8184:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  d: () => (/* binding */ runCommand)
});

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
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
        const child = (0,external_node_child_process_namespaceObject.spawn)(program, args, {
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


/***/ }),

/***/ 6016:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ stepEnvironment)
/* harmony export */ });
/** The environment a program from the workspace runs with: the step's, without what only the action holds. */
/**
 * Variables the runner gives a JavaScript action but not a `run:` step: the action's inputs (`INPUT_*`, its tokens
 * among them), the state its main step saved for the post step (`STATE_*`) and the Actions runtime token (cache and
 * artifact service). A program the action starts from the workspace (quality-gate's checks, a package manager reading
 * the project's .npmrc) gets none of them, so it sees what a `run:` step of the same job would see.
 */
const ACTION_ONLY = [/^INPUT_/i, /^STATE_/i, /^ACTIONS_RUNTIME_TOKEN$/i];
/** `env` without the action-only variables; everything else (PATH, HOME, GITHUB_*, the step's `env:`) passes on. */
function stepEnvironment(env = process.env) {
    const result = {};
    for (const [name, value] of Object.entries(env)) {
        if (value === undefined || ACTION_ONLY.some((pattern) => pattern.test(name)))
            continue;
        result[name] = value;
    }
    return result;
}


/***/ }),

/***/ 4838:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   x: () => (/* binding */ matchFiles)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _action_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9471);
/* harmony import */ var _action_paths_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3462);
/** Glob matching of files in the workspace. */



/**
 * Files matching globs written relative to `cwd` (absolute and `!` exclusion patterns kept as given), sorted. A
 * match that lies outside `within.roots` once symbolic links are followed (a link in the workspace to /etc/passwd)
 * is refused, naming the input, before any file is read.
 */
async function matchFiles(patterns, cwd, within) {
    const resolved = patterns.map((p) => (node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(p) || p.startsWith('!') ? p : node_path__WEBPACK_IMPORTED_MODULE_0___default().join(cwd, p)));
    // Loaded here, not at start-up: @actions/glob brings @actions/core and its HTTP client with it.
    const glob = await __nccwpck_require__.e(/* import() */ 377).then(__nccwpck_require__.bind(__nccwpck_require__, 2377));
    const globber = await glob.create(resolved.join('\n'), { matchDirectories: false });
    const files = (await globber.glob()).sort();
    if (within) {
        const outside = files.filter((file) => !(0,_action_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .isInsideRoots */ .oW)(file, within.roots));
        if (outside.length > 0) {
            const shown = outside.map((file) => `${node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(cwd, file)} -> ${(0,_action_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .realPath */ .Ye)(file)}`).join(', ');
            throw new _action_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(within.input, patterns.join(', '), `files inside ${(0,_action_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .describeRoots */ .$P)(within.roots)}: a symbolic link leads out of it (${shown})`);
        }
    }
    return files;
}


/***/ }),

/***/ 5085:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ht: () => (/* reexport */ auditCommand),
  wU: () => (/* reexport */ auditFailureReason),
  Lv: () => (/* reexport */ detectPackageManager),
  M7: () => (/* reexport */ detectYarnBerry),
  px: () => (/* reexport */ judgeAudit),
  JK: () => (/* reexport */ parseAllowlist),
  gs: () => (/* reexport */ parseAuditOutput),
  iT: () => (/* reexport */ readAuditReport)
});

// UNUSED EXPORTS: ALLOWLIST_FORMAT, SARIF_LEVEL_SEVERITY, SEVERITIES, atLeast, auditRunFailed, auditSource, describeExpiredEntry, describeFinding, failureReasons, isExpired, matches, mergeDuplicates, parseSarif, readAuditOutput, severityFromCvss, severityFromWord

;// CONCATENATED MODULE: ./src/quality-gate/audit/severity.ts
/** The audit severities (info, low to critical), their order, and how the tools' words and CVSS scores map to them. */
const SEVERITIES = ['low', 'moderate', 'high', 'critical'];
const RANK = { info: 0, low: 1, moderate: 2, high: 3, critical: 4 };
function severityRank(severity) {
    return RANK[severity];
}
function atLeast(severity, threshold) {
    return RANK[severity] >= RANK[threshold];
}
function maxSeverity(a, b) {
    return RANK[a] >= RANK[b] ? a : b;
}
function isSeverity(text) {
    return SEVERITIES.includes(text);
}
/** Reads the words the tools use: npm's `moderate`, GitHub's and Trivy's `medium`, any case; unknown words -> info. */
function severityFromWord(word) {
    const text = typeof word === 'string' ? word.trim().toLowerCase() : '';
    if (text === 'medium')
        return 'moderate';
    return isSeverity(text) ? text : 'info';
}
/** CVSS base score bands, as GitHub code scanning reads `security-severity`: 0 is None. */
function severityFromCvss(score) {
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'moderate';
    if (score > 0)
        return 'low';
    return 'info';
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/quality-gate/audit/package-manager.ts
/** Which package manager a project uses (packageManager field, lockfiles) and the argv of its JSON audit. */


const LOCKFILES = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm']
];
/**
 * The package manager a project uses: the `packageManager` field of package.json when it names one (Corepack's
 * declaration, which wins when a stray second lockfile exists), else the first lockfile found. Undefined without
 * either: an audit needs a lockfile.
 */
function detectPackageManager(dir) {
    const declared = declaredPackageManager(dir);
    if (declared && LOCKFILES.some(([file, pm]) => pm === declared.name && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, file))))
        return declared.name;
    return LOCKFILES.find(([file]) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, file)))?.[1];
}
/** Yarn 2+ ("berry"): declared as yarn@2 or later, or a yarn.lock in its format (it has a `__metadata` entry). */
function detectYarnBerry(dir) {
    const declared = declaredPackageManager(dir);
    if (declared?.name === 'yarn' && declared.major !== undefined)
        return declared.major >= 2;
    const lockfile = (0,external_node_path_.join)(dir, 'yarn.lock');
    return (0,external_node_fs_.existsSync)(lockfile) && /^__metadata:/m.test((0,external_node_fs_.readFileSync)(lockfile, 'utf8'));
}
/**
 * The argv of a JSON audit. No severity filter is passed: the gate judges every finding itself. Yarn berry audits
 * only direct dependencies of the current workspace unless told `--all --recursive`.
 */
function auditCommand(pm, yarnBerry) {
    switch (pm) {
        case 'npm':
            return ['npm', 'audit', '--json'];
        case 'pnpm':
            return ['pnpm', 'audit', '--json'];
        case 'yarn':
            return yarnBerry ? ['yarn', 'npm', 'audit', '--all', '--recursive', '--json'] : ['yarn', 'audit', '--json'];
    }
}
/** How a finding's source is labelled for each package manager. */
function auditSource(pm) {
    return `${pm} audit`;
}
function declaredPackageManager(dir) {
    let manifest;
    try {
        manifest = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'package.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
    const field = typeof manifest === 'object' && manifest !== null ? manifest.packageManager : undefined;
    const match = typeof field === 'string' ? /^(npm|yarn|pnpm)@(\d+)?/.exec(field) : null;
    if (!match)
        return undefined;
    return { name: match[1], ...(match[2] === undefined ? {} : { major: Number(match[2]) }) };
}

// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __nccwpck_require__(9471);
;// CONCATENATED MODULE: ./src/quality-gate/audit/finding.ts
const GHSA = /GHSA(?:-[0-9a-z]{4}){3}/i;
/** The GHSA id inside a text (a github.com/advisories URL), upper-cased prefix as GitHub writes it. */
function ghsaIn(text) {
    const match = text ? GHSA.exec(text) : null;
    return match ? `GHSA${match[0].slice(4).toLowerCase()}` : undefined;
}
/** Every name a finding is known by: its id first, then the aliases, without duplicates or blanks. */
function namesOf(finding) {
    return unique([finding.id, ...finding.aliases]);
}
function unique(values) {
    const seen = new Set();
    const out = [];
    for (const value of values) {
        const text = value?.trim();
        if (!text || seen.has(text.toLowerCase()))
            continue;
        seen.add(text.toLowerCase());
        out.push(text);
    }
    return out;
}
/** The first known name becomes the id, the others its aliases. */
function identify(names, fallback) {
    const [id = fallback, ...aliases] = unique(names);
    return { id, aliases };
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/npm-report.ts
/** Findings from npm's audit JSON: npm >= 7's `vulnerabilities` and the `advisories` map of npm 6 and pnpm. */


function npm_report_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const npm_report_text = (value) => typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
const strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
/** npm >= 7 (`auditReportVersion: 2`): one entry per vulnerable package, its `via` holding advisories or names. */
function isNpmV7Report(report) {
    return report.auditReportVersion === 2 || (npm_report_isObject(report.vulnerabilities) && !('advisories' in report));
}
/** npm 6, pnpm (all versions) and yarn classic's advisory objects: `advisories` keyed by advisory id. */
function isAdvisoryMapReport(report) {
    return npm_report_isObject(report.advisories);
}
/**
 * One finding per advisory object in a package's `via`. A `via` entry that is a string only says the package is
 * vulnerable because a dependency is (npm's `effects`): the advisory is reported on that dependency, not again here.
 */
function findingsFromNpmV7(report, source) {
    const findings = [];
    const vulnerabilities = npm_report_isObject(report.vulnerabilities) ? report.vulnerabilities : {};
    for (const [name, entry] of Object.entries(vulnerabilities)) {
        if (!npm_report_isObject(entry) || !Array.isArray(entry.via))
            continue;
        for (const via of entry.via) {
            if (!npm_report_isObject(via))
                continue;
            const url = npm_report_text(via.url);
            const npmId = npm_report_text(via.source);
            const ghsa = ghsaIn(url);
            findings.push({
                ...identify([ghsa, npmId, url], `${name}:${npm_report_text(via.title) ?? 'advisory'}`),
                severity: severityFromWord(via.severity),
                title: npm_report_text(via.title) ?? 'Untitled advisory',
                package: npm_report_text(via.name) ?? name,
                url,
                source
            });
        }
    }
    return findings;
}
/** An npm-6 style advisory (npm 6, pnpm, yarn classic's `auditAdvisory.data.advisory`). */
function findingFromAdvisory(advisory, source) {
    const url = npm_report_text(advisory.url);
    const npmId = npm_report_text(advisory.id);
    const ghsa = npm_report_text(advisory.github_advisory_id) ?? ghsaIn(url);
    const versions = Array.isArray(advisory.findings)
        ? unique(advisory.findings.map((f) => (npm_report_isObject(f) ? npm_report_text(f.version) : undefined)))
        : [];
    return {
        ...identify([ghsa, npmId, url, ...strings(advisory.cves)], 'unknown-advisory'),
        severity: severityFromWord(advisory.severity),
        title: npm_report_text(advisory.title) ?? 'Untitled advisory',
        package: npm_report_text(advisory.module_name),
        version: versions.length ? versions.join(', ') : undefined,
        url,
        source
    };
}
function findingsFromAdvisoryMap(report, source) {
    const advisories = npm_report_isObject(report.advisories) ? Object.values(report.advisories) : [];
    return advisories.filter(npm_report_isObject).map((advisory) => findingFromAdvisory(advisory, source));
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/yarn-report.ts
/** Findings from yarn's audit output: yarn classic's JSON lines and yarn berry's `yarn npm audit --json`. */



/**
 * yarn classic prints every message as `{"type": …, "data": …}`: `auditAdvisory` once per advisory and path, a
 * closing `auditSummary`, and `info`/`warning`/`error` lines around them.
 */
function isYarnClassicLine(line) {
    return typeof line.type === 'string' && 'data' in line;
}
/** yarn berry (`yarn npm audit --json`): `{"value":"<package>","children":{"ID":…,"Issue":…,"Severity":…}}`. */
function isYarnBerryLine(line) {
    return typeof line.value === 'string' && npm_report_isObject(line.children) && ('ID' in line.children || 'Issue' in line.children);
}
function findingsFromYarnClassic(lines, source) {
    return lines.flatMap((line) => {
        if (line.type !== 'auditAdvisory' || !npm_report_isObject(line.data) || !npm_report_isObject(line.data.advisory))
            return [];
        return [findingFromAdvisory(line.data.advisory, source)];
    });
}
function findingsFromYarnBerry(lines, source) {
    return lines.flatMap((line) => {
        if (!isYarnBerryLine(line))
            return [];
        const child = line.children;
        const url = typeof child.URL === 'string' ? child.URL : undefined;
        const npmId = child.ID === undefined ? undefined : String(child.ID);
        const ghsa = ghsaIn(url);
        const versions = Array.isArray(child['Tree Versions']) ? unique(child['Tree Versions'].map(String)) : [];
        return [
            {
                ...identify([ghsa, npmId, url], `${String(line.value)}:advisory`),
                severity: severityFromWord(child.Severity),
                title: typeof child.Issue === 'string' ? child.Issue : 'Untitled advisory',
                package: String(line.value),
                version: versions.length ? versions.join(', ') : undefined,
                url,
                source
            }
        ];
    });
}
/** yarn classic's own count, from its closing `auditSummary` line. */
function yarnClassicSummary(lines) {
    const summary = lines.find((line) => line.type === 'auditSummary');
    return summary && isObject(summary.data) ? summary.data : undefined;
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/audit-output.ts
/** Reads the JSON an audit command prints (npm, pnpm, yarn classic or berry), telling an error report from findings. */



/**
 * Reads what an audit command printed with --json, whichever tool printed it: npm >= 7, npm 6 and pnpm (one JSON
 * document), yarn classic and yarn berry (one JSON object a line). An empty output is a clean yarn berry run.
 * Returns the problem instead of findings when the output is an error report or not an audit at all.
 */
function readAuditOutput(text, source) {
    const trimmed = text.trim();
    if (trimmed === '')
        return { format: 'empty', findings: [] };
    const whole = parseJson(trimmed);
    if (npm_report_isObject(whole) && !isYarnClassicLine(whole) && !isYarnBerryLine(whole))
        return readDocument(whole, source);
    const lines = trimmed
        .split(/\r?\n/)
        .map((line) => parseJson(line.trim()))
        .filter(npm_report_isObject);
    if (lines.some(isYarnClassicLine))
        return readYarnClassic(lines, source);
    if (lines.some(isYarnBerryLine))
        return { format: 'yarn-berry', findings: findingsFromYarnBerry(lines, source) };
    return { problem: `the output is not an audit report (it starts with ${JSON.stringify(trimmed.slice(0, 80))})` };
}
/** The findings in an audit command's output; a UserError when it holds none (see auditRunFailed first). */
function parseAuditOutput(text, source) {
    const read = readAuditOutput(text, source);
    if ('problem' in read)
        throw new errors/* UserError */.yo(`Could not read the ${source} output: ${read.problem}.`);
    return read.findings;
}
function readDocument(report, source) {
    if (isNpmV7Report(report))
        return { format: 'npm', findings: findingsFromNpmV7(report, source) };
    if (isAdvisoryMapReport(report))
        return { format: 'npm6-or-pnpm', findings: findingsFromAdvisoryMap(report, source) };
    return { problem: errorText(report) ?? 'a JSON document without `vulnerabilities` or `advisories`' };
}
function readYarnClassic(lines, source) {
    const errors = lines.filter((line) => line.type === 'error').map((line) => String(line.data));
    if (errors.length)
        return { problem: `yarn reported: ${errors.join('; ')}` };
    if (!lines.some((line) => line.type === 'auditSummary')) {
        return { problem: 'yarn printed no `auditSummary` line, so the report is incomplete' };
    }
    return { format: 'yarn-classic', findings: findingsFromYarnClassic(lines, source) };
}
/** npm >= 7 prints the failed request (`message`, `statusCode`); npm 6 and pnpm 9 `{error: {code, summary|message}}`. */
function errorText(report) {
    if (typeof report.message === 'string' && report.message !== '')
        return `the tool reported ${report.message}`;
    if (npm_report_isObject(report.error)) {
        const { code, summary, message, detail } = report.error;
        const parts = [code, summary || message, detail].filter((part) => typeof part === 'string' && part !== '');
        return parts.length ? `the tool reported ${parts.join(': ')}` : 'the tool reported an error';
    }
    return undefined;
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/audit-run.ts
/** Whether an audit command's run left a usable report, whatever its exit code. */

/**
 * Why an audit command's result cannot be used, or undefined when it can. The exit code alone never decides: npm,
 * pnpm and yarn berry exit 1 when they find vulnerabilities, yarn classic exits with a severity bit mask, and all
 * of them also exit non-zero when the registry cannot be reached. What decides is whether stdout holds a report.
 */
function auditFailureReason(exitCode, stdout) {
    const read = readAuditOutput(stdout, 'audit');
    if ('problem' in read)
        return `${read.problem} (exit code ${exitCode})`;
    // An empty stdout is what a clean `yarn npm audit --json` prints, with exit code 0; anything else crashed.
    if (read.format === 'empty' && exitCode !== 0)
        return `the command printed nothing and exited with ${exitCode}`;
    return undefined;
}
function auditRunFailed(exitCode, stdout) {
    return auditFailureReason(exitCode, stdout) !== undefined;
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(3136);
;// CONCATENATED MODULE: ./src/quality-gate/audit/sarif.ts
/** Findings from a SARIF log of any scanner, with severities as GitHub code scanning reads them. */






/**
 * Severity when a rule or result carries no `security-severity` (a CVSS score, as GitHub code scanning reads it):
 * the SARIF `level` of a failed result. `error` is what a tool calls a real defect, so it blocks at the default
 * `high`; `warning` (SARIF's default level) is moderate; `note` low; `none` informational.
 */
const SARIF_LEVEL_SEVERITY = {
    error: 'high',
    warning: 'moderate',
    note: 'low',
    none: 'info'
};
/** One finding per result of every run, the tool named by `runs[].tool.driver.name`. */
function parseSarif(json, options = {}) {
    let log;
    try {
        log = JSON.parse(json);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`Not a SARIF file: ${error.message}.`);
    }
    if (!isSarifLog(log))
        throw new errors/* UserError */.yo('Not a SARIF file: it has no `runs` array.');
    return log.runs.filter(npm_report_isObject).flatMap((run) => findingsOfRun(run, options));
}
function isSarifLog(value) {
    return npm_report_isObject(value) && Array.isArray(value.runs) && (typeof value.version === 'string' || typeof value.$schema === 'string');
}
function findingsOfRun(run, options) {
    const driver = npm_report_isObject(run.tool) && npm_report_isObject(run.tool.driver) ? run.tool.driver : {};
    const source = `sarif:${typeof driver.name === 'string' ? driver.name : 'unknown tool'}`;
    const rules = Array.isArray(driver.rules) ? driver.rules.filter(npm_report_isObject) : [];
    const artifacts = Array.isArray(run.artifacts) ? run.artifacts.filter(npm_report_isObject) : [];
    const results = Array.isArray(run.results) ? run.results.filter(npm_report_isObject) : [];
    return results.filter(isOpenFailure).map((result) => {
        const rule = ruleOf(result, rules);
        const ruleId = str(result.ruleId) ?? str(rule?.id) ?? 'unknown-rule';
        const message = npm_report_isObject(result.message) ? str(result.message.text) : undefined;
        const url = str(rule?.helpUri);
        const location = locationOf(result, artifacts, options);
        return {
            id: ruleId,
            aliases: unique([str(rule?.id), ghsaIn(url), url].filter((alias) => alias !== ruleId)),
            severity: severityOf(result, rule),
            title: sarif_text(rule?.shortDescription) ?? message?.split('\n')[0] ?? ruleId,
            // Trivy and Grype put the package in the message: "Package: lodash\nInstalled Version: 4.17.15\n…"
            package: message ? /^Package: (.+)$/m.exec(message)?.[1]?.trim() : undefined,
            version: message ? /^Installed Version: (.+)$/m.exec(message)?.[1]?.trim() : undefined,
            url,
            source,
            ...location
        };
    });
}
/** A result counts when it is a failure (`kind` defaults to `fail`) and nobody accepted a suppression of it. */
function isOpenFailure(result) {
    if (result.kind !== undefined && result.kind !== 'fail' && result.kind !== 'open' && result.kind !== 'review')
        return false;
    const suppressions = Array.isArray(result.suppressions) ? result.suppressions.filter(npm_report_isObject) : [];
    return !suppressions.some((s) => s.status === undefined || s.status === 'accepted');
}
function ruleOf(result, rules) {
    if (typeof result.ruleIndex === 'number' && rules[result.ruleIndex])
        return rules[result.ruleIndex];
    const id = str(result.ruleId) ?? (npm_report_isObject(result.rule) ? str(result.rule.id) : undefined);
    return id === undefined ? undefined : rules.find((rule) => rule.id === id);
}
function severityOf(result, rule) {
    const score = securitySeverity(result) ?? securitySeverity(rule);
    if (score !== undefined)
        return severityFromCvss(score);
    const defaultLevel = npm_report_isObject(rule?.defaultConfiguration) ? str(rule.defaultConfiguration.level) : undefined;
    return SARIF_LEVEL_SEVERITY[str(result.level) ?? defaultLevel ?? 'warning'] ?? 'moderate';
}
function securitySeverity(holder) {
    const value = npm_report_isObject(holder?.properties) ? holder.properties['security-severity'] : undefined;
    const score = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(score) ? score : undefined;
}
function locationOf(result, artifacts, options) {
    const first = Array.isArray(result.locations) ? result.locations.find(npm_report_isObject) : undefined;
    const physical = npm_report_isObject(first?.physicalLocation) ? first.physicalLocation : undefined;
    if (!physical)
        return {};
    const artifact = npm_report_isObject(physical.artifactLocation) ? physical.artifactLocation : {};
    const indexed = typeof artifact.index === 'number' ? artifacts[artifact.index]?.location : undefined;
    const uri = str(artifact.uri) ?? (npm_report_isObject(indexed) ? str(indexed.uri) : undefined);
    const line = npm_report_isObject(physical.region) && typeof physical.region.startLine === 'number' ? physical.region.startLine : undefined;
    return { ...(uri === undefined ? {} : { file: displayPath(uri, options.baseDir) }), ...(line === undefined ? {} : { line }) };
}
function displayPath(uri, baseDir) {
    let path = uri;
    if (uri.startsWith('file:')) {
        try {
            path = (0,external_node_url_.fileURLToPath)(uri);
        }
        catch {
            return uri;
        }
    }
    if (baseDir && (0,external_node_path_.isAbsolute)(path)) {
        const inside = (0,external_node_path_.relative)(baseDir, path);
        if (inside !== '' && !inside.startsWith('..') && !(0,external_node_path_.isAbsolute)(inside))
            return inside;
    }
    return path;
}
const str = (value) => (typeof value === 'string' && value !== '' ? value : undefined);
const sarif_text = (value) => (npm_report_isObject(value) ? str(value.text) : undefined);

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
;// CONCATENATED MODULE: ./src/quality-gate/audit/report-file.ts
/** Reads an audit report file another step wrote (SARIF or an audit command's JSON) into findings. */




/**
 * Findings from a report file another step wrote: SARIF (any scanner) or the JSON an audit command prints (npm,
 * pnpm, yarn classic or berry). The format is told by the content, not the file name.
 */
async function readAuditReport(path, options = {}) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* UserError */.yo(`Cannot read the audit report '${path}': ${error.code ?? String(error)}.`);
    }
    if (looksLikeSarif(text)) {
        try {
            return parseSarif(text, options);
        }
        catch (error) {
            throw new errors/* UserError */.yo(`The audit report '${path}' is not valid SARIF: ${error.message}`);
        }
    }
    const read = readAuditOutput(text, sourceOf(text));
    if ('findings' in read && read.format !== 'empty')
        return read.findings;
    const why = 'problem' in read ? read.problem : 'the file is empty';
    throw new errors/* UserError */.yo(`The audit report '${path}' is neither SARIF nor the JSON output of npm, pnpm or yarn audit: ${why}.`);
}
function looksLikeSarif(text) {
    try {
        return isSarifLog(JSON.parse(text));
    }
    catch {
        return false;
    }
}
/** yarn reports are one object a line; pnpm shares npm 6's format but roots its paths at the workspace, `.>`. */
function sourceOf(text) {
    const first = text.trimStart();
    if (first.startsWith('{"type":"audit') || first.startsWith('{"value":'))
        return 'yarn audit';
    return text.includes('".>') ? 'pnpm audit' : 'npm audit';
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/allowlist.ts
/** The audit-allowlist input: its `ID until YYYY-MM-DD reason` lines, parsed, and when an entry has expired. */
const ENTRY = /^(\S+)\s+until\s+(\S+)(?:\s+(.*))?$/i;
const ALLOWLIST_FORMAT = '`<advisory id> until <YYYY-MM-DD> <reason>`';
/** Blank lines and lines starting with `#` are skipped; every other line must be an entry. */
function parseAllowlist(lines) {
    const entries = [];
    const errors = [];
    lines.forEach((raw, index) => {
        const line = index + 1;
        const text = raw.trim();
        if (text === '' || text.startsWith('#'))
            return;
        const match = ENTRY.exec(text);
        if (!match) {
            errors.push({ line, text: `'${text}' is not ${ALLOWLIST_FORMAT}` });
            return;
        }
        const [, id = '', until = '', reason = ''] = match;
        if (!isCalendarDate(until)) {
            errors.push({ line, text: `'${until}' is not a date in the form YYYY-MM-DD (in '${text}')` });
        }
        else if (reason.trim() === '') {
            errors.push({ line, text: `'${id}' has no reason: say why it is accepted after the date` });
        }
        else {
            entries.push({ id, until, reason: reason.trim(), line });
        }
    });
    return { entries, errors };
}
function isCalendarDate(text) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match)
        return false;
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
/** An entry allows through its `until` day and has expired from the day after (dates compare as text). */
function isExpired(entry, today) {
    return entry.until < today;
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/verdict.ts



function judgeAudit(findings, options) {
    const merged = mergeDuplicates(findings).sort(bySeverityThenId);
    const expired = options.allowlist.filter((entry) => isExpired(entry, options.today));
    const live = options.allowlist.filter((entry) => !isExpired(entry, options.today));
    const used = new Set();
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
    const blocking = [];
    const allowed = [];
    for (const finding of merged) {
        if (finding.severity !== 'info')
            counts[finding.severity] += 1;
        const entry = live.find((candidate) => matches(candidate, finding));
        if (entry) {
            used.add(entry);
            allowed.push({ finding, entry });
        }
        else if (atLeast(finding.severity, options.failOn)) {
            blocking.push(finding);
        }
    }
    const unusedEntries = live.filter((entry) => !used.has(entry));
    return { counts, blocking, allowed, expired, unusedEntries, passed: blocking.length === 0 && expired.length === 0 };
}
/** An entry names a finding by its id or any alias (GHSA, CVE, npm advisory id or URL, SARIF rule id), any case. */
function matches(entry, finding) {
    const wanted = entry.id.toLowerCase();
    return namesOf(finding).some((name) => name.toLowerCase() === wanted);
}
/**
 * One finding per advisory per package: the same advisory reported by several tools, or for several installed
 * copies of the package (npm splits one GHSA into one record per vulnerable range), counts once. Two findings are
 * the same when they share a name (id or alias) and the package; findings without a package (code scanning) are
 * the same only at the same file and line. npm >= 7 reports name no CVEs, so a scanner that reports by CVE (Trivy)
 * merges with them only where it names the GHSA; npm 6, pnpm and yarn classic reports carry the CVEs.
 */
function mergeDuplicates(findings) {
    const merged = [];
    for (const finding of findings) {
        const twin = merged.find((candidate) => sameIssue(candidate, finding));
        if (twin)
            Object.assign(twin, combine(twin, finding));
        else
            merged.push({ ...finding, aliases: [...finding.aliases] });
    }
    return merged;
}
function sameIssue(a, b) {
    if ((a.package ?? '').toLowerCase() !== (b.package ?? '').toLowerCase())
        return false;
    if (a.package === undefined && (a.file !== b.file || a.line !== b.line))
        return false;
    const names = new Set(namesOf(a).map((name) => name.toLowerCase()));
    return namesOf(b).some((name) => names.has(name.toLowerCase()));
}
function combine(a, b) {
    // Prefer a GHSA id as the display id, since that is what every tool and GitHub's UI can look up.
    const id = /^GHSA-/i.test(a.id) || !/^GHSA-/i.test(b.id) ? a.id : b.id;
    const version = unique([...(a.version?.split(', ') ?? []), ...(b.version?.split(', ') ?? [])]).join(', ');
    return {
        ...a,
        id,
        aliases: unique([a.id, b.id, ...a.aliases, ...b.aliases]).filter((name) => name !== id),
        severity: maxSeverity(a.severity, b.severity),
        version: version === '' ? undefined : version,
        url: a.url ?? b.url,
        source: unique([...a.source.split(', '), b.source]).join(', '),
        file: a.file ?? b.file,
        line: a.line ?? b.line
    };
}
function bySeverityThenId(a, b) {
    return severityRank(b.severity) - severityRank(a.severity) || (a.package ?? '').localeCompare(b.package ?? '') || a.id.localeCompare(b.id);
}

;// CONCATENATED MODULE: ./src/quality-gate/audit/index.ts
/** The dependency audit of the quality gate: everything the rest of the action imports from audit/. */











/***/ }),

/***/ 8527:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _lib_action_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4681);
/* harmony import */ var _lib_action_run_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8510);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3631);
/* harmony import */ var _package_cache_steps_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(8457);
/**
 * The quality-gate bundle's entry point: the runner runs it for the main step and the post step. The inputs are
 * validated here, before the rest of the action (a chunk of its own) is loaded, so a bad input is refused at a
 * fraction of the start-up; the post step, which runs after every job, loads nothing more unless main left a
 * package cache to save.
 */




await (0,_lib_action_run_js__WEBPACK_IMPORTED_MODULE_1__/* .runAction */ .Cs)('quality-gate', {
    main: async () => {
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)(_lib_action_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .runnerInputs */ .a, process.env);
        await (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .checkInputFiles */ .Mx)(inputs);
        const { main } = await Promise.all(/* import() */[__nccwpck_require__.e(377), __nccwpck_require__.e(312), __nccwpck_require__.e(254)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2254));
        await main(inputs);
    },
    post: async () => {
        if ((0,_package_cache_steps_js__WEBPACK_IMPORTED_MODULE_3__/* .pendingPackageCache */ .qV)())
            await (await Promise.all(/* import() */[__nccwpck_require__.e(377), __nccwpck_require__.e(312), __nccwpck_require__.e(254)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2254))).post();
    }
});
(0,_lib_action_run_js__WEBPACK_IMPORTED_MODULE_1__/* .exitWhenDone */ .l2)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 3631:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Mx: () => (/* binding */ checkInputFiles),
  Ko: () => (/* binding */ readInputs)
});

// UNUSED EXPORTS: AUDIT_CHOICES, CACHE_CHOICES, COMMENT_CHOICES, SEVERITY_CHOICES

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __nccwpck_require__(9471);
// EXTERNAL MODULE: ./src/lib/action/inputs.ts
var action_inputs = __nccwpck_require__(4681);
// EXTERNAL MODULE: ./src/lib/action/paths.ts
var paths = __nccwpck_require__(3462);
// EXTERNAL MODULE: ./src/lib/files/match.ts
var match = __nccwpck_require__(4838);
// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __nccwpck_require__(6591);
;// CONCATENATED MODULE: ./src/lib/exec/argv.ts
/** Command lines from inputs split into argument vectors, with no shell involved. */

/**
 * Splits a command line into an argument vector with POSIX-shell quoting rules ('single', "double", backslash).
 * Nothing is expanded: `$VAR`, globs and `~` stay literal, and shell operators (`|`, `&&`, `>`, `;`) are refused,
 * because no shell runs the result. A user who wants a shell writes one: `sh -c 'a && b'`.
 */
function splitCommandLine(line) {
    // shell-quote closes an open quote at the end of the line itself (`kubectl "undo` gives kubectl, undo); a shell
    // would refuse it, and so does this.
    const unclosed = unclosedQuote(line);
    if (unclosed !== undefined)
        return { ok: false, problem: unclosed };
    const argv = [];
    const tokens = (0,shell_quote.parse)(line, (name) => `$${name}`);
    for (const token of tokens) {
        if (typeof token === 'string') {
            argv.push(token);
        }
        else if ('op' in token && token.op === 'glob') {
            argv.push(token.pattern);
        }
        else if ('comment' in token) {
            break;
        }
        else {
            return { ok: false, problem: `it uses the shell operator '${token.op}', and no shell runs it (write sh -c '...' to use one)` };
        }
    }
    if (argv.length === 0)
        return { ok: false, problem: 'it has no command' };
    return { ok: true, argv };
}
/** Where a line's quoting is left open, as a POSIX shell reads it ('...' literal, "..." with \ escapes, # comments). */
function unclosedQuote(line) {
    let quote;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote?.char === "'") {
            if (c === "'")
                quote = undefined;
        }
        else if (quote?.char === '"') {
            if (c === '\\')
                i++;
            else if (c === '"')
                quote = undefined;
        }
        else if (c === '\\') {
            if (i === line.length - 1)
                return 'it ends with a backslash that escapes nothing';
            i++;
        }
        else if (c === "'" || c === '"') {
            quote = { char: c, at: i };
        }
        else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
            return undefined;
        }
    }
    if (quote === undefined)
        return undefined;
    return `the ${quote.char === '"' ? 'double' : 'single'} quote at character ${quote.at + 1} is never closed`;
}

;// CONCATENATED MODULE: ./src/quality-gate/checks/parse-checks.ts

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
/** Turns `name: command` lines into checks, reporting every line that is not one. */
function parseChecks(lines) {
    const checks = [];
    const problems = [];
    const seen = new Set();
    for (const { key, value, line } of lines) {
        if (!NAME.test(key)) {
            problems.push({ given: `line ${line}: ${key}`, accepted: 'check names of letters, digits, spaces, dots, dashes or underscores (at most 64)' });
            continue;
        }
        if (seen.has(key.toLowerCase())) {
            problems.push({ given: `line ${line}: ${key}`, accepted: 'each check name once' });
            continue;
        }
        seen.add(key.toLowerCase());
        const split = splitCommandLine(value);
        if (!split.ok) {
            problems.push({ given: `line ${line}: ${key}: ${value}`, accepted: `a command line, but ${split.problem}` });
            continue;
        }
        checks.push({ name: key, argv: split.argv, command: value });
    }
    return { checks, problems };
}

// EXTERNAL MODULE: ./src/quality-gate/audit/index.ts + 11 modules
var audit = __nccwpck_require__(5085);
;// CONCATENATED MODULE: ./src/quality-gate/inputs.ts
/** Reads and validates every quality-gate input up front, reporting all bad ones at once and naming each. */







const SEVERITY_CHOICES = ['low', 'moderate', 'high', 'critical'];
const AUDIT_CHOICES = ['auto', 'npm', 'yarn', 'pnpm', 'none'];
const CACHE_CHOICES = ['none', 'npm', 'yarn', 'pnpm'];
const COMMENT_CHOICES = ['never', 'always', 'on-failure'];
/** Reads every input and reports all bad ones together, before any check runs. */
function readInputs(source = action_inputs/* runnerInputs */.a, env = process.env) {
    const inputs = new action_inputs/* Inputs */.G(source);
    const roots = (0,paths/* actionRoots */.aG)(env);
    const workspace = roots[0].dir;
    const parsed = parseChecks(inputs.keyValues('checks', { what: 'name: command' }));
    for (const problem of parsed.problems)
        inputs.fail('checks', problem.given, problem.accepted);
    const placedDirectory = inputs.path('working-directory', { base: workspace, roots, default: '.' });
    if (placedDirectory !== undefined && !isDirectory(placedDirectory)) {
        inputs.fail('working-directory', inputs.raw('working-directory'), `a directory inside the workspace (${placedDirectory} ${(0,external_node_fs_.existsSync)(placedDirectory) ? 'is not a directory' : 'does not exist'})`);
    }
    const workingDirectory = placedDirectory ?? workspace;
    const thresholds = {};
    const setIf = (key, value) => {
        if (value !== undefined)
            thresholds[key] = value;
    };
    setIf('lines', inputs.percentage('min-line-coverage'));
    setIf('branches', inputs.percentage('min-branch-coverage'));
    setIf('functions', inputs.percentage('min-function-coverage'));
    setIf('patch', inputs.percentage('min-patch-coverage'));
    setIf('maxDrop', inputs.number('max-coverage-drop', { min: 0, max: 100 }));
    const coverageFiles = inputs.globs('coverage-files', { roots });
    const judgesCoverage = Object.keys(thresholds).length > 0;
    if (judgesCoverage && coverageFiles.length === 0) {
        inputs.fail('coverage-files', '', 'globs of coverage reports, because a coverage minimum or max-coverage-drop is set');
    }
    const allowlist = inputs.lines('audit-allowlist');
    for (const error of (0,audit/* parseAllowlist */.JK)(allowlist).errors) {
        inputs.fail('audit-allowlist', `line ${error.line}: ${error.text}`, "lines of the form 'ID until YYYY-MM-DD reason', e.g. 'GHSA-xxxx-xxxx-xxxx until 2027-01-31 no fix upstream yet'");
    }
    const result = {
        checks: parsed.checks,
        'fail-fast': inputs.boolean('fail-fast', true),
        parallel: inputs.boolean('parallel', false),
        'check-timeout': inputs.duration('check-timeout', { default: '30m', min: 1000, max: 6 * 3_600_000 }),
        'working-directory': workingDirectory,
        roots,
        'coverage-files': coverageFiles,
        thresholds,
        audit: inputs.oneOf('audit', AUDIT_CHOICES, 'auto'),
        'audit-reports': inputs.globs('audit-reports', { roots }),
        'fail-on-severity': inputs.oneOf('fail-on-severity', SEVERITY_CHOICES, 'high'),
        'audit-allowlist': allowlist,
        cache: inputs.oneOf('cache', CACHE_CHOICES, 'none'),
        'github-token': inputs.string('github-token', { secret: true }),
        comment: inputs.oneOf('comment', COMMENT_CHOICES, 'never')
    };
    if (result.checks.length === 0 && coverageFiles.length === 0 && result.audit === 'none' && result['audit-reports'].length === 0) {
        inputs.fail('checks', '', "at least one thing to judge: 'checks', 'coverage-files', 'audit' or 'audit-reports'");
    }
    if (result.comment !== 'never' && result['github-token'] === '') {
        inputs.fail('github-token', '', `a token with pull-requests: write, because comment is '${result.comment}'`);
    }
    inputs.done();
    return result;
}
/**
 * The report files the globs match already, checked before any check runs: a symbolic link out of the workspace
 * planted in the checkout is refused, naming the input, before anything runs (files a check writes are checked
 * again when read).
 */
async function checkInputFiles(inputs) {
    const problems = [];
    for (const input of ['coverage-files', 'audit-reports']) {
        if (inputs[input].length === 0)
            continue;
        try {
            await (0,match/* matchFiles */.x)(inputs[input], inputs['working-directory'], { input, roots: inputs.roots });
        }
        catch (error) {
            if (!(error instanceof errors/* InputError */.dz))
                throw error;
            problems.push(error);
        }
    }
    if (problems.length > 0)
        throw new errors/* InputErrors */.G(problems);
}
function isDirectory(dir) {
    return (0,external_node_fs_.existsSync)(dir) && (0,external_node_fs_.statSync)(dir).isDirectory();
}


/***/ }),

/***/ 8457:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  qV: () => (/* binding */ pendingPackageCache),
  RT: () => (/* binding */ restorePackageCache),
  AI: () => (/* binding */ savePackageCache)
});

// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __nccwpck_require__(6578);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/lib/exec/command.ts + 1 modules
var command = __nccwpck_require__(8184);
// EXTERNAL MODULE: ./src/lib/exec/environment.ts
var environment = __nccwpck_require__(6016);
;// CONCATENATED MODULE: ./src/quality-gate/package-cache.ts
/** The package-manager cache plan: which directory to cache and under which key (OS, architecture, lockfiles). */





const LOCKFILES = {
    npm: ['package-lock.json', 'npm-shrinkwrap.json'],
    yarn: ['yarn.lock'],
    pnpm: ['pnpm-lock.yaml']
};
/** The cache key: OS, architecture, manager and a hash of the lockfiles, so any dependency change makes a new entry. */
function cacheKey(manager, os, arch, lockfileContents) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const content of lockfileContents)
        hash.update(content);
    return `pipeline-actions-${manager}-${os}-${arch}-${hash.digest('hex').slice(0, 32)}`;
}
async function planPackageCache(manager, dir, env) {
    const lockfiles = LOCKFILES[manager].map((name) => external_node_path_default().join(dir, name)).filter((file) => (0,external_node_fs_.existsSync)(file));
    if (lockfiles.length === 0)
        return { problem: `no ${LOCKFILES[manager].join(' or ')} in ${dir}, so there is nothing to key the ${manager} cache on` };
    const cacheDir = await packageCacheDir(manager, dir);
    if (!cacheDir)
        return { problem: `could not find the ${manager} cache directory (is ${manager} installed?)` };
    const os = env.RUNNER_OS ?? process.platform;
    const arch = env.RUNNER_ARCH ?? process.arch;
    const key = cacheKey(manager, os, arch, lockfiles.map((file) => (0,external_node_fs_.readFileSync)(file, 'utf8')));
    return { manager, paths: [cacheDir], key, restoreKeys: [`pipeline-actions-${manager}-${os}-${arch}-`] };
}
async function packageCacheDir(manager, cwd) {
    const argv = {
        npm: ['npm', 'config', 'get', 'cache'],
        yarn: ['yarn', 'cache', 'dir'],
        pnpm: ['pnpm', 'store', 'path', '--silent']
    };
    const result = await (0,command/* runCommand */.d)(argv[manager], { cwd, baseEnv: (0,environment/* stepEnvironment */.a)(), echo: false, timeoutMs: 30_000 });
    const dir = result.stdout.trim().split('\n').pop()?.trim();
    return result.exitCode === 0 && dir ? dir : undefined;
}

;// CONCATENATED MODULE: ./src/quality-gate/package-cache-steps.ts
/**
 * The package-cache steps: restore before the checks (keeping what post needs in the step state), save in post. The
 * cache client (@actions/cache, with the Azure storage SDK) is loaded only by a run that uses the cache.
 */


const STATE = { key: 'package-cache-key', paths: 'package-cache-paths', hit: 'package-cache-hit' };
/** Restores the cache the inputs ask for; returns the note for the report. */
async function restorePackageCache(inputs, env) {
    const plan = await planPackageCache(inputs.cache, inputs['working-directory'], env);
    if ('problem' in plan) {
        runner/* warning */.$e(`Package cache skipped: ${plan.problem}`);
        return [`package cache skipped: ${plan.problem}`];
    }
    const { restoreCache } = await Promise.all(/* import() */[__nccwpck_require__.e(377), __nccwpck_require__.e(312), __nccwpck_require__.e(318)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6937));
    const outcome = await restoreCache(plan.paths, plan.key, plan.restoreKeys);
    runner/* saveState */.LZ(STATE.key, plan.key);
    runner/* saveState */.LZ(STATE.paths, JSON.stringify(plan.paths));
    runner/* saveState */.LZ(STATE.hit, outcome.status);
    const said = describeRestore(outcome, plan.key);
    runner/* info */.pq(said);
    return [said];
}
/** What main restored and post must save: undefined when there is nothing to save (no cache, or an exact hit). */
function pendingPackageCache() {
    const key = runner/* getState */.Gu(STATE.key);
    const paths = runner/* getState */.Gu(STATE.paths);
    if (!key || !paths || runner/* getState */.Gu(STATE.hit) === 'exact')
        return undefined;
    return { key, paths: JSON.parse(paths) };
}
/** Saves the package-manager cache after the job (main did not restore that exact key). */
async function savePackageCache(pending) {
    const { saveCache } = await Promise.all(/* import() */[__nccwpck_require__.e(377), __nccwpck_require__.e(312), __nccwpck_require__.e(318)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6937));
    const outcome = await saveCache(pending.paths, pending.key);
    if (outcome.status === 'saved')
        runner/* info */.pq(`Saved the package cache as ${pending.key}`);
    else
        runner/* warning */.$e(`The package cache was not saved: ${outcome.reason}`);
}
function describeRestore(outcome, key) {
    switch (outcome.status) {
        case 'exact':
            return `package cache restored (${key})`;
        case 'partial':
            return `package cache partly restored from ${outcome.key}; a new entry is saved after the job`;
        case 'miss':
            return `no package cache for ${key} yet; it is saved after the job`;
        case 'unavailable':
            return `package cache unavailable: ${outcome.reason}`;
    }
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(8527);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
