import type { KindDefinition, PortDecl } from '@flowc/runtime/core/kind';
import { block } from '@flowc/runtime/nodes/block';
import { listener } from '@flowc/runtime/nodes/listener';
import { nop } from '@flowc/runtime/nodes/nop';
import { print } from '@flowc/runtime/nodes/print';
import { router } from '@flowc/runtime/nodes/router';
import { snippet } from '@flowc/runtime/nodes/snippet';
import { step } from '@flowc/runtime/nodes/step';

/** A kind the compiler can use, and the module the emitted program imports it from. */
export interface KindEntry {
  readonly definition: KindDefinition<never>;
  readonly module: string;
  readonly exportName: string;
}

function entry(definition: KindDefinition<never>): KindEntry {
  return { definition, module: `@flowc/runtime/nodes/${definition.kind}`, exportName: definition.kind };
}

const builtins = [block, listener, nop, print, router, snippet, step] as unknown as KindDefinition<never>[];

export const BUILTIN_KINDS: ReadonlyMap<string, KindEntry> = new Map(builtins.map((k) => [k.kind, entry(k)]));

/** Ports every node has, whatever its kind: the activation hooks. */
export const HOOK_PORTS: ReadonlySet<string> = new Set(['init', 'term']);

export type { KindDefinition, PortDecl };
