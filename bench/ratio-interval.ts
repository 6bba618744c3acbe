/**
 * How sure a benchmark's ratio of medians is: a percentile bootstrap over the rounds. A goal
 * such as "at most 1.2× the floor" that one run meets and the next misses by 0.02 is decided
 * by the interval, not by either run's point value. The rounds are taken as independent; the
 * machine's load drifts within a run, so the interval errs on the narrow side.
 */
import { seededRandom } from '../local/demo-hotels';
import { percentile } from '../local/percentile';

export interface RatioInterval {
  /** p50(numerators) ÷ p50(denominators), as measured. */
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The ratio of the p50s of two paired samples (entry i of each was measured in round i), with its
 * central `confidence` interval: rounds are drawn with replacement, keeping each pair together so
 * that what a round shared (the machine's load then) stays shared.
 */
export function ratioInterval(
  numerators: readonly number[],
  denominators: readonly number[],
  options: { resamples?: number; confidence?: number; random?: () => number } = {},
): RatioInterval {
  const n = numerators.length;
  if (n === 0 || n !== denominators.length) throw new Error('ratioInterval needs two samples of one length');
  const { resamples = 2_000, confidence = 0.95, random = seededRandom(1) } = options;
  const ratioOf = (num: readonly number[], den: readonly number[]) =>
    (percentile(num, 0.5) ?? Number.NaN) / (percentile(den, 0.5) ?? Number.NaN);
  const ratios: number[] = [];
  const num = new Array<number>(n);
  const den = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      num[i] = numerators[pick] as number;
      den[i] = denominators[pick] as number;
    }
    ratios.push(ratioOf(num, den));
  }
  const tail = (1 - confidence) / 2;
  return {
    ratio: ratioOf(numerators, denominators),
    low: percentile(ratios, tail) ?? Number.NaN,
    high: percentile(ratios, 1 - tail) ?? Number.NaN,
  };
}
