import type { AssignBody, assignSkipReasons } from '@massline/shared';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Deps } from '../../../database.js';
import { formsPolicy } from '../policy.js';
import { findFormWithOrg } from '../queries.js';

type SkipReason = (typeof assignSkipReasons)[number];
const modeLabels = { self: '自查', mutual: '互查', pairs: '指定互评', visits: '入户走访' } as const;

/**
 * Decide who answers a named form, and about whom, within one org of the form's subtree:
 * everyone about themselves, everyone about every other member, a given matrix, or surveyors
 * who visit households there. Answering needs an account; whoever cannot is reported, not lost.
 */
export async function createAssignments(deps: Deps, actor: Actor, formId: string, input: AssignBody) {
  return inTransaction(deps.db, async (trx) => {
    const form = await findFormWithOrg(trx, formId);
    const org = await trx.selectFrom('orgs').select(['id', 'path', 'name', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
    if (!form || !org || !org.path.startsWith(form.org_path)) return refuse('not_found');
    formsPolicy.authorize(actor, 'form.codes', atOrg(org.path));
    if (form.distribution !== 'named') return refuse('form_not_named');
    if (form.status === 'closed') return refuse('form_not_open');
    if (org.archived_at) return refuse('org_archived');

    const members = await trx
      .selectFrom('memberships as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .leftJoin('accounts as a', (j) => j.onRef('a.person_id', '=', 'p.id').on('a.disabled_at', 'is', null))
      .select(['p.id', 'p.name', 'a.id as account_id'])
      .where('m.org_id', '=', org.id)
      .where('p.archived_at', 'is', null)
      .orderBy('p.name')
      .execute();
    const memberIds = new Set(members.map((m) => m.id));
    const named = new Map(members.map((m) => [m.id, m.name]));
    const withAccount = new Set(members.filter((m) => m.account_id).map((m) => m.id));
    const skipped = new Map<string, SkipReason>();
    const pairs: { respondent: string; subject: string }[] = [];

    if (input.mode === 'self' || input.mode === 'mutual') {
      for (const m of members) if (!m.account_id) skipped.set(m.id, 'no_account');
      const raters = members.filter((m) => m.account_id);
      for (const r of raters) {
        if (input.mode === 'self') pairs.push({ respondent: r.id, subject: r.id });
        else for (const s of members) if (s.id !== r.id) pairs.push({ respondent: r.id, subject: s.id });
      }
    } else {
      const ids = input.mode === 'pairs' ? input.pairs.flatMap((p) => [p.raterId, p.subjectId]) : input.personIds;
      const outsiders = ids.filter((id) => !named.has(id));
      if (outsiders.length) {
        const found = await trx
          .selectFrom('people as p')
          .leftJoin('accounts as a', (j) => j.onRef('a.person_id', '=', 'p.id').on('a.disabled_at', 'is', null))
          .select(['p.id', 'p.name', 'a.id as account_id'])
          .where('p.id', 'in', [...new Set(outsiders)])
          .where('p.archived_at', 'is', null)
          .execute();
        for (const p of found) {
          named.set(p.id, p.name);
          if (p.account_id) withAccount.add(p.id);
        }
      }
      if (ids.some((id) => !named.has(id))) return refuse('not_found');
      if (input.mode === 'pairs') {
        for (const p of input.pairs) {
          if (!memberIds.has(p.raterId) || !memberIds.has(p.subjectId)) skipped.set(memberIds.has(p.raterId) ? p.subjectId : p.raterId, 'not_member');
          else if (!withAccount.has(p.raterId)) skipped.set(p.raterId, 'no_account');
          else pairs.push({ respondent: p.raterId, subject: p.subjectId });
        }
      } else {
        // Surveyors may come from anywhere (the township office visits its villages); they need an account.
        for (const id of new Set(input.personIds)) {
          if (!withAccount.has(id)) skipped.set(id, 'no_account');
          else pairs.push({ respondent: id, subject: '' });
        }
      }
    }

    const existing = await trx.selectFrom('form_assignments').select(['respondent_id', 'subject_id']).where('form_id', '=', form.id).execute();
    const taken = new Set(existing.map((e) => `${e.respondent_id}|${e.subject_id}`));
    const now = deps.clock.now().toISOString();
    const rows = [];
    for (const p of pairs) {
      const key = `${p.respondent}|${p.subject}`;
      if (taken.has(key)) {
        if (!skipped.has(p.respondent)) skipped.set(p.respondent, 'already_assigned');
        continue;
      }
      taken.add(key);
      rows.push({
        id: newId(), form_id: form.id, org_id: org.id, respondent_id: p.respondent, subject_id: p.subject,
        repeatable: input.mode === 'visits' ? 1 : 0, done: 0, created_at: now,
      });
    }
    for (let i = 0; i < rows.length; i += 300) await trx.insertInto('form_assignments').values(rows.slice(i, i + 300)).execute();
    await recordAudit(trx, deps, actor, {
      action: 'form.assign', entityType: 'form', entityId: form.id, orgPath: org.path,
      summary: `为“${org.name}”分派问卷“${form.title}”（${modeLabels[input.mode]}）${rows.length} 项`,
    });
    return ok({
      created: rows.length,
      skipped: [...skipped].map(([personId, reason]) => ({ personId, name: named.get(personId) ?? '', reason })),
    });
  });
}
