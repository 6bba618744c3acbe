/** The CDK app: the only place that reads context. */
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
try {
  buildApp(app, parseAppConfig(context));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
