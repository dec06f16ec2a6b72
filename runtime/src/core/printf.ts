// Go `fmt.Sprintf` for payload values (reference §3.18): verbs, flags, width, precision, `*`, `[n]` argument
// indexes and Go's `%!` error markers. The code follows Go's fmt/print.go, fmt/format.go and strconv/ftoa.go.
//
// How JS values map to Go types: null/undefined → nil; boolean → bool; string → string; a number that is an integer
// below 2^63 → int (but float verbs %e %f %g accept it); any other number → float64; bigint → int;
// Uint8Array → []uint8; array → []interface {}; Map or other object → map (keys sorted); Error → error (its message).
// Not supported: %p, %w and Go-syntax %#v (treated as %v).

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  wid: number | undefined;
  prec: number | undefined;
}

const newSpec = (): Spec => ({ minus: false, plus: false, sharp: false, space: false, zero: false, wid: undefined, prec: undefined });

export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let i = 0;
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;

  // `[n]` before a width, precision or verb selects argument n (1-based).
  const argIndex = (): boolean => {
    if (format[i] !== '[') return false;
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (close < 0 || format.length - i < 3) {
      goodArgNum = false;
      i += 1;
      return false;
    }
    const text = format.slice(i + 1, close);
    const ok = /^[0-9]{1,7}$/.test(text);
    i = close + 1;
    if (ok && Number(text) >= 1 && Number(text) <= args.length) {
      argNum = Number(text) - 1;
      return true;
    }
    goodArgNum = false;
    return ok;
  };
  // `*` takes a width or precision from the arguments.
  const intArg = (): number | undefined => {
    if (argNum >= args.length) return undefined;
    const arg = args[argNum++];
    const n = typeof arg === 'bigint' ? Number(arg) : arg;
    return typeof n === 'number' && Number.isInteger(n) && Math.abs(n) <= 1e6 ? n : undefined;
  };
  const number = (): number | undefined => {
    let n: number | undefined;
    for (; i < format.length && format[i]! >= '0' && format[i]! <= '9'; i++) {
      if (n !== undefined && n > 1e6) {
        i = format.length; // absurd number: Go gives up on the verb
        return undefined;
      }
      n = (n ?? 0) * 10 + Number(format[i]);
    }
    return n;
  };

  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    goodArgNum = true;

    const s = newSpec();
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '#') s.sharp = true;
      else if (c === '0') s.zero = true;
      else if (c === '+') s.plus = true;
      else if (c === '-') s.minus = true;
      else if (c === ' ') s.space = true;
      else break;
    }

    let afterIndex = argIndex();
    if (format[i] === '*') {
      i++;
      const wid = intArg();
      if (wid === undefined) out += '%!(BADWIDTH)';
      else if (wid < 0) Object.assign(s, { wid: -wid, minus: true, zero: false });
      else s.wid = wid;
      afterIndex = false;
    } else {
      s.wid = number();
      if (afterIndex && s.wid !== undefined) goodArgNum = false; // "%[3]2d"
    }

    if (i + 1 < format.length && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false; // "%[3].2d"
      afterIndex = argIndex();
      if (format[i] === '*') {
        i++;
        const prec = intArg();
        if (prec === undefined || prec < 0) out += '%!(BADPREC)';
        else s.prec = prec;
        afterIndex = false;
      } else {
        s.prec = number() ?? 0;
      }
    }
    if (!afterIndex) argIndex();

    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;

    if (verb === '%') out += '%'; // absorbs no argument, ignores width and precision
    else if (!goodArgNum) out += `%!${verb}(BADINDEX)`;
    else if (argNum >= args.length) out += `%!${verb}(MISSING)`;
    else {
      if (verb === 'v') Object.assign(s, { plus: false, sharp: false }); // %+v and %#v mean nothing more here
      out += printArg(args[argNum], verb, s, 0);
      argNum++;
    }
  }

  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((arg) => (arg == null ? '<nil>' : `${typeName(arg)}=${printArg(arg, 'v', newSpec(), 0)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- values

const FLOAT_VERBS = new Set(['e', 'E', 'f', 'F', 'g', 'G']);
const STRING_VERBS = new Set(['v', 's', 'q', 'x', 'X']);

const isInt = (n: number): boolean => Number.isInteger(n) && Math.abs(n) < 2 ** 63;

function typeName(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return isInt(value) ? 'int' : 'float64';
  if (value instanceof Uint8Array) return '[]uint8';
  if (value instanceof Error) return 'error';
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object' && value !== null) return 'map[string]interface {}';
  return typeof value;
}

const bad = (verb: string, type: string, shown: string): string => `%!${verb}(${type}=${shown})`;

function printArg(arg: unknown, verb: string, s: Spec, depth: number): string {
  if (arg === null || arg === undefined) {
    if (depth > 0) return '<nil>';
    return verb === 'v' || verb === 'T' ? pad('<nil>', s) : `%!${verb}(<nil>)`;
  }
  if (verb === 'T') return pad(truncate(typeName(arg), s), s);
  switch (typeof arg) {
    case 'boolean':
      return verb === 't' || verb === 'v' ? pad(String(arg), s) : bad(verb, 'bool', pad(String(arg), s));
    case 'string':
      return fmtString(arg, verb, s, 'string');
    case 'bigint':
      return FLOAT_VERBS.has(verb) ? fmtFloat(Number(arg), verb, s) : fmtInt(arg, verb, s, 'int');
    case 'number':
      return isInt(arg) && !FLOAT_VERBS.has(verb) ? fmtInt(BigInt(arg), verb, s, 'int') : fmtFloat(arg, verb, s);
  }
  if (arg instanceof Uint8Array) return fmtBytes(arg, verb, s);
  if (arg instanceof Error) {
    return STRING_VERBS.has(verb) ? fmtString(arg.message, verb, s, 'error') : bad(verb, 'error', fmtString(arg.message, 'v', s, 'error'));
  }
  const inner = (v: unknown): string => printArg(v, verb, s, depth + 1);
  if (Array.isArray(arg)) return `[${arg.map(inner).join(' ')}]`;
  if (typeof arg === 'object') return `map[${sortedEntries(arg).map(([k, v]) => `${inner(k)}:${inner(v)}`).join(' ')}]`;
  return fmtString(String(arg), verb, s, typeof arg);
}

/** Map entries sorted by key: numbers and booleans numerically, then strings. */
function sortedEntries(map: object): [unknown, unknown][] {
  const entries: [unknown, unknown][] = map instanceof Map ? [...map.entries()] : Object.entries(map);
  const num = (k: unknown): number => (typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean' ? Number(k) : 0);
  return entries.sort(([a], [b]) => {
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    if (typeof a === 'string' || typeof b === 'string') return typeof a === 'string' ? 1 : -1;
    return num(a) - num(b) || 0;
  });
}

// ---------------------------------------------------------------------------------------------- padding

const runeCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** Pads to the width: right with spaces for `-`, left with zeros for `0`, else left with spaces. */
function pad(text: string, s: Spec): string {
  const n = (s.wid ?? 0) - runeCount(text);
  if (n <= 0) return text;
  if (s.minus) return text + ' '.repeat(n);
  return (s.zero ? '0' : ' ').repeat(n) + text;
}

const noZero = (s: Spec): Spec => ({ ...s, zero: false });

/** Precision on strings limits the number of runes. */
const truncate = (text: string, s: Spec): string => (s.prec === undefined ? text : [...text].slice(0, s.prec).join(''));

// ---------------------------------------------------------------------------------------------- strings

function fmtString(text: string, verb: string, s: Spec, type: string): string {
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncate(text, s), s);
    case 'x':
    case 'X':
      return fmtHex(new TextEncoder().encode(text), verb, s);
    case 'q':
      return fmtQ(text, s);
    default:
      return bad(verb, type, pad(truncate(text, s), s));
  }
}

function fmtBytes(bytes: Uint8Array, verb: string, s: Spec): string {
  switch (verb) {
    case 's':
      return pad(truncate(new TextDecoder().decode(bytes), s), s);
    case 'x':
    case 'X':
      return fmtHex(bytes, verb, s);
    case 'q':
      return fmtQ(new TextDecoder().decode(bytes), s);
    default: // %v, %d and the other integer verbs apply to each byte
      return `[${[...bytes].map((c) => fmtInt(BigInt(c), verb, s, 'uint8')).join(' ')}]`;
  }
}

/** %x of a string or bytes: precision limits bytes, ` ` separates them, `#` adds 0x (to each with ` `). */
function fmtHex(bytes: Uint8Array, verb: string, s: Spec): string {
  const length = Math.min(bytes.length, s.prec ?? bytes.length);
  const prefix = s.sharp ? `0${verb}` : '';
  let hex = [...bytes.subarray(0, length)].map((c) => c.toString(16).padStart(2, '0'));
  if (verb === 'X') hex = hex.map((h) => h.toUpperCase());
  return pad(s.space ? hex.map((h) => prefix + h).join(' ') : length > 0 ? prefix + hex.join('') : '', s);
}

function fmtQ(text: string, s: Spec): string {
  const t = truncate(text, s);
  if (s.sharp && canBackquote(t)) return pad(`\`${t}\``, s);
  return pad(quote(t, '"', s.plus), s);
}

const canBackquote = (text: string): boolean => !/[\x00-\x08\x0a-\x1f`\x7f\ufeff\ud800-\udfff]/u.test(text);

const isPrint = (r: number): boolean => r === 0x20 || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(r));

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** Go's strconv.Quote (asciiOnly: QuoteToASCII) with `"` or `'` as the quote. */
function quote(text: string, q: string, asciiOnly: boolean): string {
  let out = q;
  for (const ch of text) {
    let r = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (isPrint(r) && (!asciiOnly || r < 0x80)) out += ch;
    else if (ESCAPES[r] !== undefined) out += ESCAPES[r];
    else if (r < 0x20 || r === 0x7f) out += `\\x${r.toString(16).padStart(2, '0')}`;
    else {
      if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
      out += r < 0x10000 ? `\\u${r.toString(16).padStart(4, '0')}` : `\\U${r.toString(16).padStart(8, '0')}`;
    }
  }
  return out + q;
}

// ---------------------------------------------------------------------------------------------- integers

function fmtInt(v: bigint, verb: string, s: Spec, type: string): string {
  switch (verb) {
    case 'v':
    case 'd':
      return fmtInteger(v, 10, verb, s);
    case 'b':
      return fmtInteger(v, 2, verb, s);
    case 'o':
    case 'O':
      return fmtInteger(v, 8, verb, s);
    case 'x':
    case 'X':
      return fmtInteger(v, 16, verb, s);
    case 'c':
      return pad(String.fromCodePoint(toRune(v)), s);
    case 'q':
      return pad(quote(String.fromCodePoint(toRune(v)), "'", s.plus), s);
    case 'U': {
      const u = BigInt.asUintN(64, v);
      let text = `U+${u.toString(16).toUpperCase().padStart(Math.max(4, s.prec ?? 0), '0')}`;
      if (s.sharp && u <= 0x10ffffn && isPrint(Number(u))) text += ` '${String.fromCodePoint(Number(u))}'`;
      return pad(text, noZero(s));
    }
    default:
      return bad(verb, type, fmtInteger(v, 10, 'v', s));
  }
}

/** Invalid code points (negative, too large, surrogates) print as U+FFFD. */
const toRune = (v: bigint): number => (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? 0xfffd : Number(v));

function fmtInteger(v: bigint, base: number, verb: string, s: Spec): string {
  const negative = v < 0n;
  const u = negative ? -v : v;
  // Two ways to ask for leading zeros: %.3d or %03d; with both, the precision wins and padding is spaces.
  let prec = 0;
  if (s.prec !== undefined) {
    prec = s.prec;
    if (prec === 0 && u === 0n) return pad('', noZero(s));
  } else if (s.zero && !s.minus && s.wid !== undefined) {
    prec = negative || s.plus || s.space ? s.wid - 1 : s.wid;
  }
  let text = u.toString(base).padStart(prec, '0');
  if (verb === 'X') text = text.toUpperCase();
  if (s.sharp) {
    if (base === 2) text = `0b${text}`;
    else if (base === 8 && !text.startsWith('0')) text = `0${text}`;
    else if (base === 16) text = `0${verb === 'X' ? 'X' : 'x'}${text}`;
  }
  if (verb === 'O') text = `0o${text}`;
  const sign = negative ? '-' : s.plus ? '+' : s.space ? ' ' : '';
  return pad(sign + text, noZero(s));
}

// ---------------------------------------------------------------------------------------------- floats

function fmtFloat(x: number, verb: string, s: Spec): string {
  switch (verb) {
    case 'v':
      return formatFloat(x, 'g', -1, s);
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      return formatFloat(x, verb, -1, s);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      return formatFloat(x, verb === 'F' ? 'f' : verb, 6, s);
    default:
      return bad(verb, 'float64', formatFloat(x, 'g', -1, s));
  }
}

/** Go's fmt.fmtFloat: sign, `#`, zero padding after the sign, Inf and NaN never zero-padded. */
function formatFloat(x: number, verb: string, defaultPrec: number, s: Spec): string {
  const prec = s.prec ?? defaultPrec;
  let num = strconvFloat(x, verb, prec);
  if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
  if (s.space && num[0] === '+' && !s.plus) num = ` ${num.slice(1)}`;
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !s.space && !s.plus) num = num.slice(1);
    return pad(num, noZero(s));
  }
  if (s.sharp && verb !== 'b') num = num[0] + keepPoint(num.slice(1), verb, prec);
  if (s.plus || num[0] !== '+') {
    if (s.zero && !s.minus && s.wid !== undefined && s.wid > num.length) {
      return num[0] + '0'.repeat(s.wid - num.length) + num.slice(1);
    }
    return pad(num, s);
  }
  return pad(num.slice(1), s);
}

/** `#` on floats: always print a decimal point, and for %g keep trailing zeros up to the precision. */
function keepPoint(num: string, verb: string, prec: number): string {
  let digits = 'gGx'.includes(verb) ? (prec === -1 ? 6 : prec) : 0;
  let body = num;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '.') hasPoint = true;
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = body.slice(i);
      body = body.slice(0, i);
    } else {
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasPoint) {
    if (body === '0') digits--;
    body += '.';
  }
  return body + '0'.repeat(Math.max(digits, 0)) + tail;
}

