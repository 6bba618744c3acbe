/** `npm run --silent token -- <hotelierId>`: prints one line, a JWT the local management API accepts. */
import { join, resolve } from 'node:path';
import { issueHotelierToken, loadOrCreateKeys } from '../lambdas/adapters/auth/local-jwt';

const hotelierId = process.argv[2];
if (!hotelierId || !/^[\w.@-]{1,128}$/.test(hotelierId)) {
  console.error('usage: npm run --silent token -- <hotelierId>   (letters, digits, . _ @ -)');
  process.exit(2);
}
const dataDir = resolve(process.env.LOCAL_DATA_DIR || '.local');
const keys = await loadOrCreateKeys(join(dataDir, 'jwt-key.json'));
process.stdout.write(`${await issueHotelierToken(keys, hotelierId)}\n`);
