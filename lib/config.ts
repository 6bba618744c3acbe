/** The deployment's configuration: validated in bin/ from cdk.json context, then passed down as plain data. */
import { z } from 'zod';
import { REGIONS, type Region } from '../lambdas/domain/regions';

const domainName = z
  .string()
  .regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, 'must be a DNS name like api.hotels.example.com');

export const appConfigSchema = z
  .object({
    /** The AWS account both regional stacks deploy to (a placeholder is fine for synth). */
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
    /** The regional API's custom domain, latency-routed; all three DNS keys together, or none. */
    domainName: domainName.optional(),
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{4,32}$/, 'must be a Route 53 hosted zone id')
      .optional(),
    hostedZoneName: domainName.optional(),
    /** An external identity provider for hoteliers; without it a Cognito user pool is created in us-east-1. */
    hotelierIssuer: z.url().startsWith('https://').optional(),
    hotelierAudience: z.string().min(1).optional(),
    /** Where alarms are sent. */
    alarmEmail: z.email(),
    /**
     * The web app's public origin, for the links in guests' messages. Without it the primary
     * region's CloudFront address is used (the other region reads it from the primary's SSM).
     */
    siteUrl: z.url().startsWith('https://').optional(),
    /**
     * The SES sender of guests' messages (verified in SES in both regions). Without it no
     * e-mail is sent: messages are kept in each region's outbox table.
     */
    guestMailFrom: z.email().optional(),
    /** How long a forwarded write may wait for the owner region before the answer is 503. */
    forwardTimeoutMs: z.coerce.number().int().min(500).max(10_000).default(3_000),
  })
  .refine(
    (c) =>
      [c.domainName, c.hostedZoneId, c.hostedZoneName].every((v) => v === undefined) ||
      (c.domainName && c.hostedZoneId && c.hostedZoneName),
    {
      message: 'domainName, hostedZoneId and hostedZoneName go together: give all three or none',
      path: ['domainName'],
    },
  )
  .refine((c) => !c.domainName || !c.hostedZoneName || c.domainName.endsWith(`.${c.hostedZoneName}`), {
    message: 'domainName must be inside hostedZoneName',
    path: ['domainName'],
  })
  .refine((c) => (c.hotelierIssuer === undefined) === (c.hotelierAudience === undefined), {
    message: 'hotelierIssuer and hotelierAudience go together',
    path: ['hotelierIssuer'],
  });

export type AppConfig = z.infer<typeof appConfigSchema>;

/** The region that holds the global table's definition, the Cognito pool and the web distribution. */
export const PRIMARY_REGION: Region = 'us-east-1';
export const DEPLOY_REGIONS: readonly Region[] = REGIONS;

/** Fixed names, so each region can address the other's resources without cross-region references. */
export const NAMES = {
  table: 'hotels',
  forwardReceiver: 'hotel-booking-forward-receiver',
  hotelierIssuerParameter: '/hotel-booking/hotelier-issuer',
  hotelierAudienceParameter: '/hotel-booking/hotelier-audience',
  cursorKeySecret: 'hotel-booking/cursor-key',
  /** The web app's origin, written by the primary region for the other's guest messages. */
  siteUrlParameter: '/hotel-booking/site-url',
  stack: (region: Region) => `HotelBooking-${region}`,
} as const;

/** Parses context values (strings from -c, or values from cdk.json) into a config, or explains what is wrong. */
export function parseAppConfig(context: Record<string, unknown>): AppConfig {
  const result = appConfigSchema.safeParse(context);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((i) => `  - ${i.path.join('.') || 'context'}: ${i.message}`)
    .join('\n');
  throw new Error(`Invalid CDK context (cdk.json or -c key=value):\n${problems}`);
}
