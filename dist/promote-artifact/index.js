import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4006:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(8016);
const utils = __nccwpck_require__(4059);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 5595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 8265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(5595);
const utils = __nccwpck_require__(4059);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 8016:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(1781);
const parse = __nccwpck_require__(8265);
const utils = __nccwpck_require__(4059);
const constants = __nccwpck_require__(5595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 1781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(4059);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(5595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(5595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
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

/***/ 3818:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   kc: () => (/* binding */ logText)
/* harmony export */ });
/* unused harmony exports neutraliseCommands, oneLine */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6578);
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
    _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(neutraliseCommands(message));
}


/***/ }),

/***/ 1171:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cs: () => (/* binding */ runAction),
/* harmony export */   l2: () => (/* binding */ exitWhenDone)
/* harmony export */ });
/* unused harmony export reportFailure */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6578);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9471);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3818);
/** The entry point every bundle calls: runs main or post and reports a failure as a user error or as a bug. */



const POST_MARKER = 'isPost';
/**
 * Entry point of every bundle: one file serves `main` and `post` (the runner gives the post step the state the main
 * step saved). A UserError fails the step with its message; anything else is reported as a bug, with the stack in
 * the log.
 */
async function runAction(actionName, steps) {
    const isPost = _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(POST_MARKER) === 'true';
    try {
        if (isPost) {
            await steps.post?.();
            return;
        }
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(POST_MARKER, 'true');
        await steps.main();
    }
    catch (error) {
        reportFailure(actionName, isPost, error);
    }
}
function reportFailure(actionName, isPost, error) {
    const where = isPost ? `${actionName} (post)` : actionName;
    if (error instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo) {
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(error.message);
        return;
    }
    if (error instanceof Error && error.stack)
        (0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .logText */ .kc)(error.stack);
    _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`${where} failed unexpectedly: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(error)}. This is a bug in pipeline-actions; please report it with this log.`);
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
        _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(`still open when the step ended: ${open.join(', ')}`);
    process.exit();
}


/***/ }),

