import type { Kysely, Transaction } from 'kysely';
import type { ErrorCode } from '@massline/shared';
import type { Outcome } from './errors.js';

class Rollback {
  constructor(readonly outcome: Outcome<never>) {}
}

/**
 * Run a command in one transaction. A refusal rolls back whatever the command wrote before it
 * decided to refuse, so nothing is ever half-written.
 */
export async function inTransaction<DB, T, R extends ErrorCode = ErrorCode>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<Outcome<T, R>>,
): Promise<Outcome<T, R>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const outcome = await fn(trx);
      if (!outcome.ok) throw new Rollback(outcome as Outcome<never>);
      return outcome;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.outcome as Outcome<T, R>;
    throw e;
  }
}
