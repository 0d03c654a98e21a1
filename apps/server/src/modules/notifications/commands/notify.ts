import type { Transaction } from 'kysely';
import type { Database } from '../../../database.js';
import { newId } from '../../../kernel/ids.js';

export interface NotifyInput {
  /** Who is told; repeats are told once. */
  personIds: readonly string[];
  /** A short code of what happened, e.g. `rectification.overdue` (see notificationKinds in the shared contract). */
  kind: string;
  /** What the person sees in the list, in Chinese. */
  title: string;
  body?: string;
  /** A path of the staff app the notification opens, e.g. `/rectification/<id>`. */
  link?: string | null;
  /**
   * Raised once per person and key: calling again with the same key (a job run twice, a command
   * retried) adds nothing for whoever already has it. Name what makes it one event, e.g.
   * `rectification.overdue:<id>:<deadline>`.
   */
  dedupeKey: string;
  /** When it happened; pass `deps.clock.now()` (tests move the clock). Defaults to the system time. */
  at?: Date;
}

const TITLE_MAX = 200;
const BODY_MAX = 2000;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Raise a notification for each person inside the caller's transaction, so it exists exactly when
 * what it tells of was committed. Duplicates per (person, dedupe key) are skipped by the unique
 * index (`on conflict do nothing`, on SQLite and PostgreSQL alike), never an error.
 * Returns how many were new.
 */
export async function notify(trx: Transaction<Database>, input: NotifyInput): Promise<number> {
  const people = [...new Set(input.personIds)];
  if (people.length === 0) return 0;
  const at = input.at ?? new Date();
  const createdAt = at.toISOString();
  const rows = people.map((person_id) => ({
    id: newId(at.getTime()),
    person_id,
    kind: input.kind,
    title: clip(input.title, TITLE_MAX),
    body: clip(input.body ?? '', BODY_MAX),
    link: input.link ?? null,
    dedupe_key: input.dedupeKey,
    created_at: createdAt,
    read_at: null,
  }));
  const r = await trx
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['person_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}
