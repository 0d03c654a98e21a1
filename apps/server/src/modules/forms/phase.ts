import type { Db } from '../../database.js';
import { ok, type Outcome } from '../../kernel/errors.js';
import { phaseGate, phaseNow } from '../campaigns/index.js';
import type { FormRow } from './queries.js';

/**
 * The campaign's second democratic evaluation (第二次民主测评, phase 3 in the template) needs no
 * mark of its own: an evaluation ballot opened for an org that had a ballot answered in an earlier
 * phase of the same campaign (another evaluation form of that org, made since the campaign began
 * and before today's phase, with responses) is the second round, and opening it needs a phase that
 * opens `secondEvaluation`. The first round opens in any phase and may take several ballots (one
 * per group of cadres) within its phase; a ballot nobody answered (one opened by mistake and
 * closed) does not count as a round; reopening a ballot is not a new round.
 */
export async function evaluationRoundGate(db: Db, form: FormRow, today: string): Promise<Outcome<null>> {
  if (form.kind !== 'evaluation') return ok(null);
  const now = await phaseNow(db, form.org_path, today);
  if (!now || now.settings.secondEvaluation) return ok(null);
  const earlier = await db
    .selectFrom('forms')
    .select('id')
    .where('org_id', '=', form.org_id)
    .where('kind', '=', 'evaluation')
    .where('id', '!=', form.id)
    .where('response_count', '>', 0)
    .where('created_at', '>=', now.campaignStartDay)
    .where('created_at', '<', now.phaseStartDay)
    .limit(1)
    .executeTakeFirst();
  return earlier ? phaseGate(db, form.org_path, today, 'secondEvaluation') : ok(null);
}
