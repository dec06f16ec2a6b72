import { describe, expect, it } from 'vitest';
import type { Kind } from '../core/kind.ts';
import { FlowError } from '../core/packet.ts';
import { addNode, addSnippet, running, testProgram } from '../testing/graph.ts';
import throwKind, { errorFrom } from './throw.ts';

const kind = throwKind as Kind<never>;

async function answer(fields: Record<string, unknown>, payload: unknown): Promise<unknown> {
  const program = testProgram();
  addNode(program, 'throw', kind, fields);
  return running(program, (run) => run.send('throw', 'in', payload));
}

describe('throw', () => {
  it('raises the fixed message when one is set, keeping the payload as data', async () => {
    const error = await answer({ message: 'order not found' }, { id: 7 });
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).message).toBe('order not found');
    expect((error as FlowError).data).toEqual({ id: 7 });
  });

  it('uses a string payload as the message', async () => {
    expect(((await answer({}, 'out of stock')) as Error).message).toBe('out of stock');
  });

  it('chains a list of messages, each wrapping the one before (uniflow)', async () => {
    const error = (await answer({}, ['a', 'b', 'c'])) as FlowError;
    expect(error.message).toBe('c: b: a');
    expect((error.cause as Error).message).toBe('b: a');
    expect(((error.cause as Error).cause as Error).message).toBe('a');
    expect(error.data).toEqual(['a', 'b', 'c']);
  });

  it('uses the `message` of a map payload', async () => {
    const error = (await answer({}, { message: 'bad quantity', field: 'qty' })) as FlowError;
    expect(error.message).toBe('bad quantity');
    expect(error.data).toEqual({ message: 'bad quantity', field: 'qty' });
  });

  it('describes any other payload as JSON', async () => {
    expect(((await answer({}, { code: 3 })) as Error).message).toBe('{"code":3}');
    expect(((await answer({}, 42)) as Error).message).toBe('42');
    expect(((await answer({}, null)) as Error).message).toBe('null');
    expect(((await answer({}, [1, 'a'])) as Error).message).toBe('[1,"a"]');
  });

  it('sends the error to `error` when it is wired, answering with that answer', async () => {
    const program = testProgram();
    const node = addNode(program, 'throw', kind, { message: 'nope' });
    program.connect(node.output('error'), addSnippet(program, 'handler', (e) => ({ handled: (e as Error).message })).input('in'));
    await running(program, async (run) => {
      expect(await run.send('throw', 'in', 1)).toEqual({ handled: 'nope' });
    });
  });

  it('keeps an error payload as it is', () => {
    const original = new FlowError('already an error');
    expect(errorFrom(original)).toBe(original);
  });
});