/***/ 6578:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   Gu: () => (/* binding */ getState),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   pq: () => (/* binding */ info)
/* harmony export */ });
/* unused harmony exports warning, startGroup, endGroup, group */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The runner's protocol for what a step does before its action's chunk is loaded: inputs and saved state from the
 * environment, state saved to the GITHUB_STATE file, masks, groups, log lines and the failure annotation. Written
 * the way @actions/core writes it (test/unit/lib/action/runner.test.ts compares the two byte for byte), because
 * importing @actions/core loads its HTTP client and all of undici (actions/toolkit#1621): about 300 ms, three times
 * `node -e 0`, before a bad input could be refused. Everything after the inputs are read uses @actions/core itself.
 */



/** A command's message, as @actions/core escapes it: %, CR and LF. */
const escapeData = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
function saveState(name, value) {
    const file = process.env.GITHUB_STATE;
    if (!file) {
        process.stdout.write(`::save-state name=${name.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C')}::${escapeData(value)}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`);
        return;
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(file))
        throw new Error(`Missing file at path: ${file}`);
    const delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`Unexpected input: the value contains the delimiter ${delimiter}`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.appendFileSync)(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_2__.EOL}`, { encoding: 'utf8' });
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

/***/ 5996:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EV: () => (/* binding */ isRegistryHost),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Me: () => (/* binding */ normaliseRegistry),
/* harmony export */   U9: () => (/* binding */ isLoopback),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   dz: () => (/* binding */ isTag),
/* harmony export */   nz: () => (/* binding */ apiHost),
/* harmony export */   q9: () => (/* binding */ isSha256Digest)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB_API, ImageReferenceError */
/* harmony import */ var _action_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9471);
/**
 * Image references as docker and the OCI distribution spec write them: `[registry/]repository[:tag][@digest]`.
 * `nginx` is `docker.io/library/nginx:latest`; the first component is a registry when it has a `.` or a `:` or is
 * `localhost` (docker/distribution reference normalisation).
 */

const DOCKER_HUB = 'docker.io';
/** The host that serves Docker Hub's registry API. */
const DOCKER_HUB_API = 'registry-1.docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256 = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/;
/** Text that is not an image reference; a user error, since the text comes from an input or a Dockerfile. */
class ImageReferenceError extends _action_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    name = 'ImageReferenceError';
}
function isTag(text) {
    return TAG.test(text);
}
/** A digest this client can verify (sha256, lower-case hex). */
function isSha256Digest(text) {
    return SHA256.test(text);
}
function parseReference(text) {
    const input = text.trim();
    const fail = (why) => {
        throw new ImageReferenceError(`'${input}' is not an image reference: ${why}`);
    };
    if (input === '')
        fail('it is empty');
    if (/\s/.test(input))
        fail('it contains white space');
    // `sha256:<hex>` would parse as docker.io/library/sha256 with a tag: it is always a digest that lost its repository.
    if (/^sha(?:256|384|512):[a-f0-9]{32,}$/.test(input))
        fail('it is a digest with no repository; write <registry>/<repository>@<digest>');
    let rest = input;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            fail(`'${digest}' is not a digest (algorithm:hex)`);
        if (digest.startsWith('sha256:') && !SHA256.test(digest))
            fail(`'${digest}' is not a sha256 digest (64 lower-case hex digits)`);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            fail(`'${tag}' is not a valid tag`);
    }
    const slash = rest.indexOf('/');
    let registry = DOCKER_HUB;
    let repository = rest;
    if (slash > 0) {
        const first = rest.slice(0, slash);
        if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
            registry = first;
            repository = rest.slice(slash + 1);
            if (!HOST.test(registry))
                fail(`'${registry}' is not a registry host`);
        }
    }
    registry = normaliseRegistry(registry);
    if (repository === '')
        fail('the repository is missing');
    for (const component of repository.split('/')) {
        if (!COMPONENT.test(component))
            fail(`'${repository}' is not a repository name (lower-case letters, digits, separators . _ - and /)`);
    }
    if (registry === DOCKER_HUB && !repository.includes('/'))
        repository = `library/${repository}`;
    if (repository.length > 255)
        fail('the repository name is longer than 255 characters');
    return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}
/** A registry as an image reference names it: host[:port] (a DNS name, an IPv4 address, or [IPv6]), port 1-65535. */
function isRegistryHost(text) {
    if (!HOST.test(text))
        return false;
    const port = /:(\d+)$/.exec(text.replace(/^\[[^\]]*\]/, ''))?.[1];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65_535);
}
function normaliseRegistry(host) {
    const lower = host.toLowerCase();
    return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(lower) ? DOCKER_HUB : lower;
}
/** The host to send API requests to. */
function apiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API : registry;
}
/** `registry/repository[:tag][@digest]`, fully qualified. */
function formatReference(ref) {
    return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
/** Loopback hosts may use plain http: traffic never leaves the machine. */
function isLoopback(registry) {
    const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}


/***/ }),

/***/ 2005:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _lib_action_run_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1171);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6208);
/**
 * The promote-artifact bundle's entry point. The inputs are validated here, before the rest of the action (a chunk
 * of its own, with the registry client) is loaded, so a bad input is refused at a fraction of the start-up.
 */


await (0,_lib_action_run_js__WEBPACK_IMPORTED_MODULE_0__/* .runAction */ .Cs)('promote-artifact', {
    main: async () => {
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .K)();
        const { main } = await Promise.all(/* import() */[__nccwpck_require__.e(796), __nccwpck_require__.e(867)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9867));
        await main(inputs);
    }
});
(0,_lib_action_run_js__WEBPACK_IMPORTED_MODULE_0__/* .exitWhenDone */ .l2)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 6208:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  K: () => (/* binding */ readInputs)
});

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(4006);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __nccwpck_require__(6578);
;// CONCATENATED MODULE: ./src/lib/duration.ts
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

// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __nccwpck_require__(9471);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/lib/action/paths.ts
/** Path and glob inputs kept inside the directories an action may use: the workspace, and RUNNER_TEMP where an input says so. */


/** The workspace (GITHUB_WORKSPACE, else the current directory) and, with `temp`, RUNNER_TEMP when it is set. */
function actionRoots(env, options = {}) {
    const roots = [{ name: 'the workspace', dir: path.resolve(env.GITHUB_WORKSPACE || process.cwd()) }];
    if (options.temp && env.RUNNER_TEMP)
        roots.push({ name: 'RUNNER_TEMP', dir: path.resolve(env.RUNNER_TEMP) });
    return roots;
}
/** `the workspace (/w) or RUNNER_TEMP (/t)`. */
function describeRoots(roots) {
    return roots.map((root) => `${root.name} (${root.dir})`).join(' or ');
}
/** Whether the absolute path `file` is `dir` or lies inside it. Pure. */
function isInside(file, dir) {
    const relative = external_node_path_default().relative(dir, file);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${(external_node_path_default()).sep}`) && !external_node_path_default().isAbsolute(relative));
}
/**
 * The path with every symbolic link resolved; for a path that does not exist yet (a file to write), its deepest
 * existing ancestor resolved and the rest appended.
 */
