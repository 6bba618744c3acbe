/**
 * `npm run handover -- <hotelId> <toRegion> [--force | --abort | --status | --report]`
 *
 * Moves a hotel's owner region (fence, drain, switch), evacuates it from an
 * unreachable region (`--force`), aborts a fenced handover, or shows its status
 * or, after an evacuation, the at-risk report.
 *
 * Locally it calls the running `npm start` environment (us-east-1's API) with an
 * operator token minted from the data dir. In AWS, set HANDOVER_API to either
 * region's API URL and HANDOVER_TOKEN to an ID token of a user in the admins group.
 */
import { join, resolve } from 'node:path';
import { issueHotelierToken, loadOrCreateKeys } from '../lambdas/adapters/auth/local-jwt';
import { isRegion } from '../lambdas/domain/regions';
import { ADMIN_GROUP } from '../lambdas/http/dispatch';
import { type HandoverAction, runHandoverCommand } from './handover-command';

const args = process.argv.slice(2);
const [hotelId, toRegion] = args.filter((a) => !a.startsWith('--'));
const flag = (name: string) => args.includes(`--${name}`);
const action: HandoverAction = flag('force')
  ? 'evacuate'
  : flag('abort')
    ? 'abort'
    : flag('status')
      ? 'status'
      : flag('report')
        ? 'report'
        : 'handover';
if (!hotelId || !toRegion || !isRegion(toRegion)) {
  console.error(
    'usage: npm run handover -- <hotelId> <us-east-1|ap-southeast-1> [--force | --abort | --status | --report]',
  );
  process.exit(2);
}

const api = process.env.HANDOVER_API ?? `http://127.0.0.1:${Number(process.env.LOCAL_BASE_PORT ?? 3000) + 1}`;
let token = process.env.HANDOVER_TOKEN;
if (!token) {
  const keys = await loadOrCreateKeys(join(resolve(process.env.LOCAL_DATA_DIR || '.local'), 'jwt-key.json'));
  token = await issueHotelierToken(keys, 'local-operator', 3600, [ADMIN_GROUP]);
}
const outcome = await runHandoverCommand({ api, token, hotelId, toRegion, action, print: console.log }).catch(
  (error: Error) => {
    console.error(`Could not reach ${api}: ${error.message}. Is \`npm start\` running?`);
    return { exitCode: 1 as const };
  },
);
process.exit(outcome.exitCode);
