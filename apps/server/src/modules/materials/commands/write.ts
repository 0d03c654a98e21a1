import { emptySections, winds, type MaterialCreateBody, type MaterialSaveBody, type MaterialSections } from '@massline/shared';
import type { Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { isUniqueViolation } from '../../../kernel/db.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { canReadCampaign } from '../../campaigns/index.js';
import { canReadProblem } from '../../problems/index.js';
import { canWrite, isAuthor, materialsPolicy } from '../policy.js';
import { parseSections } from '../presenters.js';
import { findCampaign, findMaterialOf, findVersion, membershipsUnder, problemsByIds, type MaterialRow } from '../queries.js';
import { linkedIds } from '../read.js';
import { moveStatus, phaseOpen, readable, today, type Trx } from './shared.js';

const campaignOf = (m: MaterialRow) => ({ id: m.campaign_id, title: m.campaign_title, start_day: m.campaign_start_day, end_day: m.campaign_end_day });

/** The author, still able to write at the material's org, and the campaign's phase of today open for it. */
async function authorMayWrite(trx: Trx, deps: Deps, actor: Actor, id: string): Promise<Outcome<MaterialRow>> {
  const found = await readable(trx, actor, id);
  if (!found.ok) return found;
  const m = found.value;
  if (!isAuthor(actor, m)) return refuse('material_not_author');
  if (m.status === 'approved') return refuse('material_approved');
  if (!canWrite(actor, m)) return refuse('forbidden');
  const phase = await phaseOpen(trx, campaignOf(m), today(deps.clock.now()));
  return phase.ok ? ok(m) : phase;
}

/** A cadre starts their material for a campaign: an empty first draft at one of their orgs within it. */
export function createMaterial(deps: Deps, actor: Actor, input: MaterialCreateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const campaign = await findCampaign(trx, input.campaignId);
    if (!campaign || !canReadCampaign(actor, campaign.org_path)) return refuse('not_found');
    if (await findMaterialOf(trx, campaign.id, actor.personId)) return refuse('material_exists', { campaign: campaign.title });
    const orgs = await membershipsUnder(trx, actor.personId, campaign.org_path);
    if (orgs.length === 0) return refuse('material_no_org', { campaign: campaign.title });
    const writable = orgs.filter((o) => materialsPolicy.can(actor, 'material.write', atOrg(o.path)));
    if (writable.length === 0) return refuse('forbidden');
    const phase = await phaseOpen(trx, campaign, today(deps.clock.now()));
    if (!phase.ok) return phase;
    if (!input.orgId && writable.length > 1) return refuse('material_org_required');
    const org = input.orgId ? writable.find((o) => o.id === input.orgId) : writable[0];
    if (!org) return refuse('material_org_invalid');
    const id = newId();
    const now = deps.clock.now().toISOString();
    const title = input.title ?? `${actor.name}同志个人对照检查材料`;
    try {
      await trx.insertInto('materials').values({
        id, campaign_id: campaign.id, org_id: org.id, person_id: actor.personId, title, status: 'draft', version: 1,
        submitted_at: null, approved_by: null, approved_at: null, created_at: now, updated_at: now,
      }).execute();
    } catch (e) {
      // Two first saves at once (a double click): the unique index lets one in; the other is told it exists.
      if (isUniqueViolation(e)) return refuse('material_exists', { campaign: campaign.title });
      throw e;
    }
    await trx.insertInto('material_versions').values({ id: newId(), material_id: id, version: 1, sections: JSON.stringify(emptySections()), created_by: actor.accountId, created_at: now }).execute();
    await recordAudit(trx, deps, actor, { action: 'material.create', entityType: 'material', entityId: id, orgPath: org.path, summary: `开始撰写“${title}”（${campaign.title}，${org.name}）` });
    return ok({ id });
  });
}

