import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The residents' form page must stay light: phones on slow rural networks, inside WeChat. What a
 * phone downloads for /f/:id is answer.html and every script and stylesheet it loads, followed
 * through the chunks' own imports; each is counted gzipped, as a gzip-ing proxy would send it.
 */
export const BUDGET_BYTES = 120 * 1024;
const dist = path.resolve(import.meta.dirname, '../dist');

/** Files answer.html loads: its scripts, module preloads and stylesheets, then every chunk they import. */
export function pageFiles(html: string, read: (file: string) => string): string[] {
  const files = new Set<string>();
  const queue: string[] = [];
  const add = (ref: string) => {
    const file = ref.replace(/^\//, '').replace(/^\.\//, 'assets/');
    if (!/\.(js|css)$/.test(file) || files.has(file)) return;
    files.add(file);
    if (file.endsWith('.js')) queue.push(file);
  };
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:modulepreload|stylesheet)"/g)) add(m[1] ?? m[2]);
  while (queue.length) {
    const file = queue.shift()!;
    const code = read(file);
    // Static imports, dynamic imports, and the file lists Vite's preload helper carries: all of them,
    // even a lazy chunk, since a screen of the form may need it.
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["'`](\.\/[\w.-]+\.js)["'`]/g)) add(path.posix.join('assets', m[1]));
    for (const m of code.matchAll(/["'`](\/?assets\/[\w.-]+\.(?:js|css))["'`]/g)) add(m[1]);
  }
  return [...files];
}

describe('the phone form page (answer.html)', () => {
  it(`loads at most ${BUDGET_BYTES / 1024} KB gzipped, and none of the staff app's libraries`, () => {
    const html = path.join(dist, 'answer.html');
    if (!existsSync(html)) throw new Error(`${html} is missing: build the web app first (npm run build, or npm ci which builds it)`);
    const htmlText = readFileSync(html, 'utf8');
    const files = pageFiles(htmlText, (file) => readFileSync(path.join(dist, file), 'utf8'));
    const sizes = [['answer.html', gzipSync(htmlText).length] as const, ...files.map((f) => [f, gzipSync(readFileSync(path.join(dist, f))).length] as const)];
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    console.log(`phone form page: ${(total / 1024).toFixed(1)} KB gzipped\n${sizes.map(([f, s]) => `  ${f}  ${(s / 1024).toFixed(1)} KB`).join('\n')}`);

    // What the staff app carries must not leak in: a chunk of it would cost more than the page.
    expect(files.filter((f) => /\/(element-plus|zod|vendor|index)-/.test(f))).toEqual([]);
    expect(files.some((f) => /\/answer-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /\/vue-[\w-]+\.js$/.test(f))).toBe(true);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('follows chunk imports transitively', () => {
    const chunks: Record<string, string> = {
      'assets/a.js': 'import{x}from"./b.js";import"./c.js";',
      'assets/b.js': 'const l=()=>import("./d.js");',
      'assets/c.js': '',
      'assets/d.js': 'export{}',
    };
    const html = '<script type="module" crossorigin src="/assets/a.js"></script><link rel="stylesheet" crossorigin href="/assets/a.css">';
    expect(pageFiles(html, (f) => chunks[f]).sort()).toEqual(['assets/a.css', 'assets/a.js', 'assets/b.js', 'assets/c.js', 'assets/d.js']);
  });
});
