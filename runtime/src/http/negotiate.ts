import { parseMediaType } from './mediatype.ts';

const MEMO_LIMIT = 256;

interface Memo {
  /** The offers' media types without parameters, lower-cased. */
  readonly bases: readonly string[];
  /** Header value → chosen offer (null = none), at most MEMO_LIMIT entries. */
  readonly results: Map<string, string | null>;
}

/** Keyed by the offers array itself: callers pass shared constant arrays. */
const memos = new WeakMap<readonly string[], Memo>();

/**
 * Kept hand-written on purpose (issue 15 §5): `negotiator` ranks offers by quality, then by how specific
 * the matching range is, then by header order, so `Accept: *\/*, text/plain` picks text/plain for a string
 * body; uniflow takes the tokens in header order and stops at the first quality-1 match, so it picks the
 * first offer (JSON). negotiator also answers `identity` for an Accept-Encoding it cannot satisfy, where
 * uniflow sets no Content-Encoding. Those are different answers to the same request, so the choice stays
 * here; each token is parsed by mediatype.ts.
 *
 * Picks the offer an Accept / Accept-Encoding header asks for (uniflow §4.5): tokens are tried in
 * order, each matched against the first compatible offer; the first token with a strictly higher
 * quality wins and a match of quality 1 ends the search. q=0 (or any q ≤ 0) means "not acceptable".
 * Offers may carry parameters (`application/json; charset=utf-8`); only their media type is compared.
 */
export function negotiate(header: string | undefined, offers: readonly string[]): string | undefined {
  if (header === undefined || header === '' || offers.length === 0) return undefined;
  let memo = memos.get(offers);
  if (memo === undefined) {
    memo = { bases: offers.map(offerBase), results: new Map() };
    memos.set(offers, memo);
  }
  const hit = memo.results.get(header);
  if (hit !== undefined) return hit ?? undefined;
  const chosen = choose(header, offers, memo.bases);
  // Clearing when full is cheaper than LRU bookkeeping; the few hot headers come straight back.
  if (memo.results.size >= MEMO_LIMIT) memo.results.clear();
  memo.results.set(header, chosen ?? null);
  return chosen;
}

function choose(header: string, offers: readonly string[], bases: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestQuality = 0;
  for (const token of header.split(',')) {
    const media = parseMediaType(token);
    if (media === undefined) continue;
    const index = bases.findIndex((base) => compatible(media.type, base));
    if (index < 0) continue;
    const quality = parseQuality(media.params.q);
    if (quality > bestQuality) {
      best = offers[index];
      bestQuality = quality;
      if (quality >= 1) break;
    }
  }
  return best;
}

function offerBase(offer: string): string {
  const semi = offer.indexOf(';');
  return (semi < 0 ? offer : offer.slice(0, semi)).trim().toLowerCase();
}

/** `*` matches anything; otherwise both sides must have as many `/` parts, each equal or `*`. */
export function compatible(x: string, y: string): boolean {
  if (x === '*' || y === '*' || x === y) return true;
  const xs = x.indexOf('/');
  const ys = y.indexOf('/');
  if (xs < 0 || ys < 0) return false;
  if (x.indexOf('/', xs + 1) >= 0 || y.indexOf('/', ys + 1) >= 0) return compatibleParts(x.split('/'), y.split('/'));
  return partMatches(x, 0, xs, y, 0, ys) && partMatches(x, xs + 1, x.length, y, ys + 1, y.length);
}

function compatibleParts(xs: readonly string[], ys: readonly string[]): boolean {
  return xs.length === ys.length && xs.every((part, i) => part === ys[i] || part === '*' || ys[i] === '*');
}

/** Compares x[xa, xb) with y[ya, yb) without slicing: equal, or either one is `*`. */
function partMatches(x: string, xa: number, xb: number, y: string, ya: number, yb: number): boolean {
  if ((xb - xa === 1 && x.charCodeAt(xa) === 0x2a) || (yb - ya === 1 && y.charCodeAt(ya) === 0x2a)) return true;
  if (xb - xa !== yb - ya) return false;
  for (let i = 0; i < xb - xa; i++) if (x.charCodeAt(xa + i) !== y.charCodeAt(ya + i)) return false;
  return true;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Go's strconv.ParseFloat(q, 32) with "error → 1": a missing or malformed q counts as 1, as does
 * an out-of-range one. Hex floats are treated as malformed.
 */
function parseQuality(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const text = raw.replace(/^ +| +$/g, '');
  if (DECIMAL.test(text)) {
    const q = Number(text);
    return Math.abs(q) > FLOAT32_MAX ? 1 : q;
  }
  const word = text.toLowerCase().replace(/^[+-]/, '');
  if (word === 'inf' || word === 'infinity') return text.startsWith('-') ? -Infinity : Infinity;
  if (word === 'nan') return Number.NaN;
  return 1;
}
