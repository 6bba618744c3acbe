/** The CDK app: the only place that reads context. */
import { existsSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { parseAppConfig } from '../lib/config';

const app = new App();
const keys = [
  'account',
  'domainName',
  'hostedZoneId',
  'hostedZoneName',
  'hotelierIssuer',
  'hotelierAudience',
  'alarmEmail',
  'forwardTimeoutMs',
];
const context = Object.fromEntries(
  keys
    .map((key) => [key, app.node.tryGetContext(key)])
    .filter(([, value]) => value !== undefined && value !== ''),
);
// The web app is deployed when it has been built (npm run synth and deploy build it first).
const site = new URL('../web/dist/', import.meta.url).pathname;
try {
  buildApp(app, parseAppConfig(context), {
    siteAssetPath: existsSync(`${site}index.html`) ? site : undefined,
  });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
