import type { Metric, Registry } from 'prom-client';

type Labels = Readonly<Record<string, string>>;

/** What prom-client's registry reads from a metric when it is scraped. */
interface Snapshot {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly values: ReadonlyArray<{ readonly metricName?: string; readonly labels: Labels; readonly value: number }>;
  readonly aggregator: 'sum';
}

/**
 * Counters and histograms whose hot path is plain arithmetic on a series made once per label set:
 * prom-client's own metrics hash their labels on every `inc` and `observe`. The registry reads them
 * (`get()`) only when it is scraped, and writes the Prometheus text as for its own metrics.
 */
abstract class Family<S> {
  private readonly series = new Map<string, { labels: Labels; series: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    // The registry takes any object that answers get() with values; its type names only its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of one label set, made on first use (callers on the hot path keep it). */
  of(labels: Labels, key = Object.values(labels).join('\u0000')): S {
    let entry = this.series.get(key);
    if (!entry) this.series.set(key, (entry = { labels, series: this.create() }));
    return entry.series;
  }

  protected entries(): IterableIterator<{ labels: Labels; series: S }> {
    return this.series.values();
  }

  protected abstract create(): S;
}

export class CounterSeries {
  value = 0;
}

export class CounterFamily extends Family<CounterSeries> {
  readonly type = 'counter';

  protected create(): CounterSeries {
    return new CounterSeries();
  }

  get(): Snapshot {
    const values = [...this.entries()].map(({ labels, series }) => ({ labels, value: series.value }));
    return { name: this.name, help: this.help, type: 'counter', values, aggregator: 'sum' };
  }
}

export class HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

export class HistogramFamily extends Family<HistogramSeries> {
  readonly type = 'histogram';

  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly bounds: readonly number[],
  ) {
    super(name, help, registry);
  }

  protected create(): HistogramSeries {
    return new HistogramSeries(this.bounds);
  }

  get(): Snapshot {
    const values: Array<Snapshot['values'][number]> = [];
    for (const { labels, series } of this.entries()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: String(bound) }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: series.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: series.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', values, aggregator: 'sum' };
  }
}
