import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SheetChoice, XlsxLimits, XlsxRefusal, XlsxSheet } from './xlsx-read.js';

/**
 * Uploaded spreadsheets are read in a child process, never on the server's event loop: a zip
 * bomb or a sheet formatted down to row 1,048,576 costs the child, which counts every
 * uncompressed byte (xlsx-read.ts), runs under an operating-system limit on its data segment
 * (`ulimit -d`, which covers the buffers an unzip fills, unlike `--max-old-space-size`) and is
 * killed after `timeoutMs`. Its rows come back as newline-delimited JSON, parsed line by line.
 */
export const uploadLimits: XlsxLimits & { timeoutMs: number; memoryMb: number } = {
  maxBytes: 200 * 1024 * 1024,
  maxRows: 20_001, // a header and 20,000 rows
  maxColumns: 200,
  maxChars: 20 * 1024 * 1024,
  timeoutMs: 20_000,
  memoryMb: 768,
};

export type UploadRefusal = XlsxRefusal | 'too_complex';
export type SheetsResult = { ok: true; sheets: XlsxSheet[] } | { ok: false; reason: UploadRefusal };

const here = import.meta.url;
const fromSources = here.endsWith('.ts');
const childScript = fileURLToPath(new URL(fromSources ? './xlsx-read-child.ts' : './xlsx-read-child.js', here));

export function readXlsxUpload(file: Buffer, choice: SheetChoice, limits = uploadLimits): Promise<SheetsResult> {
  const nodeArgs = [...(fromSources ? ['--import', new URL('./ts-child-loader.mjs', here).href] : []), childScript, JSON.stringify({ choice, limits })];
  const quoted = [process.execPath, ...nodeArgs].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('/bin/sh', ['-c', `ulimit -d ${limits.memoryMb * 1024} && exec ${quoted}`], { stdio: ['pipe', 'pipe', 'ignore'] });
  return new Promise((resolve) => {
    const sheets: XlsxSheet[] = [];
    let result: SheetsResult | null = null;
    let rest = '';
    let bad = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, limits.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (bad || result) return;
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        try {
          const msg = JSON.parse(line) as { sheet?: string; r?: number; c?: string[]; ok?: boolean; reason?: XlsxRefusal };
          if (typeof msg.sheet === 'string') sheets.push({ name: msg.sheet, rows: [] });
          else if (typeof msg.r === 'number' && Array.isArray(msg.c) && sheets.length) sheets[sheets.length - 1].rows.push({ r: msg.r, cells: msg.c });
          else if (msg.ok === true) result = { ok: true, sheets };
          else if (msg.ok === false && msg.reason) result = { ok: false, reason: msg.reason };
          else bad = true;
        } catch {
          bad = true;
        }
        if (bad || result) break;
      }
      if (rest.length > limits.maxChars * 2) bad = true;
      if (bad) child.kill('SIGKILL');
    });
    child.on('close', () => {
      clearTimeout(timer);
      // Killed (time or memory) or broken: the file was too much to read within the limits.
      resolve(result ?? { ok: false, reason: 'too_complex' });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(file);
  });
}

/** The error for a refused upload ('unreadable' is left to the caller, whose message names the file). */
type UploadCode = 'upload_too_large' | 'upload_too_many_rows' | 'upload_too_many_columns' | 'upload_too_complex';
export function uploadRefusal(reason: Exclude<UploadRefusal, 'unreadable'>, limits = uploadLimits): { code: UploadCode; params: Record<string, string | number> } {
  switch (reason) {
    case 'too_large': return { code: 'upload_too_large', params: { limit: `${Math.round(limits.maxBytes / 1024 / 1024)} MB` } };
    case 'too_many_rows': return { code: 'upload_too_many_rows', params: { limit: limits.maxRows - 1 } };
    case 'too_many_columns': return { code: 'upload_too_many_columns', params: { limit: limits.maxColumns } };
    case 'too_complex': return { code: 'upload_too_complex', params: {} };
  }
}
