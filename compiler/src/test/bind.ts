import type { Diagnostics, Position } from '../diagnostics/diagnostic.ts';
import { testInvalid, testUnknownNode, testUnknownPort } from '../diagnostics/messages.ts';
import type { GraphNode } from '../resolve/graph.ts';
import type { CaseSpec } from './cases.ts';

/**
 * Checks what a case names against the workflow it runs on: the nodes it mocks, sends to or asserts
 * on, their ports, and the listener a request goes into. Problems are reported where the case says it.
 */
export function checkCase(test: CaseSpec, nodes: ReadonlyMap<string, GraphNode>, diagnostics: Diagnostics): void {
  const known = [...nodes.keys()];
  const node = (what: string, name: string, at: Position): GraphNode | undefined => {
    const found = nodes.get(name);
    if (!found) diagnostics.report(testUnknownNode(what, name, known), { at });
    return found;
  };
  for (const mock of test.mocks.values()) node('a mock', mock.node, mock.at);
  if (test.send) {
    const target = node('`send`', test.send.node.value, test.send.node.at);
    if (target && !target.inputs.has(test.send.port.value)) diagnostics.report(testUnknownPort(target.key, test.send.port.value, [...target.inputs.keys()]), { at: test.send.port.at });
  }
  if (test.request) {
    const listeners = [...nodes.values()].filter((n) => n.kind.definition.kind === 'listener');
    const named = test.request.listener;
    if (named) {
      const target = node('`request.listener`', named.value, named.at);
      if (target && target.kind.definition.kind !== 'listener') diagnostics.report(testInvalid(`\`${named.value}\` is a \`${target.kind.definition.kind}\`, not a listener`, `listeners: ${listeners.map((l) => `\`${l.key}\``).join(', ') || '(none)'}`), { at: named.at });
    } else if (listeners.length !== 1) {
      diagnostics.report(
        testInvalid(listeners.length === 0 ? `case \`${test.name}\` sends a request, but the workflow has no listener` : `case \`${test.name}\` sends a request, but the workflow has ${listeners.length} listeners`, listeners.length === 0 ? 'send a packet with `send: { node, port, payload }` instead' : `name one with \`request.listener\`: ${listeners.map((l) => `\`${l.key}\``).join(', ')}`),
        { at: test.at },
      );
    }
  }
  for (const expectation of test.expect) {
    if (expectation.type === 'fired' || expectation.type === 'notFired') {
      for (const item of expectation.value) {
        const { name, port } = splitPort(item.value, nodes);
        const target = node(`\`${expectation.type}\``, name, item.at);
        if (target && port !== undefined && !hasOutput(target, port)) diagnostics.report(testUnknownPort(target.key, port, [...target.outputs.keys()]), { at: item.at });
      }
    }
    if (expectation.type === 'calls') for (const item of expectation.value) node('`calls`', item.value.node, item.at);
  }
}

/** `node` or `node.port`; a node name may itself hold dots, so the longest known name wins. */
export function splitPort(text: string, nodes: ReadonlyMap<string, unknown>): { name: string; port?: string } {
  if (nodes.has(text)) return { name: text };
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return { name: text };
  return { name: text.slice(0, dot), port: text.slice(dot + 1) };
}

/** `out` and `out[0]` name the same port of an indexed out-port. */
export function hasOutput(node: GraphNode, port: string): boolean {
  const base = /^([^[\]]+)(?:\[\d+\])?$/.exec(port)?.[1];
  return base !== undefined && node.outputs.has(base);
}
