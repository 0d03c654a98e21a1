import type { FormCreateBody, FormUpdateBody } from '@massline/shared';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Deps } from '../../../database.js';
import { evaluationRoundGate } from '../phase.js';
import { formsPolicy } from '../policy.js';
import { findFormWithOrg } from '../queries.js';
import { campaignDay } from '../../../kernel/clock.js';

export async function createForm(deps: Deps, actor: Actor, input: FormCreateBody) {
  return inTransaction(deps.db, async (trx) => {
    const org = await trx.selectFrom('orgs').select(['id', 'path', 'archived_at']).where('id', '=', input.orgId).executeTakeFirst();
    if (!org) return refuse('not_found');
    formsPolicy.authorize(actor, 'form.manage', atOrg(org.path));
    if (org.archived_at) return refuse('org_archived');
    const id = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('forms').values({
      id, org_id: org.id, kind: input.kind, title: input.title, description: input.description, anonymous: input.anonymous ? 1 : 0,
      distribution: input.distribution, collect_location: input.collectLocation ? 1 : 0, status: 'draft', definition: JSON.stringify(input.definition), response_count: 0,
      created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    await recordAudit(trx, deps, actor, { action: 'form.create', entityType: 'form', entityId: id, orgPath: org.path, summary: `新建问卷“${input.title}”` });
    return ok({ id });
  });
}

/** Only a draft changes: once people answer, the questions must stay what they answered. */
export async function updateForm(deps: Deps, actor: Actor, id: string, input: FormUpdateBody) {
  return inTransaction(deps.db, async (trx) => {
    const form = await findFormWithOrg(trx, id);
    if (!form) return refuse('not_found');
    formsPolicy.authorize(actor, 'form.manage', atOrg(form.org_path));
    if (form.status !== 'draft' || form.response_count > 0) return refuse('form_not_draft');
    const now = deps.clock.now().toISOString();
    await trx.updateTable('forms').set({
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.title ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.anonymous !== undefined ? { anonymous: input.anonymous ? 1 : 0 } : {}),
      ...(input.distribution ? { distribution: input.distribution } : {}),
      ...(input.collectLocation !== undefined ? { collect_location: input.collectLocation ? 1 : 0 } : {}),
      ...(input.definition ? { definition: JSON.stringify(input.definition) } : {}),
      updated_at: now,
    }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, { action: 'form.update', entityType: 'form', entityId: id, orgPath: form.org_path, summary: `修改问卷“${input.title ?? form.title}”` });
    return ok({ id });
  });
}

const transitions = { open: ['draft', 'closed'], closed: ['open'] } as const;

/** Open a draft (or reopen a closed form) for answers, or close it. */
export async function setFormStatus(deps: Deps, actor: Actor, id: string, status: 'open' | 'closed') {
  return inTransaction(deps.db, async (trx) => {
    const form = await findFormWithOrg(trx, id);
    if (!form) return refuse('not_found');
    formsPolicy.authorize(actor, 'form.manage', atOrg(form.org_path));
    if (form.status === status) return ok({ id });
    if (!(transitions[status] as readonly string[]).includes(form.status)) return refuse('form_not_draft');
    if (status === 'open') {
      const gate = await evaluationRoundGate(trx, form, campaignDay(deps.clock.now()));
      if (!gate.ok) return gate;
    }
    await trx.updateTable('forms').set({ status, updated_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: status === 'open' ? 'form.open' : 'form.close', entityType: 'form', entityId: id, orgPath: form.org_path,
      summary: `${status === 'open' ? '发布' : '关闭'}问卷“${form.title}”`,
    });
    return ok({ id });
  });
}

/** A new draft with the same questions: how a form that has answers is changed. */
export async function copyForm(deps: Deps, actor: Actor, id: string) {
  return inTransaction(deps.db, async (trx) => {
    const form = await findFormWithOrg(trx, id);
    if (!form) return refuse('not_found');
    formsPolicy.authorize(actor, 'form.manage', atOrg(form.org_path));
    const copyId = newId();
    const now = deps.clock.now().toISOString();
    await trx.insertInto('forms').values({
      id: copyId, org_id: form.org_id, kind: form.kind, title: `${form.title}（副本）`, description: form.description, anonymous: form.anonymous,
      distribution: form.distribution, collect_location: form.collect_location, status: 'draft', definition: form.definition, response_count: 0, created_by: actor.accountId, created_at: now, updated_at: now,
    }).execute();
    await recordAudit(trx, deps, actor, { action: 'form.copy', entityType: 'form', entityId: copyId, orgPath: form.org_path, summary: `复制问卷“${form.title}”` });
    return ok({ id: copyId });
  });
}
