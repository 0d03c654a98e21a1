import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

/**
 * JSON request bodies, bounded before anything walks them.
 *
 * A body of 35–60 KB of `[[[[…` is tens of thousands of levels deep: JSON.parse copes, but every
 * recursive walk after it (the NUL check, zod's recursive schemas, conditionRefs…) either takes a
 * quadratic time or overflows the stack and answers 500, before authentication and rate limits.
 * So the raw text is measured first, in one linear pass without recursion, and a body nested
 * deeper than any form of ours refused with 400; everything after parsing may then recurse.
 */

/**
 * Deepest nesting of a legitimate body. The deepest are form definitions: body → definition →
 * sections → section → questions → question → showIf is 7 levels, then 1 per `not` and 2 per
 * `all`/`any`; the form editor and XLSForm produce a handful. 32 leaves room and still bounds
 * every recursion over a request to a few dozen frames.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text opens more than `max` arrays or objects inside each other, counting brackets
 * outside strings in one pass (escapes inside strings skipped). Text that is not JSON gets some
 * answer; JSON.parse refuses it afterwards either way.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the closing quote: only a backslash or a quote matters inside a string.
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * Path of the first string holding a NUL character, anywhere in the input (depth first, in key
 * order), or null. No text of ours ever contains one, and PostgreSQL refuses it in text columns
 * (SQLite would store it). An explicit stack instead of recursion: querystrings and headers reach
 * it too, and no input may overflow the call stack.
 */
export function findNul(value: unknown): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : null;
  if (!value || typeof value !== 'object') return null;
  const stack: { entries: [string, unknown][]; next: number }[] = [{ entries: Object.entries(value), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next === top.entries.length) {
      stack.pop();
      continue;
    }
    const v = top.entries[top.next++][1];
    if (typeof v === 'string') {
      // Each frame's current entry is the one being visited: their keys are the path.
      if (v.includes('\u0000')) return stack.map((f) => f.entries[f.next - 1][0]);
    } else if (v && typeof v === 'object') {
      stack.push({ entries: Object.entries(v), next: 0 });
    }
  }
  return null;
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/**
 * Replaces Fastify's `application/json` parser (register on the root instance, before any
 * route): the size limit, which Fastify counts while streaming; a route's own larger limit,
 * meant for its file uploads, lets the reading go further but not the parsing (JSON past this
 * limit is refused unparsed); then the depth scan; then Fastify's own parser (secure-json-parse,
 * refusing `__proto__` and `constructor` keys, with its error codes).
 */
export function registerJsonBody(app: FastifyInstance, opts: { bodyLimit: number; maxDepth?: number }): void {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: opts.bodyLimit }, (request, body, done) => {
    const text = body as string;
    // A UTF-16 unit is at least one byte: measure the bytes only when the length cannot decide.
    if (text.length > opts.bodyLimit || (text.length * 3 > opts.bodyLimit && Buffer.byteLength(text) > opts.bodyLimit)) {
      done(new HttpError('body_too_large', { limit: kb(opts.bodyLimit) }), undefined);
      return;
    }
    if (jsonDepthExceeds(text, maxDepth)) {
      done(new HttpError('json_too_deep', { limit: maxDepth }), undefined);
      return;
    }
    parse(request, text, done);
  });
}
