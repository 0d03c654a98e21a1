// Builds the shared contracts, the server and the web app. Runs after `npm install`, on first
// start if the build is missing, and as `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

export async function build({ force = false } = {}) {
  if (!existsSync(bin('tsc'))) {
    console.log('[massline] dependencies not installed yet; skipping build');
    return;
  }
  console.log('[massline] building server…');
  run(bin('tsc'), ['-b', 'packages/shared', 'apps/server', ...(force ? ['--force'] : [])]);
  if (existsSync(path.join(root, 'apps/web/index.html'))) {
    console.log('[massline] building web app…');
    run(bin('vite'), ['build', '--logLevel', 'warn'], path.join(root, 'apps/web'));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await build({ force: process.argv.includes('--force') });
}
