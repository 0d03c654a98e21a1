import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Day, normalizeText } from '@massline/shared';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { fileDisposition, isPdf, readUpload } from './kernel/attachments.js';
import { tinyPdf } from '../test/documents.js';
import { createTestApp, type TestApp } from '../test/factories.js';

// The smallest PNG there is: one transparent pixel.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489' + '0000000970485973000003e8000003e801b57b526b0000000d494441540899636060606000000005000187a14ed40000000049454e44ae426082', 'hex');

/** Issue 13, section 6: small things that add up. Each runs on SQLite and on PostgreSQL. */
describe('small things that add up', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const post = (who: string, url: string, payload: object) => t.as(who, { method: 'POST', url, payload });
  const problem = async () => (await post('office', '/api/problems', { title: '村道坑洼无人管护', category: 'livelihood', ownerOrgId: t.tree.orgs.own.id, sources: [{ type: 'inspector', note: '督导组走访发现' }] })).json().id as string;
  const item = (problemIds: string[], extra: object = {}) => ({
    problemIds, title: '修复红旗村三组村道', measures: '硬化三组至小学路段 800 米', commitment: '6 月底前修好',
    ownerOrgId: t.tree.orgs.own.id, ownerPersonId: t.tree.users.cadre.personId, deadline: '2026-06-30', ...extra,
  });

  describe('days in a sane range', () => {
    it('takes 2000-01-01 to 2099-12-31 and nothing outside', () => {
      for (const ok of ['2000-01-01', '2026-02-28', '2028-02-29', '2099-12-31']) expect(Day.safeParse(ok).success, ok).toBe(true);
      for (const bad of ['0000-01-01', '1999-12-31', '2100-01-01', '9999-12-31', '2026-02-30', '2026-13-01', '26-01-01']) expect(Day.safeParse(bad).success, bad).toBe(false);
    });

    const meeting = (day: string) => ({ orgId: t.tree.orgs.own.id, kind: 'study', title: '集中学习', day, hours: 2 });
    it.each(['0000-01-01', '9999-12-31'])('refuses %s for a meeting day, an opinion day, a due day and a deadline, saying the range', async (day) => {
      const p = await problem();
      const refused = [
        { res: await post('office', '/api/meetings', meeting(day)), path: 'day' },
        { res: await post('office', '/api/opinions', { orgId: t.tree.orgs.own.id, channel: 'forum', category: 'formalism', content: '会议太多', day }), path: 'day' },
        { res: await post('office', '/api/rectifications', item([p], { deadline: day })), path: 'deadline' },
        { res: await post('office', '/api/rectifications', item([p], { milestones: [{ title: '完成', dueDay: day, weight: 100 }] })), path: 'milestones.0.dueDay' },
      ];
      for (const { res, path: at } of refused) {
        expect(res.statusCode, at).toBe(422);
        expect(res.json().error.code).toBe('validation_failed');
        expect(res.json().error.details).toEqual([{ path: at, message: '日期须在 2000-01-01 至 2099-12-31 之间' }]);
      }
      const en = await t.as('office', { method: 'POST', url: '/api/meetings', payload: meeting(day), headers: { 'x-massline-lang': 'en' } });
      expect(en.json().error.details).toEqual([{ path: 'day', message: 'must be a day from 2000-01-01 to 2099-12-31' }]);
      expect(await t.deps.db.selectFrom('meetings').select('id').execute()).toEqual([]);
      expect(await t.deps.db.selectFrom('rectifications').select('id').execute()).toEqual([]);
    });
  });

  describe('text normalised once, the same on both databases', () => {
    it('normalises: lone surrogates to U+FFFD, NFC, no bidi controls; pairs, marks and plain text untouched', () => {
      expect(normalizeText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
      expect(normalizeText('\uD83D\uDE00')).toBe('😀');
      expect(normalizeText('e\u0301')).toBe('é');
      expect(normalizeText('合同\u202Efdp.exe')).toBe('合同fdp.exe');
      expect(normalizeText('\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069x')).toBe('x');
      expect(normalizeText('\u200F左\u200E')).toBe('\u200F左\u200E');
      expect(normalizeText('王 五')).toBe('王 五');
    });

    /** The bytes the database holds, as hex: what a dump would show, not what the driver decodes. */
    const storedHex = async (table: string, column: string, id: string) => {
      const expr = t.deps.dialect === 'sqlite' ? sql<string>`lower(hex(${sql.ref(column)}))` : sql<string>`encode(convert_to(${sql.ref(column)}, 'UTF8'), 'hex')`;
      const row = await t.deps.db.selectFrom(table as never).select(expr.as('h')).where('id' as never, '=', id as never).executeTakeFirstOrThrow();
      return (row as { h: string }).h;
    };
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

    it('stores a name with a lone surrogate, a right-to-left override and a decomposed accent as the same bytes', async () => {
      const person = t.tree.users.office.personId;
      // JSON's \ud800 escape is how a lone surrogate reaches the server.
      const payload = '{"name":"Jose\\u0301\\u202e\\ud800 王"}';
      const res = await t.as('admin', { method: 'PATCH', url: `/api/people/${person}`, payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(200);
      expect(res.json().name).toBe('José\uFFFD 王');
      expect(await storedHex('people', 'name', person)).toBe(hex('José\uFFFD 王'));
    });

    it('stores and sends a file name without its right-to-left override', async () => {
      const created = await post('office', '/api/rectifications', item([await problem()]));
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const name = `票据\u202Efdp.exe`;
      const up = await t.as('cadre', { method: 'POST', url: `/api/rectifications/${id}/attachments?name=${encodeURIComponent(name)}`, headers: { 'content-type': 'application/pdf' }, payload: tinyPdf });
      expect(up.statusCode).toBe(201);
      const row = await t.deps.db.selectFrom('rectification_attachments').select(['id', 'name']).executeTakeFirstOrThrow();
      expect(row.name).toBe('票据fdp.exe');
      expect(await storedHex('rectification_attachments', 'name', row.id)).toBe(hex('票据fdp.exe'));
    });
  });

  describe('one file check, and only images inline', () => {
    const fakes: [string, Buffer][] = [
      ['a bare header', Buffer.from('%PDF-1.7\n')],
      ['a header and an end marker', Buffer.from('%PDF-1.4\n%%EOF\n')],
      ['an HTML page behind a header', Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>\nstartxref\n%%EOF\n')],
      ['a PDF whose end marker is buried under 2 KB', Buffer.concat([tinyPdf, Buffer.alloc(2048, 0x20)])],
    ];

    it('knows a PDF by its header, startxref and %%EOF', () => {
      expect(isPdf(tinyPdf)).toBe(true);
      expect(isPdf(Buffer.concat([tinyPdf, Buffer.alloc(500, 0x0a)]))).toBe(true);
      for (const [what, b] of fakes) expect(isPdf(b), what).toBe(false);
    });

    it.each(fakes)('refuses %s as an opinion attachment, as rectification evidence and as a meeting file', async (_what, body) => {
      expect(await readUpload(body, 'attachment', 'attachment_type')).toEqual({ ok: false, reason: 'attachment_type' });
      expect(await readUpload(body, 'staff', 'meeting_file_type')).toEqual({ ok: false, reason: 'meeting_file_type' });
      const opinion = (await post('secretary', '/api/opinions', { orgId: t.tree.orgs.own.id, channel: 'visit', category: 'livelihood', content: '桥栏杆坏了' })).json().id as string;
      const res = await t.as('secretary', { method: 'POST', url: `/api/opinions/${opinion}/attachments?name=a.pdf`, headers: { 'content-type': 'application/pdf' }, payload: body });
      expect([res.statusCode, res.json().error.code]).toEqual([422, 'attachment_type']);
      const rect = (await post('office', '/api/rectifications', item([await problem()]))).json().id as string;
      const ev = await t.as('cadre', { method: 'POST', url: `/api/rectifications/${rect}/attachments?name=a.pdf`, headers: { 'content-type': 'application/pdf' }, payload: body });
      expect([ev.statusCode, ev.json().error.code]).toEqual([422, 'attachment_type']);
      expect(await t.deps.db.selectFrom('opinion_attachments').select('id').execute()).toEqual([]);
      expect(await t.deps.db.selectFrom('rectification_attachments').select('id').execute()).toEqual([]);
    });

    it('serves evidence photos inline and a PDF as an attachment, to staff and to the public', async () => {
      expect(fileDisposition('image/png', 'evidence', '现场.png')).toBe(`inline; filename="evidence"; filename*=UTF-8''${encodeURIComponent('现场.png')}`);
      expect(fileDisposition('application/pdf', 'evidence', '票据.pdf')).toBe(`attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent('票据.pdf')}`);
      const id = (await post('office', '/api/rectifications', item([await problem()]))).json().id as string;
      const photo = (await t.as('cadre', { method: 'POST', url: `/api/rectifications/${id}/attachments?name=site.png`, headers: { 'content-type': 'image/png' }, payload: PNG })).json().id as string;
      const pdf = (await t.as('cadre', { method: 'POST', url: `/api/rectifications/${id}/attachments?name=${encodeURIComponent('票据.pdf')}`, headers: { 'content-type': 'application/pdf' }, payload: tinyPdf })).json().id as string;
      const get = (file: string, size = '') => t.as('office', { method: 'GET', url: `/api/rectifications/${id}/attachments/${file}${size}` });
      expect((await get(photo)).headers['content-disposition']).toMatch(/^inline; /);
      expect((await get(photo, '?size=thumb')).headers['content-disposition']).toMatch(/^inline; /);
      const doc = await get(pdf);
      expect([doc.statusCode, doc.headers['content-type'], doc.headers['content-disposition']]).toEqual([200, 'application/pdf', `attachment; filename="evidence"; filename*=UTF-8''${encodeURIComponent('票据.pdf')}`]);
    });
  });

  describe('an oversize body gets a readable 413', () => {
    /**
     * A real socket, not inject(): the reset happens in the kernel's TCP stack. The client reads
     * nothing until it has sent its whole body, as a phone busy uploading does: if the server
     * closed with bytes unread, the reset has thrown the 413 away by then.
     */
    const send = (port: number, body: Buffer, chunked: boolean) => new Promise<string>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.pause();
      const received: Buffer[] = [];
      let failed = '';
      socket.on('error', (err: NodeJS.ErrnoException) => { failed ||= err.code ?? err.message; });
      socket.on('close', () => resolve(failed ? `error ${failed}` : Buffer.concat(received).toString('utf8')));
      socket.on('data', (c: Buffer) => received.push(c));
      const head = `POST /api/auth/login HTTP/1.1\r\nHost: massline.test\r\nOrigin: http://massline.test\r\nContent-Type: application/json\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`}\r\n\r\n`;
      const pieces: Buffer[] = [Buffer.from(head)];
      const step = 64 * 1024;
      for (let at = 0; at < body.length; at += step) {
        const piece = body.subarray(at, at + step);
        pieces.push(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
      }
      if (chunked) pieces.push(Buffer.from('0\r\n\r\n'));
      const more = () => {
        while (pieces.length > 0 && !socket.destroyed) {
          if (!socket.write(pieces.shift()!)) return void socket.once('drain', more);
        }
        // All sent (or the socket is gone): now read the answer.
        setTimeout(() => socket.resume(), 100);
      };
      more();
    });

    it.each([['a declared length', false], ['a chunked body', true]])('answers 413 body_too_large, not a reset, for %s', async (_what, chunked) => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      const body = Buffer.from(JSON.stringify({ username: 'x', password: 'y'.repeat(6 * 1024 * 1024) }));
      for (let i = 0; i < 3; i++) {
        const res = await send(port, body, chunked);
        expect(res.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
        expect(JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4)).error.code).toBe('body_too_large');
      }
    });
  });

  describe('the Origin check compares the scheme too', () => {
    const login = (app: TestApp, headers: Record<string, string>) =>
      app.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'massline.test', ...headers }, payload: { username: 'nobody', password: 'wrong' } });

    it('refuses https://host on a plain-HTTP server and http://host behind an HTTPS balancer', async () => {
      expect((await login(t, { origin: 'http://massline.test' })).statusCode).toBe(401);
      for (const headers of [{ origin: 'https://massline.test' }, { referer: 'https://massline.test/login' }, { origin: 'ftp://massline.test' }, { origin: 'http://massline.test:8080' }, { origin: 'null' }]) {
        const res = await login(t, headers);
        expect([res.statusCode, res.json().error.code], JSON.stringify(headers)).toEqual([403, 'csrf_failed']);
      }
      // A forged X-Forwarded-Proto is not believed without MASSLINE_TRUST_PROXY.
      expect((await login(t, { origin: 'https://massline.test', 'x-forwarded-proto': 'https' })).statusCode).toBe(403);

      const proxied = await createTestApp({ trustProxy: true });
      try {
        expect((await login(proxied, { origin: 'https://massline.test', 'x-forwarded-proto': 'https' })).statusCode).toBe(401);
        expect((await login(proxied, { origin: 'http://massline.test', 'x-forwarded-proto': 'https' })).json().error.code).toBe('csrf_failed');
      } finally {
        await proxied.close();
      }
    });
  });

  describe('HEAD /', () => {
    let dist: string;
    afterEach(() => rmSync(dist, { recursive: true, force: true }));

    it('answers like GET: 200, the page\'s headers, no body', async () => {
      dist = mkdtempSync(path.join(os.tmpdir(), 'massline-dist-'));
      writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>staff</title>');
      writeFileSync(path.join(dist, 'answer.html'), '<!doctype html><title>answer</title>');
      const app = await buildApp({ ...t.deps, config: { ...t.deps.config, webDist: dist }, serveWeb: true });
      try {
        const get = await app.inject({ method: 'GET', url: '/' });
        const head = await app.inject({ method: 'HEAD', url: '/' });
        expect([get.statusCode, get.body]).toEqual([200, '<!doctype html><title>staff</title>']);
        expect([head.statusCode, head.body]).toEqual([200, '']);
        expect(head.headers['content-type']).toBe(get.headers['content-type']);
        expect(head.headers['cache-control']).toBe('no-cache');
        expect((await app.inject({ method: 'HEAD', url: '/meetings' })).statusCode).toBe(200);
        // A missing asset or API route stays a 404 for HEAD as for GET.
        expect((await app.inject({ method: 'HEAD', url: '/assets/missing.js' })).statusCode).toBe(404);
        expect((await app.inject({ method: 'HEAD', url: '/api/nothing-here' })).statusCode).toBe(404);
      } finally {
        await app.close();
      }
    });
  });
});
