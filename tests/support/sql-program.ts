import type { Kind } from '../../runtime/src/core/kind.ts';
import { FlowError } from '../../runtime/src/core/packet.ts';
import { addNode, addProbe, testProgram } from '../../runtime/src/testing/graph.ts';
import sql from '../../runtime/src/nodes/sql.ts';

/**
 * A program with one `sql` node `db` (SQLite unless `fields` say otherwise) and a probe `script` that
 * runs `{ statements, fail? }` in one process: the answers as a list, or an error after them when `fail`.
 */
export function sqlScriptProgram(source: string, fields: Record<string, unknown> = { driver: 'sqlite3' }) {
  const p = testProgram();
  const db = addNode(p, 'db', sql as Kind<never>, { ...fields, source });
  const script = addProbe(p, 'script', async (payload, io) => {
    const steps = payload as { statements: unknown[]; fail?: boolean };
    const results: unknown[] = [];
    for (const s of steps.statements) results.push(await io.send('out', s));
    return steps.fail ? new FlowError('the process fails after its statements') : results;
  });
  p.connect(script.output('out'), db.input('in'));
  return p;
}
