import { celEnv, celFunc, CelScalar, type CelFunc } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

const { INT, DOUBLE, STRING, BYTES } = CelScalar;

/**
 * Payload numbers are JS numbers, which CEL sees as doubles, while literals such as `1` are ints. CEL has
 * no mixed int/double arithmetic, so `self.count + 1` would fail; these overloads compute it as a double,
 * which is what a JavaScript number is anyway.
 */
const mixedArithmetic: CelFunc[] = [
  celFunc('_+_', [DOUBLE, INT], DOUBLE, (a, b) => a + Number(b)),
  celFunc('_+_', [INT, DOUBLE], DOUBLE, (a, b) => Number(a) + b),
  celFunc('_-_', [DOUBLE, INT], DOUBLE, (a, b) => a - Number(b)),
  celFunc('_-_', [INT, DOUBLE], DOUBLE, (a, b) => Number(a) - b),
  celFunc('_*_', [DOUBLE, INT], DOUBLE, (a, b) => a * Number(b)),
  celFunc('_*_', [INT, DOUBLE], DOUBLE, (a, b) => Number(a) * b),
  celFunc('_/_', [DOUBLE, INT], DOUBLE, (a, b) => a / Number(b)),
  celFunc('_/_', [INT, DOUBLE], DOUBLE, (a, b) => Number(a) / b),
];

/** The encoders extension of cel-go, which uniflow expressions may use. */
const base64: CelFunc[] = [
  celFunc('base64.encode', [BYTES], STRING, (bytes) => Buffer.from(bytes).toString('base64')),
  celFunc('base64.decode', [STRING], BYTES, (text) => new Uint8Array(Buffer.from(text, 'base64'))),
];

/** The one environment every flowc expression runs in: the variable `self` (dyn) and the functions above. */
export const CEL_ENV = celEnv({ variables: { self: CelScalar.DYN }, funcs: [...strings, ...mixedArithmetic, ...base64] });

/** Identifiers that name a type rather than a variable (`type(self) == string`). */
export const CEL_TYPE_NAMES: ReadonlySet<string> = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type']);

/**
 * Calls the planner handles itself rather than through the function table: logic, the ternary, indexing,
 * optional access and the loop condition of comprehension macros.
 */
export const CEL_BUILTIN_CALLS: ReadonlySet<string> = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '_[?_]', '_?._', '@not_strictly_false', '__not_strictly_false__']);
