/** `npm run openapi`: writes docs/openapi.json from the route table (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { buildOpenApi } from '../lambdas/http/openapi';
import { ROUTES } from '../lambdas/http/routes';

const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(OPENAPI_FILE, `${JSON.stringify(buildOpenApi(ROUTES), null, 2)}\n`);
console.log(`wrote ${OPENAPI_FILE.pathname}`);
