/**
 * The cursor key in AWS, read through the Parameters and Secrets extension's local
 * endpoint (a stand-in here): by the secret's name, with the function's session
 * token, once per container; a failed read is tried again on the next request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cursorKeyFromText, hmacCursorSeal, newCursorKey } from '../../lambdas/adapters/cursor-seal';
import { awsCursorSeal } from '../../lambdas/handlers/aws-cursor-key';

let server: Server | undefined;
afterEach(() => new Promise((r) => (server ? server.close(r) : r(undefined))));

async function extension(answers: Array<{ status: number; body: unknown }>) {
  const requests: Array<{ url: string; token: string | undefined }> = [];
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', token: req.headers['x-aws-parameters-secrets-token'] as string });
    const answer = answers.shift() ?? { status: 500, body: {} };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server?.listen(0, 'localhost', r));
  return { port: ((server as Server).address() as AddressInfo).port, requests };
}

describe('the cursor key in AWS', () => {
  it('is read by name with the session token, once, after a failed first read', async () => {
    const key = newCursorKey();
    const ext = await extension([
      { status: 400, body: { message: 'not ready' } },
      { status: 200, body: { Name: 'hotel-booking/cursor-key', SecretString: key } },
    ]);
    const seal = awsCursorSeal({
      CURSOR_KEY_SECRET: 'hotel-booking/cursor-key',
      AWS_SESSION_TOKEN: 'session-token',
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(ext.port),
    });
    await expect(seal.ready()).rejects.toThrow(/400/);
    await seal.ready();
    await seal.ready();
    expect(ext.requests).toEqual([
      { url: '/secretsmanager/get?secretId=hotel-booking%2Fcursor-key', token: 'session-token' },
      { url: '/secretsmanager/get?secretId=hotel-booking%2Fcursor-key', token: 'session-token' },
    ]);
    // Sealed under the secret's value: any container or region with the same secret opens it.
    expect(hmacCursorSeal(cursorKeyFromText(key)).open(seal.seal(['page', 2]))).toEqual(['page', 2]);
  });
});