/** Each linked problem is one the author may read; unknown and out-of-sight ids are refused alike. */
async function checkLinks(trx: Trx, actor: Actor, sections: MaterialSections): Promise<Outcome<null>> {
  const ids = linkedIds(sections);
  const found = new Map((await problemsByIds(trx, ids)).map((p) => [p.id, p]));
  for (const pid of ids) {
    const p = found.get(pid);
    if (!p || !canReadProblem(actor, p)) return refuse('material_problem_unknown');
  }
  return ok(null);
}

/** The stated problems' links, as the `material_problems` rows of the current version. */
const linkRows = (materialId: string, s: MaterialSections) =>
  winds.flatMap((w) => s.problems[w].flatMap((item) => [...new Set(item.problemIds)].map((problem_id) => ({ material_id: materialId, problem_id, item_key: item.key }))));

/**
 * The author saves the whole text. The version rule: a save overwrites the current version while
 * it has not been submitted (a draft, or a revision after a return); the first save after a
 * return starts the next version, so every version a reviewer saw stays as it was. A save that
 * changes nothing writes nothing.
 */
export function saveMaterial(deps: Deps, actor: Actor, id: string, input: MaterialSaveBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string; version: number }>> => {
    const may = await authorMayWrite(trx, deps, actor, id);
    if (!may.ok) return may;
    const m = may.value;
    if (m.status === 'submitted') return refuse('material_status', { status: '待审核' });
    const links = await checkLinks(trx, actor, input.sections);
    if (!links.ok) return links;
    const title = input.title ?? m.title;
    const current = await findVersion(trx, id, Number(m.version));
    const text = JSON.stringify(input.sections);
    if (current && JSON.stringify(parseSections(current.sections)) === text && title === m.title) return ok({ id, version: Number(m.version) });

    const now = deps.clock.now().toISOString();
    let version = Number(m.version);
    if (m.status === 'returned') {
      version += 1;
      const moved = await moveStatus(trx, m, ['returned'], { status: 'revised', version, title, updated_at: now });
      if (!moved.ok) return moved;
      await trx.insertInto('material_versions').values({ id: newId(), material_id: id, version, sections: text, created_by: actor.accountId, created_at: now }).execute();
    } else {
      const moved = await moveStatus(trx, m, ['draft', 'revised'], { title, updated_at: now });
      if (!moved.ok) return moved;
      await trx.updateTable('material_versions').set({ sections: text, created_by: actor.accountId, created_at: now }).where('material_id', '=', id).where('version', '=', version).execute();
    }
    await trx.deleteFrom('material_problems').where('material_id', '=', id).execute();
    const rows = linkRows(id, input.sections);
    if (rows.length) await trx.insertInto('material_problems').values(rows).execute();
    await recordAudit(trx, deps, actor, { action: 'material.save', entityType: 'material', entityId: id, orgPath: m.org_path, summary: `保存“${title}”第 ${version} 稿` });
    return ok({ id, version });
  });
}

/** At least one stated problem and one measure: a material without them says nothing to review. */
const hasContent = (s: MaterialSections) => winds.some((w) => s.problems[w].length > 0) && s.measures.length > 0;

/** The author submits the current version for review. */
export function submitMaterial(deps: Deps, actor: Actor, id: string, input: { comment: string }) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const may = await authorMayWrite(trx, deps, actor, id);
    if (!may.ok) return may;
    const m = may.value;
    const current = await findVersion(trx, id, Number(m.version));
    if (m.status !== 'submitted' && m.status !== 'returned' && (!current || !hasContent(parseSections(current.sections)))) return refuse('material_empty');
    const now = deps.clock.now().toISOString();
    const moved = await moveStatus(trx, m, ['draft', 'revised'], { status: 'submitted', submitted_at: now, updated_at: now });
    if (!moved.ok) return moved;
    await trx.insertInto('material_reviews').values({ id: newId(), material_id: id, version: Number(m.version), action: 'submitted', comment: input.comment, account_id: actor.accountId, created_at: now }).execute();
    await recordAudit(trx, deps, actor, { action: 'material.submit', entityType: 'material', entityId: id, orgPath: m.org_path, summary: `提交“${m.title}”第 ${m.version} 稿审核` });
    return ok({ id });
  });
}
