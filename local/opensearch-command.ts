/**
 * `npm run opensearch`: the project's own OpenSearch node (2.19, built from Maven Central's
 * artifacts) on loopback until Ctrl-C. Its data stays in `$LOCAL_DATA_DIR/opensearch`; its port
 * is `OPENSEARCH_PORT`, or a free one.
 */
import { join, resolve } from 'node:path';
import { missingForOpenSearch, startOpenSearchNode } from './opensearch-node';

const out = (line: string) => process.stdout.write(`${line}\n`);
const missing = missingForOpenSearch();
if (missing.length) {
  console.error(`The OpenSearch node needs ${missing.join(' and ')} on the PATH (Java 17, Maven 3.8+).`);
  process.exit(1);
}
const rawPort = process.env.OPENSEARCH_PORT ?? '';
const port = rawPort === '' ? 0 : Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`OPENSEARCH_PORT must be a port number, got "${rawPort}"`);
  process.exit(1);
}
const home = join(resolve(process.env.LOCAL_DATA_DIR || '.local'), 'opensearch');
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
