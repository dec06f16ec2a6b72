// Durations in spec fields (reference §1.8): a number of milliseconds, a numeric string of milliseconds, or Go's
// time.ParseDuration syntax without a sign ("250ms", "1.5s", "1h30m", "300us", "10ns"). Negative durations are rejected.

const NUMBER = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)`;
const UNIT = String.raw`(?:ns|us|\u00b5s|\u03bcs|ms|h|m|s)`; // µ (micro sign) and μ (Greek mu), as Go accepts

/** Regex source (usable as a JSON Schema `pattern`) matching exactly the strings parseDuration accepts. */
export const DURATION_PATTERN: string = `^(?:${NUMBER}|(?:${NUMBER}${UNIT})+)$`;

/** Milliseconds in one unit, as [power of ten, factor] so that decimal fractions scale without rounding error. */
const UNIT_MS: Readonly<Record<string, readonly [number, number]>> = {
  ns: [-6, 1],
  us: [-3, 1],
  '\u00b5s': [-3, 1],
  '\u03bcs': [-3, 1],
  ms: [0, 1],
  s: [3, 1],
  m: [3, 60],
  h: [3, 3600],
};

/** Returns the duration in milliseconds (possibly fractional); throws on anything else. */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n) return Number(value);
  const ms = typeof value === 'string' ? parseText(value) : undefined;
  if (ms === undefined) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
    throw new Error(`invalid duration ${shown}: use a number of milliseconds or Go syntax like 250ms, 1.5s, 1h30m`);
  }
  return ms;
}

function parseText(text: string): number | undefined {
  if (new RegExp(`^${NUMBER}$`).test(text)) return Number(text);
  const component = new RegExp(`(${NUMBER})(${UNIT})`, 'y');
  let total = 0;
  while (component.lastIndex < text.length) {
    const match = component.exec(text);
    if (!match) return undefined;
    const [power, factor] = UNIT_MS[match[2]!]!;
    total += Number(`${match[1]}e${power}`) * factor;
  }
  return text === '' ? undefined : total;
}
