import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '@massline/shared/src/forms/model';
import { classify, Outbox, type OutboxItem, type OutboxStore } from '../src/answer/mobile/outbox';
import { localDay, outcomeQuestion, visitStart } from '../src/answer/mobile/visit';
import { parseRoute } from '../src/answer/router';

/** The outbox over a Map, as IndexedDB would keep it. */
function memoryStore(): OutboxStore & { map: Map<string, OutboxItem> } {
  const map = new Map<string, OutboxItem>();
  return {
    map,
    get: async (k) => (map.has(k) ? structuredClone(map.get(k)) : undefined),
    set: async (k, v) => void map.set(k, structuredClone(v)),
    delete: async (k) => void map.delete(k),
    values: async () => [...map.values()].map((v) => structuredClone(v)),
  };
}

type Reply = { status: number; json: unknown } | 'network';

/** A server that stores each idempotency key once, and answers from a script (then "stored"). */
function fakeServer(script: Reply[] = []) {
  const stored = new Map<string, unknown>();
  const calls: string[] = [];
  const send = async (item: OutboxItem) => {
    calls.push(item.idempotencyKey);
    const next = script.shift();
    if (next === 'network') throw new Error('offline');
    if (next && next.status !== 201 && next.status !== 200) return next;
    // Stored once; a resend of the same key is a duplicate. A scripted reply may be "lost" after storing.
    const duplicate = stored.has(item.idempotencyKey);
    if (!duplicate) stored.set(item.idempotencyKey, item.body);
    return next ?? { status: duplicate ? 200 : 201, json: { ok: true, duplicate } };
  };
  return { stored, calls, send };
}