function realPath(file) {
    const absolute = external_node_path_default().resolve(file);
    let existing = absolute;
    while (!(0,external_node_fs_.existsSync)(existing) && external_node_path_default().dirname(existing) !== existing)
        existing = external_node_path_default().dirname(existing);
    let real;
    try {
        real = (0,external_node_fs_.realpathSync)(existing);
    }
    catch {
        // A dangling link or an unreadable ancestor: judge the path as written.
        real = existing;
    }
    return external_node_path_default().join(real, external_node_path_default().relative(existing, absolute));
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
    const resolved = external_node_path_default().resolve(base, value);
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
    if (!external_node_path_default().isAbsolute(body))
        return undefined;
    const firstGlob = segments.findIndex((segment) => GLOB_CHARS.test(segment));
    const literal = firstGlob < 0 ? body : segments.slice(0, firstGlob).join('/') || '/';
    if (!roots.some((root) => isInside(external_node_path_default().resolve(literal), root.dir)))
        return `a glob inside ${describeRoots(roots)}; ${literal} is outside`;
    return undefined;
}

// EXTERNAL MODULE: ./src/lib/action/secrets.ts
var secrets = __nccwpck_require__(9887);
// EXTERNAL MODULE: ./src/lib/action/urls.ts
var urls = __nccwpck_require__(7390);
;// CONCATENATED MODULE: ./src/lib/action/inputs.ts
/** Reading and validating action inputs, every problem reported at once. */






