import { describe, expect, it } from 'vitest';
import { defaultRegionForCountry, isCountryCode, otherRegion } from '../../lambdas/domain/regions';

describe('owner region by country', () => {
  it.each([
    ['SG', 'ap-southeast-1'],
    ['th', 'ap-southeast-1'],
    ['AU', 'ap-southeast-1'],
    ['NZ', 'ap-southeast-1'],
    ['JP', 'ap-southeast-1'],
    ['AE', 'ap-southeast-1'],
    ['US', 'us-east-1'],
    ['BR', 'us-east-1'],
    ['DE', 'us-east-1'],
    ['ZA', 'us-east-1'],
  ])('%s -> %s', (country, region) => {
    expect(defaultRegionForCountry(country)).toBe(region);
  });

  it('knows exactly the 249 assigned ISO 3166-1 alpha-2 codes', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const assigned = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter(isCountryCode);
    expect(assigned).toHaveLength(249);
    expect(isCountryCode('XK')).toBe(false);
    expect(isCountryCode('sg')).toBe(false);
  });

  it('pairs the two regions', () => {
    expect(otherRegion('us-east-1')).toBe('ap-southeast-1');
    expect(otherRegion('ap-southeast-1')).toBe('us-east-1');
  });
});
