/**
 * The deployment's cursor key in AWS: a Secrets Manager secret the stack generates
 * (replicated to every region, so a cursor pages on wherever the traveller lands),
 * read once per container through the AWS Parameters and Secrets Lambda extension
 * (its local HTTP endpoint, authenticated with the function's session token).
 */
import { cursorKeyFromText, lateKeyCursorSeal } from '../adapters/cursor-seal';
import type { CursorSeal } from '../domain/ports';

/** The seal of the deployment's cursors; `ready()` reads the key on the container's first request. */
export function awsCursorSeal(env: NodeJS.ProcessEnv): CursorSeal & { ready(): Promise<void> } {
  return lateKeyCursorSeal(async () => {
    const secretId = env.CURSOR_KEY_SECRET;
    const token = env.AWS_SESSION_TOKEN;
    if (!secretId || !token) throw new Error('CURSOR_KEY_SECRET and AWS_SESSION_TOKEN must be set');
    const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
    const response = await fetch(
      `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
      { headers: { 'X-Aws-Parameters-Secrets-Token': token } },
    );
    if (!response.ok) throw new Error(`The cursor key could not be read (${response.status})`);
    const { SecretString } = (await response.json()) as { SecretString?: string };
    if (!SecretString) throw new Error('The cursor key secret has no value');
    return cursorKeyFromText(SecretString);
  });
}
