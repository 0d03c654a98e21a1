import { randomUUID } from 'node:crypto';
import { chunks, defineBallotKind } from '../../../kernel/ballot-box.js';
import { bumpOrgCountsBatch } from '../../../kernel/org-counts.js';
import { indexTerms } from '../../../kernel/search-terms.js';

/** A resident's opinion from the public page, waiting in the ballot box. */
export interface OpinionBallot {
  orgId: string;
  category: string;
  content: string;
  sender: { name: string; phone?: string; village?: string } | undefined;
  receiptHash: string;
  replyDays: number;
}

/** A receipt holder's message (补充情况), waiting in the ballot box. */
export interface SenderMessageBallot {
  receiptHash: string;
  body: string;
}

import { addDays } from '@massline/shared';
export { addDays };
export const searchText = (...parts: string[]) => parts.join('\n').toLowerCase();

/**
 * A batch of public opinions: one INSERT of the opinions (a retry's receipt, already stored or
 * twice in the batch, is skipped by the unique receipt), one of their search terms, one upsert of
 * the counters. Each row keeps the batch's day, and its update stamp is that day at midnight.
 */
export const opinionBallots = defineBallotKind<OpinionBallot, 'stored' | 'duplicate'>('opinion', '意见建议', async (trx, items, ctx) => {
  const seen = new Set<string>();
  const fresh = items.filter((o) => !seen.has(o.receiptHash) && seen.add(o.receiptHash));
  const inserted = new Map<string, string>();
  for (const part of chunks(fresh, 100)) {
    const rows = await trx
      .insertInto('opinions')
      .values(part.map((o) => ({
        id: randomUUID(), org_id: o.orgId, person_id: null, channel: 'online', category: o.category, content: o.content, place: '', day: ctx.day,
        named: o.sender ? 1 : 0, sender_name: o.sender?.name ?? null, sender_phone: o.sender?.phone ?? null, sender_village: o.sender?.village ?? null,
        status: 'received', handling: null, assignee_org_id: null, assignee_person_id: null, due_day: addDays(ctx.day, o.replyDays), answered_day: null,
        merged_into: null, published: 0, receipt_hash: o.receiptHash, recorded_by: null, meeting_id: null,
        search: searchText(o.content, ''), updated_at: `${ctx.day}T00:00:00.000Z`,
      })))
      .onConflict((oc) => oc.column('receipt_hash').doNothing())
      .returning(['id', 'receipt_hash'])
      .execute();
    for (const r of rows) inserted.set(r.receipt_hash!, r.id);
  }
  const stored = fresh.filter((o) => inserted.has(o.receiptHash));
  const terms = stored.flatMap((o) => indexTerms(o.content, '').map((term) => ({ term, day: ctx.day, opinion_id: inserted.get(o.receiptHash)! })));
  for (const part of chunks(terms, 1000)) await trx.insertInto('opinion_terms').values(part).execute();
  const deltas = new Map<string, { orgId: string; metric: string; count: number }>();
  for (const o of stored) {
    for (const metric of ['opinions', 'opinions.channel.online', `opinions.category.${o.category}`]) {
      const key = `${o.orgId}\u0000${metric}`;
      const d = deltas.get(key);
      if (d) d.count += 1;
      else deltas.set(key, { orgId: o.orgId, metric, count: 1 });
    }
  }
  await bumpOrgCountsBatch(trx, deltas);
  const won = new Set<string>();
  return items.map((o) => (inserted.has(o.receiptHash) && !won.has(o.receiptHash) && won.add(o.receiptHash) ? 'stored' : 'duplicate'));
}, (out) => out === 'stored');

/**
 * A batch of senders' messages: one read of the receipts, one of the conversations' last
 * numbers, one INSERT. The message keeps the batch's day, no account, no address.
 */
export const senderMessageBallots = defineBallotKind<SenderMessageBallot, { ok: true; id: string } | { ok: false }>('opinion_message', '意见补充', async (trx, items, ctx) => {
  const hashes = [...new Set(items.map((m) => m.receiptHash))];
  const opinions = new Map<string, string>();
  for (const part of chunks(hashes, 500)) {
    for (const r of await trx.selectFrom('opinions').select(['id', 'receipt_hash']).where('receipt_hash', 'in', part).execute()) opinions.set(r.receipt_hash!, r.id);
  }
  const ids = [...new Set(opinions.values())];
  const last = new Map<string, number>();
  for (const part of chunks(ids, 500)) {
    const rows = await trx.selectFrom('opinion_messages').select((eb) => ['opinion_id', eb.fn.max('seq').as('seq')]).where('opinion_id', 'in', part).groupBy('opinion_id').execute();
    for (const r of rows) last.set(r.opinion_id, Number(r.seq ?? 0));
  }
  const rows = items.flatMap((m) => {
    const opinionId = opinions.get(m.receiptHash);
    if (!opinionId) return [];
    const seq = (last.get(opinionId) ?? 0) + 1;
    last.set(opinionId, seq);
    return [{ id: randomUUID(), opinion_id: opinionId, author: 'sender', public: 0, body: m.body, day: ctx.day, seq, account_id: null }];
  });
  for (const part of chunks(rows, 200)) await trx.insertInto('opinion_messages').values(part).execute();
  return items.map((m) => (opinions.has(m.receiptHash) ? { ok: true as const, id: opinions.get(m.receiptHash)! } : { ok: false as const }));
}, (out) => out.ok);
