#!/usr/bin/env node
// The `massline` command: runs the built server. `npm install` builds it; if the build is
// missing (e.g. installed with --ignore-scripts), the first start builds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../apps/server/dist/src/cli.js', import.meta.url);
const web = new URL('../apps/web/dist/index.html', import.meta.url);
if (!existsSync(fileURLToPath(cli)) || !existsSync(fileURLToPath(web))) {
  const { build } = await import('../scripts/build.mjs');
  await build();
}
const { main } = await import(cli.href);
try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