const runnerInputs = (name) => runner/* getInput */.V4(name);
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
            (0,secrets/* maskSecret */.$)(value);
        (0,urls/* maskUrlCredentials */.gn)(value);
        return value;
    }
    /** Record a problem found by action-specific validation. */
    fail(name, given, accepted) {
        this.problems.push(new errors/* InputError */.dz(name, given, accepted));
    }
    /** Throws every recorded problem together; call before the first side effect. */
    done() {
        if (this.problems.length > 0)
            throw new errors/* InputErrors */.G(this.problems);
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
        const fallback = parseDuration(options.default);
        const value = this.raw(name);
        if (value === '')
            return fallback;
        const parsed = parseDuration(value);
        if (parsed === undefined || !inRange(parsed, options.min, options.max)) {
            this.fail(name, value, `${DURATION_FORMS}${describeRange(options.min, options.max, 'ms')}`);
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
        const problem = (0,urls/* urlCredentialsProblem */.nG)(text, auth);
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
        const placed = placePath(value, options.base, options.roots);
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
            const problem = globProblem(pattern, options.roots);
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
                (0,secrets/* maskSecret */.$)(value);
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

// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var oci_reference = __nccwpck_require__(5996);
;// CONCATENATED MODULE: ./src/lib/oci/insecure-registries.ts

/** Hosts (host[:port], an http(s):// prefix or trailing / tolerated), normalised; anything else is a problem on `inputs`. */
function readInsecureRegistries(inputs) {
    const hosts = [];
    for (const given of inputs.list('insecure-registries')) {
        const host = given.replace(/^https?:\/\//, '').replace(/\/+$/, '');
        if ((0,oci_reference/* isRegistryHost */.EV)(host))
            hosts.push((0,oci_reference/* normaliseRegistry */.Me)(host));
        else
            inputs.fail('insecure-registries', given, 'registry hosts such as `registry.internal:5000` or `10.0.0.7:5000` (host[:port]), comma or newline separated');
    }
    return hosts;
}

// EXTERNAL MODULE: ./src/promote-artifact/plan.ts
var plan = __nccwpck_require__(5874);
// EXTERNAL MODULE: ./src/promote-artifact/required-referrers.ts
var required_referrers = __nccwpck_require__(5293);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/lib/signing/keys.ts
/**
 * Public keys as cosign writes them (cosign.pub, PKIX PEM), the ECDSA P-256 check every key passes, and a key's
 * PEM form and Sigstore hint, through node:crypto. Private keys are read by private-key.ts.
 */

/** A key the action cannot use, with the reason (never the key itself). */
class SigningKeyError extends Error {
    name = 'SigningKeyError';
}
/** The public key of a PEM text (`cosign.pub`, a PKIX `PUBLIC KEY`). */
function readPublicKey(pem) {
    if (!/-----BEGIN PUBLIC KEY-----/.test(pem))
        throw new SigningKeyError('it is no PEM public key (expected cosign.pub: -----BEGIN PUBLIC KEY-----)');
    let key;
    try {
        key = (0,external_node_crypto_.createPublicKey)({ key: pem, format: 'pem' });
    }
    catch (error) {
        throw new SigningKeyError(`the PEM public key cannot be read (${error.message})`);
    }
    requireP256(key, 'public');
    return key;
}
function requireP256(key, kind) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
        throw new SigningKeyError(`the ${kind} key is ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''}; ECDSA P-256 keys are supported (cosign generate-key-pair makes them)`);
    }
}
/** The public key as PKIX PEM. */
function publicKeyPem(key) {
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}
/** The key's hint in a Sigstore bundle: the base64 SHA-256 of its PKIX DER encoding. */
function keyHint(key) {
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

;// CONCATENATED MODULE: ./src/promote-artifact/verify-policy.ts

const VERIFY_CHECKS = ['signature', 'provenance'];
const REPOSITORY = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+|https?:\/\/[^\s/@]+(\/[A-Za-z0-9_.-]+){2,})$/;
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
function readVerify(inputs, env) {
    const values = inputs.list('verify');
    const checks = [];
    for (const value of values) {
        if (value === 'none' && values.length === 1)
            continue;
        if (!VERIFY_CHECKS.includes(value))
            inputs.fail('verify', value, "'none', or 'signature' and/or 'provenance' (a comma list: 'signature, provenance')");
        else if (!checks.includes(value))
            checks.push(value);
    }
    const pem = inputs.optionalString('public-key');
    const repositoryInput = inputs.optionalString('expected-source-repository');
    const commit = inputs.optionalString('expected-source-commit');
    if (!checks.includes('provenance')) {
        if (repositoryInput !== undefined)
            inputs.fail('expected-source-repository', repositoryInput, "nothing unless 'verify' includes 'provenance' (it is what the provenance must name)");
        if (commit !== undefined)
            inputs.fail('expected-source-commit', commit, "nothing unless 'verify' includes 'provenance' (it is what the provenance must name)");
    }
    if (repositoryInput !== undefined && !REPOSITORY.test(repositoryInput))
        inputs.fail('expected-source-repository', repositoryInput, "a repository as 'owner/repo' (e.g. acme/web) or its URL (https://github.com/acme/web)");
    if (commit !== undefined && !COMMIT.test(commit))
        inputs.fail('expected-source-commit', commit, 'a full commit SHA: 40 (or 64) lower-case hex digits, e.g. ${{ github.sha }}');
    if (checks.length === 0) {
        if (pem !== undefined)
            inputs.fail('verify', values.join(', ') || 'none', "'signature' and/or 'provenance', since 'public-key' is set (or leave public-key out)");
        return { checks: [] };
    }
    const repository = repositoryInput ?? env.GITHUB_REPOSITORY;
    if (checks.includes('provenance') && !repository)
        inputs.fail('expected-source-repository', '', "the repository the provenance must name ('owner/repo'), since 'verify' includes 'provenance' and GITHUB_REPOSITORY is not set");
    if (pem === undefined) {
        inputs.fail('public-key', '', `the signer's public key (cosign.pub, -----BEGIN PUBLIC KEY-----), since 'verify' is '${checks.join(', ')}'`);
        return { checks: [] };
    }
    let publicKey;
    try {
        publicKey = readPublicKey(pem);
    }
    catch (error) {
        if (!(error instanceof SigningKeyError))
            throw error;
        inputs.fail('public-key', pem.split('\n')[0] ?? '', `cosign.pub or another PEM public key: ${error.message}`);
        return { checks: [] };
    }
    const provenance = checks.includes('provenance') && repository ? { provenance: { repository, ...(commit !== undefined && { commit }) } } : {};
    return { checks, publicKey, ...provenance };
}

// EXTERNAL MODULE: ./src/promote-artifact/summary.ts + 1 modules
var summary = __nccwpck_require__(4224);
;// CONCATENATED MODULE: ./src/promote-artifact/targets.ts
/** Turns the `targets` lines into references: a bare tag means the source repository. */

function resolveTargets(source, lines) {
    const targets = [];
    const problems = [];
    const seen = new Set();
    for (const given of lines) {
        let reference;
        if (!/[/:@]/.test(given)) {
            if (!(0,oci_reference/* isTag */.dz)(given)) {
                problems.push({ line: given, why: 'a tag (letters, digits, _ . -; at most 128; not starting with . or -) or a full reference' });
                continue;
            }
            reference = { registry: source.registry, repository: source.repository, tag: given };
        }
        else {
            try {
                reference = (0,oci_reference/* parseReference */.F2)(given);
            }
            catch (error) {
                problems.push({ line: given, why: `a tag or a full reference 'registry/repository:tag' (${error.message})` });
                continue;
            }
            if (reference.digest !== undefined) {
                problems.push({ line: given, why: 'a reference with a tag and no digest (the digest promoted is the source digest)' });
                continue;
            }
            if (reference.tag === undefined) {
                problems.push({ line: given, why: "a reference with a tag, such as 'registry/repository:v1.2.3'" });
                continue;
            }
        }
        const target = { registry: reference.registry, repository: reference.repository, tag: reference.tag };
        const name = (0,oci_reference/* formatReference */.FH)(target);
        if (seen.has(name))
            continue;
        seen.add(name);
        targets.push({ given, reference: target, name });
    }
    return { targets, problems };
}

;// CONCATENATED MODULE: ./src/promote-artifact/inputs.ts
/** Reads and validates the promote-artifact inputs, reporting every bad one at once. */









const SOURCE_FORMS = "'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>'";
function readInputs(source = runnerInputs, env = process.env) {
    const inputs = new Inputs(source);
    const sourceText = inputs.string('source', { required: true });
    let image;
    if (sourceText !== '') {
        try {
            image = (0,oci_reference/* parseReference */.F2)(sourceText);
        }
        catch (error) {
            inputs.fail('source', sourceText, `${SOURCE_FORMS} (${error.message})`);
        }
    }
    const expectedDigest = inputs.optionalString('expected-digest');
    if (expectedDigest !== undefined && !(0,oci_reference/* isSha256Digest */.q9)(expectedDigest)) {
        inputs.fail('expected-digest', expectedDigest, "a digest 'sha256:' followed by 64 lower-case hex digits (build-push's digest output)");
    }
    if (image?.digest && expectedDigest && (0,oci_reference/* isSha256Digest */.q9)(expectedDigest) && image.digest !== expectedDigest) {
        inputs.fail('expected-digest', expectedDigest, `the digest named in 'source' (${image.digest}), or leave one of them out`);
    }
    if (image?.digest && !(0,oci_reference/* isSha256Digest */.q9)(image.digest))
        inputs.fail('source', sourceText, `${SOURCE_FORMS}: only sha256 digests can be verified`);
    const targetLines = inputs.lines('targets');
    if (targetLines.length === 0)
        inputs.fail('targets', '', 'one or more tags or references, one per line (e.g. `v1.2.3` or `ghcr.io/acme/web:stable`)');
    const targets = [];
    {
        // Bare tags are checked even when the source is bad, so every problem is reported in one round.
        const resolved = resolveTargets(image ?? { registry: 'docker.io', repository: 'library/invalid-source' }, targetLines);
        for (const problem of resolved.problems)
            inputs.fail('targets', problem.line, problem.why);
        targets.push(...resolved.targets);
    }
    const allowOverwrite = inputs.list('allow-overwrite');
    for (const pattern of allowOverwrite) {
        let problem = (0,plan/* tagPatternProblem */.cQ)(pattern);
        try {
            picomatch_default().makeRe(pattern);
        }
        catch (error) {
            problem ??= error.message;
        }
        if (problem !== undefined)
            inputs.fail('allow-overwrite', pattern, `tags or glob patterns such as \`stable\`, \`latest\` or \`prod-*\` (${problem})`);
    }
    const credentials = pair(inputs, 'username', 'password');
    const targetCredentials = pair(inputs, 'target-username', 'target-password');
    const insecureRegistries = readInsecureRegistries(inputs);
    const copyReferrers = inputs.boolean('copy-referrers', true);
    const requireReferrers = inputs.list('require-referrers');
    for (const value of requireReferrers) {
        if (!(0,required_referrers/* isRequirement */.WS)(value))
            inputs.fail('require-referrers', value, `${required_referrers/* REFERRER_KINDS */.gs.join(', ')}, or an artifact media type (e.g. application/vnd.in-toto+json)`);
    }
    const verify = readVerify(inputs, env);
    const dryRun = inputs.boolean('dry-run', false);
    inputs.done();
    return {
        source: image,
        ...(expectedDigest !== undefined && { expectedDigest }),
        targets,
        allowOverwrite,
        copyReferrers,
        requireReferrers,
        verify,
        ...(credentials && { credentials }),
        ...(targetCredentials && { targetCredentials }),
        insecureRegistries,
        dryRun,
        run: (0,summary/* runContext */.pO)(env),
        dockerConfigEnv: { ...(env.DOCKER_CONFIG !== undefined && { DOCKER_CONFIG: env.DOCKER_CONFIG }), ...(env.HOME !== undefined && { HOME: env.HOME }) }
    };
}
function pair(inputs, userInput, passwordInput) {
    const username = inputs.optionalString(userInput);
    const password = inputs.optionalString(passwordInput, { secret: true });
    if (username === undefined && password === undefined)
        return undefined;
    if (username === undefined)
        inputs.fail(userInput, '', `a user name, since '${passwordInput}' is set`);
    if (password === undefined)
        inputs.fail(passwordInput, '', `a password or token, since '${userInput}' is set`);
    return username !== undefined && password !== undefined ? { username, password } : undefined;
}


/***/ }),

