import { readXlsx, type SheetChoice, type XlsxLimits } from './xlsx-read.js';

/**
 * The child process that reads an uploaded .xlsx (started by uploads.ts). It gets the options as
 * argv[2] (JSON) and the file on stdin, and writes newline-delimited JSON to stdout: one line per
 * sheet header `{"sheet":name}`, one per row `{"r":n,"c":[…]}`, then `{"ok":true}` or
 * `{"ok":false,"reason":…}`. The parent reads the lines as they come, so no single parse holds
 * its event loop.
 */
const { choice, limits } = JSON.parse(process.argv[2] ?? '{}') as { choice: SheetChoice; limits: XlsxLimits };
const chunks: Buffer[] = [];
let size = 0;
for await (const chunk of process.stdin) {
  size += (chunk as Buffer).length;
  // The parent never sends more than its body limit; anything beyond is not ours to read.
  if (size > limits.maxBytes) {
    process.stdout.write(`${JSON.stringify({ ok: false, reason: 'too_large' })}\n`);
    process.exit(0);
  }
  chunks.push(chunk as Buffer);
}
const result = await readXlsx(Buffer.concat(chunks), choice, limits);
chunks.length = 0;

const out: string[] = [];
let pending = 0;
const flush = async () => {
  if (!out.length) return;
  const text = out.join('');
  out.length = 0;
  pending = 0;
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
};
if (result.ok) {
  for (const sheet of result.sheets) {
    out.push(`${JSON.stringify({ sheet: sheet.name })}\n`);
    for (const row of sheet.rows) {
      const line = `${JSON.stringify({ r: row.r, c: row.cells })}\n`;
      out.push(line);
      pending += line.length;
      if (pending > 1 << 16) await flush();
    }
  }
  out.push(`${JSON.stringify({ ok: true })}\n`);
} else out.push(`${JSON.stringify({ ok: false, reason: result.reason })}\n`);
await flush();
process.stdout.end();
