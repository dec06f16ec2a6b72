import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CounterFamily, HistogramFamily } from './series.ts';

describe('metric series', () => {
  it('are written by the registry as Prometheus text: counters per label set, cumulative histogram buckets', async () => {
    const registry = new Registry();
    const packets = new CounterFamily('t_packets_total', 'packets', registry);
    const latency = new HistogramFamily('t_seconds', 'latency', registry, [0.1, 1]);
    const a = packets.of({ node: 'a' });
    a.value += 2;
    packets.of({ node: 'b' }).value++;
    expect(packets.of({ node: 'a' })).toBe(a);
    const h = latency.of({ node: 'a' });
    for (const v of [0.05, 0.5, 0.7, 3]) h.observe(v);
    expect(await registry.metrics()).toBe(
      [
        '# HELP t_packets_total packets',
        '# TYPE t_packets_total counter',
        't_packets_total{node="a"} 2',
        't_packets_total{node="b"} 1',
        '',
        '# HELP t_seconds latency',
        '# TYPE t_seconds histogram',
        't_seconds_bucket{node="a",le="0.1"} 1',
        't_seconds_bucket{node="a",le="1"} 3',
        't_seconds_bucket{node="a",le="+Inf"} 4',
        't_seconds_sum{node="a"} 4.25',
        't_seconds_count{node="a"} 4',
        '',
      ].join('\n'),
    );
  });
});
