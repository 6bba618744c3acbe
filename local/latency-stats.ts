/** Rolling percentiles of a latency, like CloudWatch's p50/p99 of ReplicationLatency. */
import { percentile } from './percentile';

export class LatencyStats {
  private readonly samples: number[] = [];
  private count = 0;

  constructor(private readonly window = 5_000) {}

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    this.count++;
    this.samples.push(ms);
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** The p-th percentile (0..1) over the window, or undefined with no samples. */
  percentile(p: number): number | undefined {
    return percentile(this.samples, p);
  }

  /** How many were recorded since start, and p50/p99 of the window. */
  summary(): { count: number; p50?: number; p99?: number } {
    return { count: this.count, p50: this.percentile(0.5), p99: this.percentile(0.99) };
  }

  reset(): void {
    this.samples.length = 0;
    this.count = 0;
  }
}