/** Decimal digits of a non-negative number: value = 0.d × 10^dp, no trailing zeros ("" is zero). */
interface Decimal {
  d: string;
  dp: number;
}

/** Go's strconv.FormatFloat(x, verb, prec, 64); prec -1 means the shortest representation that round-trips. */
function strconvFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (verb === 'b') {
    const { mant, exp } = decompose(a);
    return `${sign}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
  }
  if (verb === 'x' || verb === 'X') return sign + hexFloat(a, prec, verb);

  const kind = verb.toLowerCase();
  const shortest = prec < 0;
  let digs: Decimal;
  if (shortest) {
    digs = shortestDecimal(a);
    prec = kind === 'e' ? Math.max(digs.d.length - 1, 0) : kind === 'f' ? Math.max(digs.d.length - digs.dp, 0) : digs.d.length;
  } else {
    if (kind === 'g' && prec === 0) prec = 1;
    const exact = exactDecimal(a);
    digs = round(exact, kind === 'e' ? prec + 1 : kind === 'f' ? exact.dp + prec : prec);
  }
  const expChar = verb === 'E' || verb === 'G' ? 'E' : 'e';
  if (kind === 'e') return sign + fmtE(digs, prec, expChar);
  if (kind === 'f') return sign + fmtF(digs, prec);
  // %g: %e when the exponent is < -4 or >= the precision (6 when shortest), else %f; no trailing zeros.
  const nd = digs.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) return sign + fmtE(digs, Math.min(prec, nd) - 1, expChar);
  return sign + fmtF(digs, Math.max((prec > digs.dp ? nd : prec) - digs.dp, 0));
}

function fmtE(digs: Decimal, prec: number, expChar: string): string {
  let out = digs.d[0] ?? '0';
  if (prec > 0) out += `.${digs.d.slice(1, prec + 1).padEnd(prec, '0')}`;
  const exp = digs.d.length === 0 ? 0 : digs.dp - 1;
  return `${out}${expChar}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fmtF(digs: Decimal, prec: number): string {
  let out = digs.dp > 0 ? digs.d.slice(0, digs.dp).padEnd(digs.dp, '0') : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += digs.d[digs.dp + i] ?? '0'; // negative indexes are undefined too
  }
  return out;
}

