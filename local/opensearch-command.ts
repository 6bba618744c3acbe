/**
 * `npm run opensearch`: the project's own OpenSearch node (2.19, built from Maven Central's
 * artifacts) on loopback until Ctrl-C. Its data stays in `$LOCAL_DATA_DIR/opensearch`; its port
 * is `OPENSEARCH_PORT`, or a free one.
 */
import { join } from 'node:path';
import { configFromEnv } from './config';
import { missingForOpenSearch, startOpenSearchNode } from './opensearch-node';

const out = (line: string) => process.stdout.write(`${line}\n`);
const missing = missingForOpenSearch();
if (missing.length) {
  console.error(`The OpenSearch node needs ${missing.join(' and ')} on the PATH (Java 17, Maven 3.8+).`);
  process.exit(1);
}
// The same settings, read the same way, as `npm start` (LOCAL_DATA_DIR, OPENSEARCH_PORT).
const config = (() => {
  try {
    return configFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();
const port = config.opensearchPort ?? 0;
const home = join(config.dataDir, 'opensearch');
const startedAt = performance.now();
const node = await startOpenSearchNode({ home, port, log: out }).catch((error: Error) => {
  console.error(`Could not start OpenSearch: ${error.message}`);
  process.exit(1);
});
out(`OpenSearch 2.19 ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);
out(`  URL   ${node.url}`);
out(`  Data  ${home}`);
out(`  LOCAL_SEARCH=opensearch OPENSEARCH_URL=${node.url} npm start   uses it`);
out('Press Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  out(`\n${signal}: stopping...`);
  await node.stop();
  out('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// The node stopping by itself (a crash, a kill) ends this command too, with its exit code.
node.process.once('exit', (code) => {
  if (stopping) return;
  console.error(`OpenSearch stopped unexpectedly (exit ${code}).`);
  process.exit(1);
});
