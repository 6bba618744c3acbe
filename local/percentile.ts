/**
 * The p-th percentile (p in 0..1) of `values`, or undefined when there are none: the sorted
 * value at index ⌊p·n⌋, capped at the last. No interpolation: every result is a measured value,
 * and p50 of an even count is the upper of the two middle values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