/***/ 5874:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   cQ: () => (/* binding */ tagPatternProblem),
/* harmony export */   se: () => (/* binding */ refusalMessage),
/* harmony export */   v7: () => (/* binding */ stoppedMessage),
/* harmony export */   z: () => (/* binding */ planPromotion)
/* harmony export */ });
/* unused harmony exports transferFor, tagMayMove */
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Pure decisions: what each target needs, given where its tag points now. A tag already at the digest is left alone;
 * a tag at another digest moves only when `allow-overwrite` matches it; anything else stops the whole promotion
 * before a single write.
 */

function transferFor(source, target) {
    if (source.registry !== target.registry)
        return 'copy';
    return source.repository === target.repository ? 'tag' : 'mount';
}
function tagMayMove(tag, allowOverwrite) {
    return allowOverwrite.some((pattern) => picomatch__WEBPACK_IMPORTED_MODULE_0___default().isMatch(tag, pattern, { dot: true }));
}
const CLOSER = { '[': ']', '{': '}', '(': ')' };
/**
 * Why an allow-overwrite entry can match no tag, if it cannot: a character no tag has outside the glob syntax
 * (`* ? [...] {a,b} !(...)`), or a bracket, brace or parenthesis left open or closing nothing.
 */
function tagPatternProblem(pattern) {
    const foreign = [...pattern].find((c) => !/[A-Za-z0-9_.*?[\]{}(),!^|+@-]/.test(c));
    if (foreign !== undefined)
        return `'${foreign}' is neither in a tag nor glob syntax`;
    const open = [];
    for (const c of pattern) {
        if (CLOSER[c] !== undefined)
            open.push(c);
        else if (Object.values(CLOSER).includes(c) && (open.length === 0 || CLOSER[open.pop()] !== c))
            return `'${c}' closes nothing`;
    }
    if (open.length > 0)
        return `'${open.at(-1)}' is never closed`;
    return undefined;
}
function planPromotion(source, digest, targets, allowOverwrite) {
    const planned = targets.map(({ target, current }) => {
        const transfer = transferFor(source, target.reference);
        const previous = current === undefined ? {} : { previous: current };
        if (current === undefined)
            return { target, action: 'create', transfer };
        if (current === digest)
            return { target, action: 'unchanged', transfer, ...previous };
        const action = tagMayMove(target.reference.tag, allowOverwrite) ? 'move' : 'refused';
        return { target, action, transfer, ...previous };
    });
    return {
        digest,
        targets: planned,
        refused: planned.filter((p) => p.action === 'refused'),
        writes: planned.filter((p) => p.action === 'create' || p.action === 'move')
    };
}
/** Why the promotion stops when a target tag holds another digest and may not move. */
function refusalMessage(plan) {
    const lines = plan.refused.map((t) => `- ${t.target.name} is at ${t.previous}`);
    return [
        `Refusing to move ${plan.refused.length === 1 ? 'a tag that holds' : `${plan.refused.length} tags that hold`} another digest (release tags are immutable); nothing was written:`,
        ...lines,
        `Add the tag or a pattern to allow-overwrite (e.g. 'stable', 'prod-*') for tags that may move.`
    ].join('\n');
}
/**
 * Why a promotion stopped part-way, and where each target it meant to write stands. Distribution has no way to
 * delete a tag, so the tags written before the failure stay: they point at the verified digest, and are named here
 * as in the summary, with those that were not promoted.
 */
