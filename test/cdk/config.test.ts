/** The deployment's configuration (lib/config.ts): what bin/ reads from context, and how it says what is wrong. */
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../lib/config';
import { BASE, WITH_DOMAIN } from './support';

describe('configuration', () => {
  it('explains bad context clearly', () => {
    expect(() => parseAppConfig({ ...BASE, account: 'abc' })).toThrow(
      /account: must be a 12-digit AWS account id/,
    );
    expect(() => parseAppConfig({ ...BASE, domainName: 'api.hotels.example.com' })).toThrow(
      /give all three or none/,
    );
    expect(() => parseAppConfig({ ...WITH_DOMAIN, hostedZoneName: 'other.com' })).toThrow(
      /inside hostedZoneName/,
    );
    expect(() => parseAppConfig({ ...BASE, hotelierIssuer: 'https://idp.example.com' })).toThrow(
      /go together/,
    );
    expect(parseAppConfig({ ...BASE, forwardTimeoutMs: '2500' }).forwardTimeoutMs).toBe(2500);
  });
});