/** The shortest digits that round-trip, which JS and Go agree on. */
function shortestDecimal(a: number): Decimal {
  if (a === 0) return { d: '', dp: 0 };
  const [mantissa = '', exponent = '0'] = a.toExponential().split('e');
  return { d: mantissa.replace('.', ''), dp: Number(exponent) + 1 };
}

/** The exact decimal expansion of a finite double: mant × 2^exp = mant × 5^-exp / 10^-exp. */
function exactDecimal(a: number): Decimal {
  const { mant, exp } = decompose(a);
  if (mant === 0n) return { d: '', dp: 0 };
  const digits = exp >= 0 ? (mant << BigInt(exp)).toString() : (mant * 5n ** BigInt(-exp)).toString();
  const dp = exp >= 0 ? digits.length : digits.length + exp;
  return { d: digits.replace(/0+$/, ''), dp };
}

/** Rounds to nd digits, half to even (Go's decimal.Round); nd < 0 leaves the digits for fmtF to cut. */
function round(digs: Decimal, nd: number): Decimal {
  const { d, dp } = digs;
  if (nd < 0 || nd >= d.length) return digs;
  const next = d[nd]!;
  const up = next > '5' || (next === '5' && (nd + 1 < d.length || (nd > 0 && Number(d[nd - 1]) % 2 === 1)));
  if (!up) {
    const kept = d.slice(0, nd).replace(/0+$/, '');
    return { d: kept, dp: kept === '' ? 0 : dp };
  }
  for (let i = nd - 1; i >= 0; i--) {
    if (d[i] !== '9') return { d: d.slice(0, i) + String(Number(d[i]) + 1), dp };
  }
  return { d: '1', dp: dp + 1 }; // all nines
}

/** A non-negative finite double as mant × 2^exp with an integer mant (the form of %b). */
function decompose(a: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mant: fraction, exp: -1074 } : { mant: fraction | (1n << 52n), exp: biased - 1075 };
}

/** %x on floats: 0x1.8p+00, rounded half to even when a precision below 15 is given (Go's strconv fmtX). */
function hexFloat(a: number, prec: number, verb: string): string {
  const MASK = (1n << 64n) - 1n;
  let { mant, exp } = decompose(a);
  exp = mant === 0n ? 0 : exp + 52;
  mant <<= 8n; // leading bit to bit 60
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n; // carried into a new leading digit
      exp++;
    }
  }
  const hex = (n: bigint): string => (verb === 'X' ? n.toString(16).toUpperCase() : n.toString(16));
  let out = `0${verb}${(mant >> 60n) & 1n}`;
  mant = (mant << 4n) & MASK;
  if ((prec < 0 && mant !== 0n) || prec > 0) {
    out += '.';
    for (let i = 0; prec < 0 ? mant !== 0n : i < prec; i++) {
      out += hex((mant >> 60n) & 15n);
      mant = (mant << 4n) & MASK;
    }
  }
  return `${out}${verb === 'X' ? 'P' : 'p'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