function stoppedMessage(plan, reason, written) {
    const notPromoted = plan.writes.map((t) => t.target.name).filter((name) => !written.includes(name));
    return [
        reason,
        written.length > 0 ? `Written before the failure, at ${plan.digest}: ${written.join(', ')}.` : 'No target tag was written.',
        notPromoted.length > 0 ? `Not promoted: ${notPromoted.join(', ')}.` : undefined
    ]
        .filter((line) => line !== undefined)
        .join('\n');
}


/***/ }),

/***/ 5293:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   WS: () => (/* binding */ isRequirement),
/* harmony export */   gs: () => (/* binding */ REFERRER_KINDS),
/* harmony export */   j9: () => (/* binding */ missingReferrers),
/* harmony export */   wH: () => (/* binding */ describeAttached)
/* harmony export */ });
/* unused harmony export kindsOf */
/**
 * `require-referrers`: what must be attached to the digest before it may be promoted (a signature, an SBOM,
 * provenance, any attestation, or an exact artifact type). Presence only, not cryptographic validity: `verify:
 * signature` (verify-signature.ts) checks a signature with the key. Pure.
 */
const REFERRER_KINDS = ['signature', 'sbom', 'provenance', 'attestation'];
const SIGNATURE_TYPES = ['application/vnd.dev.cosign.artifact.sig.v1+json', 'application/vnd.cncf.notary.signature'];
const SBOM_TYPES = ['application/spdx+json', 'text/spdx', 'application/vnd.cyclonedx+json', 'application/vnd.cyclonedx+xml', 'application/vnd.syft+json'];
const BUNDLE = /^application\/vnd\.dev\.sigstore\.bundle(\.v[\d.]+)?\+json$/;
const IN_TOTO = /^application\/vnd\.in-toto(\.[\w.-]+)?\+json$/;
const PREDICATE_KEYS = ['dev.sigstore.bundle.predicateType', 'in-toto.io/predicate-type', 'predicateType'];
function predicateOf(referrer) {
    return PREDICATE_KEYS.map((key) => referrer.annotations[key]).find((value) => value !== undefined) ?? '';
}
/** The kinds one referrer counts as. A sigstore bundle without a predicate type is a signature (cosign sign). */
function kindsOf(referrer) {
    const type = referrer.artifactType;
    const predicate = predicateOf(referrer);
    const kinds = new Set();
    if (SIGNATURE_TYPES.includes(type) || (BUNDLE.test(type) && predicate === ''))
        kinds.add('signature');
    if (SBOM_TYPES.includes(type))
        kinds.add('sbom');
    if (IN_TOTO.test(type) || (BUNDLE.test(type) && predicate !== '')) {
        kinds.add('attestation');
        if (/slsa\.dev\/provenance/.test(predicate))
            kinds.add('provenance');
        if (/spdx|cyclonedx/i.test(predicate))
            kinds.add('sbom');
    }
    return [...kinds];
}
const COSIGN_KINDS = { sig: ['signature'], att: ['attestation'], sbom: ['sbom'] };
/** Requirements the attached artifacts do not meet (empty: all met). */
function missingReferrers(required, attached) {
    const kinds = new Set([...attached.referrers.flatMap(kindsOf), ...attached.cosignSuffixes.flatMap((suffix) => COSIGN_KINDS[suffix] ?? [])]);
    const types = new Set(attached.referrers.map((r) => r.artifactType));
    return required.filter((requirement) => !(kinds.has(requirement) || types.has(requirement)));
}
/** One line per attached artifact, for messages and the summary. */
function describeAttached(attached) {
    return [
        ...attached.referrers.map((r) => `${r.artifactType || 'referrer'}${predicateOf(r) ? ` (${predicateOf(r)})` : ''}`),
        ...attached.cosignSuffixes.map((suffix) => `cosign .${suffix} tag`)
    ];
}
/** Accepted entries: the kinds, or an artifact media type. */
function isRequirement(value) {
    return REFERRER_KINDS.includes(value) || /^[a-z]+\/[\w.+-]+$/i.test(value);
}


