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

/**
 * Files answer.html loads: its scripts, module preloads and stylesheets, then every chunk they
 * import. `lazy` names files only other pages load (the signed-in pages /m/, the opinion pages
 * /o/ and /r), through a dynamic import: the page measured never fetches them, so they are not
 * followed; a static import of one is an error.
 */
export function pageFiles(html: string, read: (file: string) => string, lazy: ReadonlySet<string> = new Set()): string[] {
  const files = new Set<string>();
  const queue: string[] = [];
  const add = (ref: string, from: string | null, dynamic: boolean) => {
    const file = ref.replace(/^\//, '').replace(/^\.\//, 'assets/');
    if (!/\.(js|css)$/.test(file) || files.has(file)) return;
    if (lazy.has(file)) {
      if (!dynamic) throw new Error(`${from ?? 'answer.html'} loads ${file}, listed as loaded by another page only`);
      return;
    }
    files.add(file);
    if (file.endsWith('.js')) queue.push(file);
  };
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) add(m[1], null, false);
  for (const m of html.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:modulepreload|stylesheet)"/g)) add(m[1] ?? m[2], null, false);
  while (queue.length) {
    const file = queue.shift()!;
    const code = read(file);
    // Static imports, dynamic imports, and the file lists Vite's preload helper carries: all of them,
    // even a lazy chunk, since a screen of the form may need it (except the /m pages' own).
    for (const m of code.matchAll(/\b(from|import)\s*(\(?)\s*["'`](\.\/[\w.-]+\.js)["'`]/g)) add(path.posix.join('assets', m[3]), file, m[2] === '(');
    for (const m of code.matchAll(/["'`](\/?assets\/[\w.-]+\.(?:js|css))["'`]/g)) add(m[1], file, true);
  }
  return [...files];
}

const gzipped = (file: string) => gzipSync(readFileSync(path.join(dist, file))).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The signed-in pages (/m/) may load more, in their own chunks, and stay light too. */
export const MOBILE_BUDGET_BYTES = 150 * 1024;
/** The opinion pages (/o/, /r, /p), the receipt's QR code included: as light as the form page. */
export const OPINION_BUDGET_BYTES = 120 * 1024;

/** The rectification disclosure (/d/:orgId, /d/i/:id), QR code included: within the opinion pages' budget. */
export const DISCLOSURE_BUDGET_BYTES = 120 * 1024;

interface OfflineManifest { version: string; entry: string; files: string[]; lazy: string[]; opinions: string[]; disclosure: string[] }
const manifest = (): OfflineManifest => JSON.parse(readFileSync(path.join(dist, 'm-offline.json'), 'utf8')) as OfflineManifest;
const assetSet = (files: string[]) => new Set(files.map((f) => f.replace(/^\//, '')));

describe('the phone form page (answer.html)', () => {
  it(`loads at most ${BUDGET_BYTES / 1024} KB gzipped, and none of the staff app's libraries`, () => {
    const html = path.join(dist, 'answer.html');
    if (!existsSync(html)) throw new Error(`${html} is missing: build the web app first (npm run build, or npm ci which builds it)`);
    const htmlText = readFileSync(html, 'utf8');
    const offline = manifest();
    const lazy = assetSet([...offline.lazy, ...offline.opinions, ...offline.disclosure]);
    const files = pageFiles(htmlText, (file) => readFileSync(path.join(dist, file), 'utf8'), lazy);
    const sizes = [['answer.html', gzipSync(htmlText).length] as const, ...files.map((f) => [f, gzipped(f)] as const)];
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    console.log(`phone form page: ${kb(total)} gzipped\n${sizes.map(([f, s]) => `  ${f}  ${kb(s)}`).join('\n')}`);

    // What the staff app carries must not leak in: a chunk of it would cost more than the page.
    expect(files.filter((f) => /\/(element-plus|zod|vendor|index)-/.test(f))).toEqual([]);
    expect(files.some((f) => /\/answer-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /\/vue-[\w-]+\.js$/.test(f))).toBe(true);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it(`keeps the signed-in pages (/m/) within ${MOBILE_BUDGET_BYTES / 1024} KB gzipped, all of it cached for offline use`, () => {
    const offline = manifest();
    const htmlText = readFileSync(path.join(dist, 'answer.html'), 'utf8');
    // Everything the form page loads is in the service worker's list, and so is what only /m
    // loads; what only the opinion pages load is not (/m never opens them).
    const all = pageFiles(htmlText, (file) => readFileSync(path.join(dist, file), 'utf8'), assetSet([...offline.opinions, ...offline.disclosure]));
    expect(offline.files.map((f) => f.replace(/^\//, '')).sort()).toEqual(['favicon.svg', ...all].sort());
    expect(htmlText).toContain(offline.entry);
    expect(offline.lazy.length).toBeGreaterThan(0);
    expect(offline.lazy.filter((f) => /\/(element-plus|zod|vendor|index)-/.test(f))).toEqual([]);
    const total = gzipSync(htmlText).length + all.reduce((sum, f) => sum + gzipped(f), 0);
    console.log(`signed-in phone pages: ${kb(total)} gzipped (/m only: ${offline.lazy.map((f) => `${f.replace(/^\/assets\//, '')} ${kb(gzipped(f.slice(1)))}`).join(', ')})`);
    expect(total).toBeLessThanOrEqual(MOBILE_BUDGET_BYTES);
  });

  it(`keeps the opinion pages (/o/, /r, /p) within ${OPINION_BUDGET_BYTES / 1024} KB gzipped, QR code included, and out of the others' weight`, () => {
    const offline = manifest();
    const htmlText = readFileSync(path.join(dist, 'answer.html'), 'utf8');
    const files = pageFiles(htmlText, (file) => readFileSync(path.join(dist, file), 'utf8'), assetSet([...offline.lazy, ...offline.disclosure.filter((f) => !offline.opinions.includes(f))]));
    const total = gzipSync(htmlText).length + files.reduce((sum, f) => sum + gzipped(f), 0);
    console.log(`opinion pages: ${kb(total)} gzipped (/o, /r and /p only: ${offline.opinions.map((f) => `${f.replace(/^\/assets\//, '')} ${kb(gzipped(f.slice(1)))}`).join(', ')})`);
    // The three pages and the QR code library are chunks of their own, loaded only there.
    const only = [...assetSet(offline.opinions)];
    for (const page of ['SendPage', 'ReceiptPage', 'AnswersPage', 'qrcode']) expect(only.some((f) => f.startsWith(`assets/${page}-`) && f.endsWith('.js')), page).toBe(true);
    expect(offline.files.filter((f) => offline.opinions.includes(f))).toEqual([]);
    expect(files.filter((f) => /\/(element-plus|zod|vendor|index|echarts)-/.test(f))).toEqual([]);
    expect(total).toBeLessThanOrEqual(OPINION_BUDGET_BYTES);
  });

  it(`keeps the rectification disclosure (/d/) within ${DISCLOSURE_BUDGET_BYTES / 1024} KB gzipped, QR code included, and out of the others' weight`, () => {
    const offline = manifest();
    const htmlText = readFileSync(path.join(dist, 'answer.html'), 'utf8');
    const files = pageFiles(htmlText, (file) => readFileSync(path.join(dist, file), 'utf8'), assetSet([...offline.lazy, ...offline.opinions.filter((f) => !offline.disclosure.includes(f))]));
    const total = gzipSync(htmlText).length + files.reduce((sum, f) => sum + gzipped(f), 0);
    console.log(`disclosure pages: ${kb(total)} gzipped (/d only or shared with /r: ${offline.disclosure.map((f) => `${f.replace(/^\/assets\//, '')} ${kb(gzipped(f.slice(1)))}`).join(', ')})`);
    // The two pages and the QR code library are chunks of their own, loaded only there (and by the opinion pages).
    const only = [...assetSet(offline.disclosure)];
    for (const page of ['ListPage', 'ItemPage', 'qrcode']) expect(only.some((f) => f.startsWith(`assets/${page}-`) && f.endsWith('.js')), page).toBe(true);
    expect(offline.files.filter((f) => offline.disclosure.includes(f))).toEqual([]);
    expect(files.filter((f) => /\/(element-plus|zod|vendor|index|echarts)-/.test(f))).toEqual([]);
    // The opinion pages' own chunks stay out, but for what the receipt page shares with them.
    expect(files.filter((f) => /\/(SendPage|AnswersPage)-/.test(f))).toEqual([]);
    expect(total).toBeLessThanOrEqual(DISCLOSURE_BUDGET_BYTES);
  });

  it('follows chunk imports transitively, except into the /m pages\' own chunks', () => {
    const chunks: Record<string, string> = {
      'assets/a.js': 'import{x}from"./b.js";import"./c.js";const m=()=>import("./m.js");',
      'assets/b.js': 'const l=()=>import("./d.js");const deps=["assets/m.js","assets/m.css"];',
      'assets/c.js': '',
      'assets/d.js': 'export{}',
      'assets/m.js': 'import"./e.js"',
      'assets/e.js': '',
    };
    const html = '<script type="module" crossorigin src="/assets/a.js"></script><link rel="stylesheet" crossorigin href="/assets/a.css">';
    expect(pageFiles(html, (f) => chunks[f]).sort()).toEqual(['assets/a.css', 'assets/a.js', 'assets/b.js', 'assets/c.js', 'assets/d.js', 'assets/e.js', 'assets/m.css', 'assets/m.js']);
    const lazy = new Set(['assets/m.js', 'assets/m.css', 'assets/e.js']);
    expect(pageFiles(html, (f) => chunks[f], lazy).sort()).toEqual(['assets/a.css', 'assets/a.js', 'assets/b.js', 'assets/c.js', 'assets/d.js']);
    // A file the form page imports statically cannot be left out.
    expect(() => pageFiles(html, (f) => chunks[f], new Set(['assets/c.js']))).toThrow(/loads assets\/c\.js/);
  });
});