let seq = 0;
function item(over: Partial<OutboxItem> = {}): Omit<OutboxItem, 'state' | 'attempts'> {
  seq += 1;
  const key = over.idempotencyKey ?? `key-${String(seq).padStart(16, '0')}`;
  return {
    idempotencyKey: key,
    assignmentId: 'a1',
    personId: 'p1',
    body: { answers: { q: 'yes' }, idempotencyKey: key, visit: { outcome: 'completed', day: '2026-03-15' } },
    createdAt: `2026-03-15T08:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    label: { formTitle: '基层随机走访问卷' },
    ...over,
  };
}

const err = (status: number, code: string, message = '出错了', details?: unknown) => ({ status, json: { error: { code, message, ...(details ? { details } : {}) } } });

describe('what a server answer means for an outbox item', () => {
  it('counts only our own confirmation as stored', () => {
    expect(classify(201, { ok: true, duplicate: false })).toEqual({ kind: 'sent', duplicate: false });
    expect(classify(200, { ok: true, duplicate: true })).toEqual({ kind: 'sent', duplicate: true });
    // A captive portal's login page, or an empty 200: nothing was stored.
    expect(classify(200, null)).toEqual({ kind: 'retry' });
    expect(classify(200, { html: true })).toEqual({ kind: 'retry' });
  });

  it('keeps the item on a 401, and on a password to change, asking to sign in', () => {
    expect(classify(401, err(401, 'unauthenticated', '请先登录').json)).toEqual({ kind: 'signin', code: 'unauthenticated', message: '请先登录' });
    expect(classify(401, null)).toEqual({ kind: 'signin', code: 'unauthenticated', message: '' });
    expect(classify(403, err(403, 'password_change_required', '请先修改初始密码').json)).toMatchObject({ kind: 'signin', code: 'password_change_required' });
  });

  it('takes a 4xx with our error as a definitive refusal, anything else as "try again later"', () => {
    for (const [status, code] of [[409, 'already_answered'], [409, 'form_not_open'], [422, 'answers_invalid'], [422, 'visit_required'], [404, 'not_found'], [400, 'invalid_body'], [403, 'forbidden']] as const) {
      expect(classify(status, err(status, code).json), code).toMatchObject({ kind: 'rejected', error: { status, code, message: '出错了' } });
    }
    for (const status of [408, 425, 429, 500, 502, 503, 504]) expect(classify(status, err(status, 'busy').json), String(status)).toEqual({ kind: 'retry' });
    // A proxy's own 404 or 413 page refused nothing of ours.
    expect(classify(404, null)).toEqual({ kind: 'retry' });
    expect(classify(302, null)).toEqual({ kind: 'retry' });
  });
});

describe('the outbox', () => {
  it('sends oldest first, and removes an item only once the server has it', async () => {
    const store = memoryStore();
    const server = fakeServer();
    const outbox = new Outbox(store, server.send);
    const b = await outbox.add(item({ createdAt: '2026-03-15T09:00:00.000Z' }));
    const a = await outbox.add(item({ createdAt: '2026-03-15T08:00:00.000Z' }));
    expect((await outbox.list()).map((i) => i.idempotencyKey)).toEqual([a.idempotencyKey, b.idempotencyKey]);
    expect(await outbox.flush('p1')).toEqual({ sent: 2, duplicates: 0, rejected: 0, interrupted: false, signin: null });
    expect(server.calls).toEqual([a.idempotencyKey, b.idempotencyKey]);
    expect(store.map.size).toBe(0);
    expect(server.stored.size).toBe(2);
  });

  it('keeps everything when there is no network, and sends it all later, each stored once', async () => {
    const store = memoryStore();
    const server = fakeServer(['network']);
    const outbox = new Outbox(store, server.send);
    await outbox.add(item());
    await outbox.add(item());
    const offline = await outbox.flush('p1');
    expect(offline).toMatchObject({ sent: 0, interrupted: true });
    // Stopped at the first failure: the second was not even tried.
    expect(server.calls).toHaveLength(1);
    expect([...store.map.values()].map((i) => [i.state, i.attempts])).toEqual([['pending', 1], ['pending', 0]]);
    expect(await outbox.flush('p1')).toMatchObject({ sent: 2, interrupted: false });
    expect(store.map.size).toBe(0);
    expect(server.stored.size).toBe(2);
  });

  it('resends with the same key after a lost reply: the server counts it once (exactly once)', async () => {
    const store = memoryStore();
    // The server stores the first copy, but its reply never arrives; so does the next (a 502 from a proxy).
    const sends: string[] = [];
    const stored = new Map<string, number>();
    const outbox = new Outbox(store, async (i) => {
      sends.push(i.body.idempotencyKey);
      const duplicate = stored.has(i.idempotencyKey);
      stored.set(i.idempotencyKey, (stored.get(i.idempotencyKey) ?? 0) + (duplicate ? 0 : 1));
      if (sends.length === 1) throw new Error('connection reset');
      if (sends.length === 2) return { status: 502, json: null };
      return { status: duplicate ? 200 : 201, json: { ok: true, duplicate } };
    });
    const added = await outbox.add(item());
    expect(await outbox.flush('p1')).toMatchObject({ sent: 0, interrupted: true });
    expect(await outbox.flush('p1')).toMatchObject({ sent: 0, interrupted: true });
    expect(await outbox.flush('p1')).toMatchObject({ sent: 1, duplicates: 1 });
    expect(sends).toEqual([added.idempotencyKey, added.idempotencyKey, added.idempotencyKey]);
    expect([...stored.values()]).toEqual([1]);
    expect(store.map.size).toBe(0);
  });

  it('turns a definitive refusal into a failed item with the server\'s words, kept and not retried, and goes on with the rest', async () => {
    const store = memoryStore();
    const server = fakeServer([err(409, 'form_not_open', '该问卷当前不接受填写')]);
    const outbox = new Outbox(store, server.send);
    const refused = await outbox.add(item());
    const fine = await outbox.add(item());
    expect(await outbox.flush('p1')).toMatchObject({ sent: 1, rejected: 1, interrupted: false });
    const [left] = await outbox.list();
    expect(left).toMatchObject({ idempotencyKey: refused.idempotencyKey, state: 'failed', error: { status: 409, code: 'form_not_open', message: '该问卷当前不接受填写' } });
    expect(server.stored.has(fine.idempotencyKey)).toBe(true);
    // Not sent again on its own.
    server.calls.length = 0;
    expect(await outbox.flush('p1')).toMatchObject({ sent: 0, rejected: 0 });
    expect(server.calls).toEqual([]);
    // Sent again when the person asks (the form reopened), or deleted.
    await outbox.retry(refused.idempotencyKey);
    expect((await outbox.list())[0]).toMatchObject({ state: 'pending' });
    expect((await outbox.list())[0].error).toBeUndefined();
    await outbox.remove(refused.idempotencyKey);
    expect(store.map.size).toBe(0);
  });

  it('keeps the answers_invalid details for the form to show', async () => {
    const store = memoryStore();
    const details = [{ question: 'service', code: 'required', message: '此题为必答题' }];
    const outbox = new Outbox(store, fakeServer([err(422, 'answers_invalid', '有 1 道题需要修改', details)]).send);
    await outbox.add(item());
    await outbox.flush('p1');
    expect((await outbox.list())[0].error).toEqual({ status: 422, code: 'answers_invalid', message: '有 1 道题需要修改', details });
  });

  it('stops on a 401 and keeps every item, to be sent after signing in again', async () => {
    const store = memoryStore();
    const server = fakeServer([err(401, 'unauthenticated', '请先登录')]);
    const outbox = new Outbox(store, server.send);
    await outbox.add(item());
    await outbox.add(item());
    expect(await outbox.flush('p1')).toMatchObject({ sent: 0, signin: { code: 'unauthenticated', message: '请先登录' } });
    expect(server.calls).toHaveLength(1);
    expect([...store.map.values()].every((i) => i.state === 'pending')).toBe(true);
    expect(await outbox.flush('p1')).toMatchObject({ sent: 2, signin: null });
    expect(server.stored.size).toBe(2);
  });

  it('sends an item only under the session of the person who recorded it', async () => {
    const store = memoryStore();
    const server = fakeServer();
    const outbox = new Outbox(store, server.send);
    const mine = await outbox.add(item({ personId: 'p1' }));
    const theirs = await outbox.add(item({ personId: 'p2' }));
    expect(await outbox.flush('p1')).toMatchObject({ sent: 1 });
    expect(server.calls).toEqual([mine.idempotencyKey]);
    expect([...store.map.keys()]).toEqual([theirs.idempotencyKey]);
  });

  it('keeps the first of two items with the same key: one filled-in form, one item', async () => {
    const store = memoryStore();
    const outbox = new Outbox(store, fakeServer().send);
    const first = await outbox.add(item({ idempotencyKey: 'same-key-0000000001', label: { formTitle: 'first' } }));
    const again = await outbox.add(item({ idempotencyKey: 'same-key-0000000001', label: { formTitle: 'second' } }));
    expect(again).toEqual(first);
    expect(store.map.size).toBe(1);
  });

  it('runs one flush at a time; a call meanwhile makes it go round again for an item added late', async () => {
    const store = memoryStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const server = fakeServer();
    const outbox = new Outbox(store, async (i) => {
      await gate;
      return server.send(i);
    });
    await outbox.add(item());
    const first = outbox.flush('p1');
    await outbox.add(item());
    const second = outbox.flush('p1');
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ sent: 2 });
    // Each sent once, never twice at the same time.
    expect(server.calls).toHaveLength(2);
    expect(new Set(server.calls).size).toBe(2);
    expect(store.map.size).toBe(0);
  });

  it('tells the page whenever the outbox changes', async () => {
    let changes = 0;
    const outbox = new Outbox(memoryStore(), fakeServer().send, () => (changes += 1));
    await outbox.add(item());
    await outbox.flush('p1');
    expect(changes).toBe(2);
  });
});

describe('field visits', () => {
  const def: FormDefinition = {
    sections: [
      { key: 'visit', title: '走访情况', questions: [{ key: 'outcome', type: 'single', label: '走访结果', required: true,
        options: [{ value: 'completed', label: '已完成访谈' }, { value: 'not_home', label: '家中无人' }, { value: 'refused', label: '拒绝访谈' }] }] },
      { key: 'interview', title: '访谈内容', showIf: { question: 'outcome', op: 'is', value: 'completed' },
        questions: [{ key: 'service', type: 'single', label: '评价', required: true, options: [{ value: 'good', label: '好' }] }] },
    ],
  };

  it('answers the form\'s own outcome question with the outcome asked first, and does not ask it again', () => {
    expect(outcomeQuestion(def)?.key).toBe('outcome');
    const start = visitStart(def, 'completed');
    expect(start.answers).toEqual({ outcome: 'completed' });
    expect([...start.settled]).toEqual(['outcome']);
    expect(visitStart({ sections: [def.sections[1]] }, 'completed')).toEqual({ answers: {}, settled: new Set() });
  });

  it('dates a visit by the phone\'s own calendar', () => {
    expect(localDay(new Date(2026, 2, 5, 23, 59))).toBe('2026-03-05');
    expect(localDay(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
  });
});

describe('the phone pages\' addresses', () => {
  it('reads /f, /m and /m/a/:id', () => {
    expect(parseRoute('/f/abc')).toEqual({ name: 'form', formId: 'abc' });
    expect(parseRoute('/m')).toEqual({ name: 'tasks' });
    expect(parseRoute('/m/')).toEqual({ name: 'tasks' });
    expect(parseRoute('/m/a/0192f0e4-aaaa')).toEqual({ name: 'task', assignmentId: '0192f0e4-aaaa' });
    expect(parseRoute('/m/a/x%2Fy/')).toEqual({ name: 'task', assignmentId: 'x/y' });
    expect(parseRoute('/m/a/%E0%A4%A')).toEqual({ name: 'not_found' });
    expect(parseRoute('/mx')).toEqual({ name: 'not_found' });
    expect(parseRoute('/m/other')).toEqual({ name: 'not_found' });
  });
});
