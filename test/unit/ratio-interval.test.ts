import { describe, expect, it } from 'vitest';
import { ratioInterval } from '../../bench/ratio-interval';
import { seededRandom } from '../../local/demo-hotels';

/** `n` rounds whose floor varies as a loaded machine's does, and an API side `factor` × it plus noise. */
function rounds(n: number, factor: number, noise: number, seed: number) {
  const random = seededRandom(seed);
  const floor: number[] = [];
  const api: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = 8 + 10 * random();
    floor.push(base);
    api.push(base * factor + noise * (random() - 0.5));
  }
  return { api, floor };
}

describe('ratioInterval', () => {
  it('keeps each round’s pair together: an API exactly 1.2× its round’s floor gives 1.2 in every resample', () => {
    const { api, floor } = rounds(200, 1.2, 0, 7);
    const { ratio, low, high } = ratioInterval(api, floor);
    expect(ratio).toBeCloseTo(1.2, 10);
    expect(low).toBeCloseTo(1.2, 10);
    expect(high).toBeCloseTo(1.2, 10);
  });

  it('brackets the measured ratio, and narrows as rounds are added', () => {
    const few = rounds(30, 1.2, 6, 3);
    const many = rounds(1_000, 1.2, 6, 3);
    const a = ratioInterval(few.api, few.floor);
    const b = ratioInterval(many.api, many.floor);
    for (const r of [a, b]) {
      expect(r.low).toBeLessThanOrEqual(r.ratio);
      expect(r.high).toBeGreaterThanOrEqual(r.ratio);
      expect(r.high).toBeGreaterThan(r.low);
    }
    expect(b.high - b.low).toBeLessThan((a.high - a.low) / 2);
    expect(b.low).toBeGreaterThan(1.15);
    expect(b.high).toBeLessThan(1.25);
  });

  it('gives the same interval for the same measurements', () => {
    const { api, floor } = rounds(100, 1.1, 4, 11);
    expect(ratioInterval(api, floor)).toEqual(ratioInterval(api, floor));
  });

  it('refuses samples that are not paired', () => {
    expect(() => ratioInterval([1, 2], [1])).toThrow(/one length/);
    expect(() => ratioInterval([], [])).toThrow(/one length/);
  });
});

describe('seededRandom', () => {
  it('draws in [0, 1), evenly enough, and repeats for a seed', () => {
    const draw = seededRandom(42);
    const xs = Array.from({ length: 10_000 }, draw);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const again = seededRandom(42);
    expect(Array.from({ length: 5 }, again)).toEqual(xs.slice(0, 5));
  });
});
