/** `npm start`: both regions on this machine until Ctrl-C. `npm start -- --reset` starts from an empty data dir. */
import { configFromEnv, prepareDataDir } from './config';
import { startDynamoDbLocal } from './dynamodb-local';
import { quietLambdaOutput } from './quiet-lambda-output';

quietLambdaOutput();

const startedAt = performance.now();
const config = configFromEnv(process.env, process.argv.slice(2));
// DynamoDB Local's JVM boots while the rest of the environment's code loads.
const dynamo = startDynamoDbLocal({ port: config.dynamoPort || undefined, dataDir: prepareDataDir(config) });
dynamo.catch(() => undefined); // startLocalEnvironment awaits it and reports its failure
const { startLocalEnvironment } = await import('./environment');
const out = (line: string) => process.stdout.write(`${line}\n`);

let printedTenths = -1;
function progressBar(done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} hotels`;
  if (process.stdout.isTTY) process.stdout.write(`\r${bar}${done === total ? '\n' : ''}`);
  else {
    // A log gets a line per tenth: the seed reports in steps of a transaction's worth of hotels.
    const tenths = Math.floor((done * 10) / Math.max(1, total));
    if (tenths > printedTenths) out(bar);
    printedTenths = Math.max(printedTenths, tenths);
  }
}

let stopping = false;
const environment = await startLocalEnvironment(
  { ...config, log: out, progress: progressBar },
  { dynamo, startedAt },
).catch((error) => {
  console.error(`Could not start: ${(error as Error).message}`);
  process.exit(1);
});

out('');
out(`Ready in ${(environment.timings.startMs / 1000).toFixed(1)} s.`);
out(`  Web UI          ${environment.urls.web}`);
out(`  us-east-1 API   ${environment.urls['us-east-1']}`);
out(`  ap-southeast-1  ${environment.urls['ap-southeast-1']}`);
out(`  DynamoDB Local  ${environment.urls.dynamodb}`);
if (environment.urls.opensearch) out(`  OpenSearch      ${environment.urls.opensearch}`);
out(`  Data            ${config.dataDir}`);
out(`  Hotelier token  npm run --silent token -- demo-hotelier`);
out(`  Move a hotel    npm run handover -- <hotelId> <us-east-1|ap-southeast-1>`);
out('Press Ctrl-C to stop.');

const report = setInterval(() => {
  const parts = (['us-east-1', 'ap-southeast-1'] as const).map((from) => {
    const lag = environment.replicators[from].lag.summary();
    return lag.count ? `${from} replication lag p50 ${lag.p50} ms p99 ${lag.p99} ms` : undefined;
  });
  const text = parts.filter(Boolean).join('; ');
  if (text) out(text);
}, 60_000);
report.unref();

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  out(`\n${signal}: stopping...`);
  clearInterval(report);
  await environment.stop();
  out('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
