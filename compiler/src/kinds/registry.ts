import type { KindDefinition, PortDecl } from '@flowc/runtime/core/kind';
import type { ChartDef } from '../charts/chart.ts';
import { block } from '@flowc/runtime/nodes/block';
import { cache } from '@flowc/runtime/nodes/cache';
import { forKind } from '@flowc/runtime/nodes/for';
import { fork } from '@flowc/runtime/nodes/fork';
import { gateway } from '@flowc/runtime/nodes/gateway';
import { http } from '@flowc/runtime/nodes/http';
import { ifKind } from '@flowc/runtime/nodes/if';
import { listener } from '@flowc/runtime/nodes/listener';
import { merge } from '@flowc/runtime/nodes/merge';
import { nop } from '@flowc/runtime/nodes/nop';
import { pipe } from '@flowc/runtime/nodes/pipe';
import { print } from '@flowc/runtime/nodes/print';
import { proxy } from '@flowc/runtime/nodes/proxy';
import { reduce } from '@flowc/runtime/nodes/reduce';
import { retry } from '@flowc/runtime/nodes/retry';
import { router } from '@flowc/runtime/nodes/router';
import { scan } from '@flowc/runtime/nodes/scan';
import { session } from '@flowc/runtime/nodes/session';
import { signal } from '@flowc/runtime/nodes/signal';
import { sleep } from '@flowc/runtime/nodes/sleep';
import { snippet } from '@flowc/runtime/nodes/snippet';
import { split } from '@flowc/runtime/nodes/split';
import { sql } from '@flowc/runtime/nodes/sql';
import { step } from '@flowc/runtime/nodes/step';
import { switchKind } from '@flowc/runtime/nodes/switch';
import { syscall } from '@flowc/runtime/nodes/syscall';
import { throwKind } from '@flowc/runtime/nodes/throw';
import { tryKind } from '@flowc/runtime/nodes/try';
import { websocket } from '@flowc/runtime/nodes/websocket';

/** A kind the compiler can use, and the module the emitted program imports it from. */
export interface KindEntry {
  readonly definition: KindDefinition<never>;
  readonly module: string;
  readonly exportName: string;
  /** Set for user-defined chart kinds: the chart the compiler expands. */
  readonly chart?: ChartDef;
}

/** Kind names that cannot be import bindings; their modules export `<kind>Kind` (`for` → `forKind`). */
const RESERVED_WORDS = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with']);

function entry(definition: KindDefinition<never>): KindEntry {
  const kind = definition.kind;
  return { definition, module: `@flowc/runtime/nodes/${kind}`, exportName: RESERVED_WORDS.has(kind) ? `${kind}Kind` : kind };
}

const builtins = [block, cache, forKind, fork, ifKind, listener, merge, nop, pipe, print, reduce, retry, router, session, signal, sleep, snippet, split, step, switchKind, syscall, throwKind, tryKind, gateway, http, proxy, websocket, scan, sql] as unknown as KindDefinition<never>[];

export const BUILTIN_KINDS: ReadonlyMap<string, KindEntry> = new Map(builtins.map((k) => [k.kind, entry(k)]));

export type { KindDefinition, PortDecl };
