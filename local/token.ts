/** `npm run --silent token -- <hotelierId> [--admin]`: prints one line, a JWT the local management API accepts (`--admin`: an operator's). */
import { join, resolve } from 'node:path';
import { issueHotelierToken, loadOrCreateKeys } from '../lambdas/adapters/auth/local-jwt';
import { ADMIN_GROUP } from '../lambdas/http/dispatch';

const args = process.argv.slice(2);
const admin = args.includes('--admin');
const hotelierId = args.find((a) => !a.startsWith('--'));
if (!hotelierId || !/^[\w.@-]{1,128}$/.test(hotelierId)) {
  console.error('usage: npm run --silent token -- <hotelierId> [--admin]   (letters, digits, . _ @ -)');
  process.exit(2);
}
const dataDir = resolve(process.env.LOCAL_DATA_DIR || '.local');
const keys = await loadOrCreateKeys(join(dataDir, 'jwt-key.json'));
process.stdout.write(
  `${await issueHotelierToken(keys, hotelierId, undefined, admin ? [ADMIN_GROUP] : [])}\n`,
);