/***/ }),

/***/ 4224:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  cy: () => (/* binding */ renderStopped),
  Br: () => (/* binding */ renderSummary),
  pO: () => (/* binding */ runContext)
});

// UNUSED EXPORTS: formatBytes

// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var reference = __nccwpck_require__(5996);
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

;// CONCATENATED MODULE: ./src/promote-artifact/summary.ts


const TRANSFER = {
    tag: 'manifest PUT only (same repository)',
    mount: 'blob mounts (same registry)',
    copy: 'missing blobs streamed (other registry)'
};
function runContext(env = process.env) {
    const url = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
        : undefined;
    return {
        ...(env.GITHUB_ACTOR && { actor: env.GITHUB_ACTOR }),
        ...(url && { runUrl: url }),
        ...(env.GITHUB_WORKFLOW && { workflow: `${env.GITHUB_WORKFLOW}${env.GITHUB_RUN_NUMBER ? ` #${env.GITHUB_RUN_NUMBER}` : ''}` })
    };
}
function result(target, dryRun, failed, written) {
    failed &&= !written.includes(target.target.name);
    switch (target.action) {
        case 'unchanged':
            return `${SKIP} already at the digest`;
        case 'refused':
            return `${FAIL} refused: the tag holds another digest and is not in allow-overwrite`;
        case 'create':
            return dryRun ? 'would create' : failed ? `${WARN} not written` : `${PASS} created`;
        case 'move':
            return dryRun ? 'would move' : failed ? `${WARN} not written` : `${PASS} moved`;
    }
}
function renderSummary(data) {
    const { plan, source } = data;
    const failed = data.failure !== undefined;
    const title = failed ? `${FAIL} Promotion stopped` : data.dryRun ? 'Promotion plan (dry run)' : `${PASS} Promoted`;
    // A source that differs from expected-digest stops before there is a plan (renderStopped).
    const verified = data.expectedDigest === undefined ? `${WARN} not checked against a tested digest (no \`expected-digest\`)` : `${PASS} matches \`expected-digest\``;
    const who = [
        data.run.actor && `by @${data.run.actor}`,
        data.run.runUrl ? `from [${data.run.workflow ?? 'this run'}](${data.run.runUrl})` : data.run.workflow && `from ${data.run.workflow}`
    ].filter(Boolean);
    const rows = plan.targets.map((t) => [
        `\`${t.target.name}\``,
        result(t, data.dryRun, failed, data.written ?? []),
        t.action === 'unchanged' || t.action === 'refused' ? '' : TRANSFER[t.transfer],
        t.previous && t.previous !== plan.digest ? `\`${t.previous}\`` : ''
    ]);
    const stats = data.stats;
    const transfer = stats &&
        `Transfer: ${stats.manifestsWritten} manifest(s) written, ${stats.blobsMounted} blob(s) mounted, ${stats.blobsCopied} copied (${formatBytes(stats.bytesCopied)}), ${stats.blobsSkipped} already present.`;
    return join(heading(title), [
        `**Source:** \`${(0,reference/* formatReference */.FH)(source)}\``,
        `**Digest:** \`${plan.digest}\` ${verified}`,
        who.length > 0 ? `**Promoted** ${who.join(' ')}` : undefined
    ]
        .filter(Boolean)
        .join('<br>\n'), data.failure && `${FAIL} ${data.failure}`, table(['Target', 'Result', 'How', 'Previous digest'], rows), data.signature && `${PASS} Signature verified with \`public-key\` before any write (\`verify: signature\`): ${data.signature.verified.map((v) => `${v.where} (${v.format})`).join('; ')}.`, data.provenance && provenanceLine((0,reference/* formatReference */.FH)({ registry: source.registry, repository: source.repository, digest: plan.digest }), data.provenance), data.required && `${PASS} Required before promotion (\`require-referrers\`): ${data.required.required.join(', ')}; attached: ${data.required.attached.join('; ')}. Present, not verified.`, data.copyReferrers ? `Referrers (signatures, SBOMs, attestations) carried: ${data.referrers}.` : 'Referrers were not copied (`copy-referrers: false`).', transfer, data.warnings.length > 0 && data.warnings.map((w) => `${WARN} ${w}`).join('<br>\n'));
}
/** What the provenance check accepted, and the cosign command that checks the same attestation. */
function provenanceLine(image, provenance) {
    const expected = `${provenance.expected.repository}${provenance.expected.commit ? ` at commit ${provenance.expected.commit}` : ''}`;
    const found = provenance.verified.map((v) => `${v.where} (${v.repository}${v.commit ? `@${v.commit}` : ''})`).join('; ');
    return `${PASS} SLSA v1 provenance verified with \`public-key\` before any write (\`verify: provenance\`): built from ${expected}: ${found}. cosign checks the same attestation with \`cosign verify-attestation --key cosign.pub --type slsaprovenance1 --insecure-ignore-tlog ${image}\`.`;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
}
/** A promotion that stopped before it had a plan: bad source, digest mismatch, refused credentials. */
function renderStopped(source, message, run) {
    return join(heading(`${FAIL} Promotion stopped before any write`), `**Source:** \`${(0,reference/* formatReference */.FH)(source)}\``, `${FAIL} ${message}`, run.runUrl ? `Run: [${run.workflow ?? 'this run'}](${run.runUrl})${run.actor ? ` by @${run.actor}` : ''}` : undefined);
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

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

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

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
/******/ var __webpack_exports__ = __nccwpck_require__(2005);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
