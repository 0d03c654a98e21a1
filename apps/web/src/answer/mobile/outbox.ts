/**
 * The outbox: every signed-in answer and field visit is written here first (IndexedDB on the
 * phone), then sent. Exactly once, over any number of tries, lost replies and reloads:
 *  - the idempotency key is chosen once per filled-in form or visit and travels with the item, so
 *    the server stores a resend of something it already has once (and answers 200 duplicate);
 *  - an item leaves the outbox only when the server has it (2xx with `ok: true`); a definitive
 *    refusal (a 4xx other than 401) turns it into a failed item, kept for the person to read and
 *    delete, never retried on its own; anything else (no network, 5xx, 408, 429, a captive
 *    portal's page) leaves it waiting for the next flush;
 *  - a 401 (or a password that must be changed first) keeps everything and asks to sign in;
 *  - an item is sent only under the session of the person who recorded it.
 * No DOM or IndexedDB in here: the storage and the sender are passed in (a Map fakes them in tests).
 */

export interface OutboxBody {
  answers: Record<string, unknown>;
  idempotencyKey: string;
  visit?: { outcome: 'completed' | 'not_home' | 'refused'; day?: string; lat?: number; lng?: number; accuracy?: number };
}

export interface OutboxError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface OutboxItem {
  /** The idempotency key: one item per filled-in form or visit. */
  idempotencyKey: string;
  assignmentId: string;
  /** Who recorded it: sent only while that person is signed in. */
  personId: string;
  body: OutboxBody;
  /** ISO time it was recorded on the phone; items are sent oldest first. */
  createdAt: string;
  /** What to show in the list: the form's title and whom or what it was about. */
  label: { formTitle: string; subject?: string | null };
  state: 'pending' | 'failed';
  attempts: number;
  /** The server's refusal, for a failed item. */
  error?: OutboxError;
}

/** Where items are kept: IndexedDB on the phone (idb-keyval), a Map in tests. */
export interface OutboxStore {
  get(key: string): Promise<OutboxItem | undefined>;
  set(key: string, item: OutboxItem): Promise<void>;
  delete(key: string): Promise<void>;
  values(): Promise<OutboxItem[]>;
}

/** The server's answer to one send: its status and JSON body (null if not JSON). Throws when nothing came back. */
export type Sender = (item: OutboxItem) => Promise<{ status: number; json: unknown }>;

export type SendOutcome =
  | { kind: 'sent'; duplicate: boolean }
  | { kind: 'retry' }
  | { kind: 'signin'; code: string; message: string }
  | { kind: 'rejected'; error: OutboxError };

const errorOf = (status: number, json: unknown): OutboxError | null => {
  const e = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return null;
  return { status, code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) };
};

/** What one server answer means for the item. */
export function classify(status: number, json: unknown): SendOutcome {
  if (status === 200 || status === 201) {
    // Only our own confirmation counts: a captive portal's 200 page has stored nothing.
    const body = json as { ok?: unknown; duplicate?: unknown } | null;
    return body?.ok === true ? { kind: 'sent', duplicate: body.duplicate === true } : { kind: 'retry' };
  }
  const error = errorOf(status, json);
  if (status === 401) return { kind: 'signin', code: error?.code ?? 'unauthenticated', message: error?.message ?? '' };
  if (status === 403 && error?.code === 'password_change_required') return { kind: 'signin', code: error.code, message: error.message };
  // Timeouts and rate limits pass; and a 4xx that is not ours (a proxy's page) refused nothing.
  if (status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429 && error) return { kind: 'rejected', error };
  return { kind: 'retry' };
}

export interface FlushResult {
  sent: number;
  duplicates: number;
  rejected: number;
  /** Stopped early: nothing came back, or the server is busy or failing. */
  interrupted: boolean;
  /** Stopped: the session has ended (or needs a new password); the items wait for a sign-in. */
  signin: { code: string; message: string } | null;
}

export class Outbox {
  private running: Promise<FlushResult> | null = null;
  private again = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly send: Sender,
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Everything in the outbox, oldest first. */
  async list(): Promise<OutboxItem[]> {
    const items = await this.store.values();
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.idempotencyKey.localeCompare(b.idempotencyKey));
  }

  /** Keep an item; the same key twice is one item (the first one is kept as it was). */
  async add(item: Omit<OutboxItem, 'state' | 'attempts'>): Promise<OutboxItem> {
    const existing = await this.store.get(item.idempotencyKey);
    if (existing) return existing;
    const stored: OutboxItem = { ...item, state: 'pending', attempts: 0 };
    await this.store.set(item.idempotencyKey, stored);
    this.onChange();
    return stored;
  }

  /** The person deletes an item (a failed one, after reading why). */
  async remove(key: string): Promise<void> {
    await this.store.delete(key);
    this.onChange();
  }

  /** A failed item back in the queue (say the office reopened the form). */
  async retry(key: string): Promise<void> {
    const item = await this.store.get(key);
    if (!item || item.state !== 'failed') return;
    const { error: _error, ...rest } = item;
    await this.store.set(key, { ...rest, state: 'pending' });
    this.onChange();
  }

  /**
   * Send the waiting items of this person, oldest first. One flush at a time: a call during a
   * flush makes it go round once more (an item added meanwhile is not left behind) and gets its result.
   */
  flush(personId: string): Promise<FlushResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: FlushResult = { sent: 0, duplicates: 0, rejected: 0, interrupted: false, signin: null };
      try {
        do {
          this.again = false;
          const round = await this.flushOnce(personId);
          total.sent += round.sent;
          total.duplicates += round.duplicates;
          total.rejected += round.rejected;
          total.interrupted = round.interrupted;
          total.signin = round.signin;
          if (round.interrupted || round.signin) break;
        } while (this.again);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  private async flushOnce(personId: string): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, duplicates: 0, rejected: 0, interrupted: false, signin: null };
    const waiting = (await this.list()).filter((i) => i.state === 'pending' && i.personId === personId);
    for (const item of waiting) {
      // Deleted meanwhile (another tab sent it): nothing to do.
      if (!(await this.store.get(item.idempotencyKey))) continue;
      let outcome: SendOutcome;
      try {
        const reply = await this.send(item);
        outcome = classify(reply.status, reply.json);
      } catch {
        outcome = { kind: 'retry' };
      }
      if (outcome.kind === 'sent') {
        await this.store.delete(item.idempotencyKey);
        result.sent += 1;
        if (outcome.duplicate) result.duplicates += 1;
      } else if (outcome.kind === 'rejected') {
        await this.store.set(item.idempotencyKey, { ...item, state: 'failed', attempts: item.attempts + 1, error: outcome.error });
        result.rejected += 1;
      } else {
        await this.store.set(item.idempotencyKey, { ...item, attempts: item.attempts + 1 });
        if (outcome.kind === 'signin') result.signin = { code: outcome.code, message: outcome.message };
        else result.interrupted = true;
      }
      this.onChange();
      if (result.signin || result.interrupted) break;
    }
    return result;
  }
}
