/**
 * `npm start`'s pre-step: builds the web UI only when a source is newer than the
 * last build, so a restart does not pay 1–1.5 s of Vite for nothing. Plain
 * JavaScript, so that deciding costs no TypeScript start-up either.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = new URL('../web/', import.meta.url).pathname;
const built = join(web, 'dist', 'index.html');

/** The newest modification time under `path` (a file or a directory). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

let stale = true;
try {
  const sources = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) => newest(join(web, p)));
  stale = Math.max(...sources) > statSync(built).mtimeMs;
} catch {
  stale = true; // no build yet
}
if (stale) execFileSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
