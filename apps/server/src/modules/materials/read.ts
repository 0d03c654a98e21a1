import {
  PhaseSettings,
  type MaterialCompare, type MaterialDetail, type MaterialListQuery, type MaterialPage, type MaterialProblemRef, type MaterialSections, type MaterialVersion, type MyMaterials,
} from '@massline/shared';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../../database.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { HttpError } from '../../kernel/errors.js';
import { type Actor } from '../../kernel/policy.js';
import { canReadProblem } from '../problems/index.js';
import { canReadMaterial, materialAbilities, materialsPolicy } from './policy.js';
import { parseSections, presentProblemRef, presentReview, presentSummary } from './presenters.js';
import {
  campaignsFor, findMaterial, findVersion, listMaterials, materialsOfPerson, membershipsOf, membershipsUnder, phaseOn, problemsAssigned, problemsByIds, reviewsOf, versionsOf,
  type MaterialRow,
} from './queries.js';

type Reader = Db | Kysely<Database>;

/** Whether the campaign's phase of a day opens materials, and that phase's title (null: the day is in no phase). */
export async function phaseState(db: Reader, campaignId: string, day: string): Promise<{ open: boolean; title: string | null }> {
  const phase = await phaseOn(db, campaignId, day);
  if (!phase) return { open: false, title: null };
  return { open: PhaseSettings.parse(JSON.parse(phase.settings)).materials, title: phase.title };
}

/** A material the caller may read; anything else is 404 alike. */
export async function readableMaterial(db: Reader, actor: Actor, id: string): Promise<MaterialRow> {
  const m = await findMaterial(db, id);
  if (!m || !canReadMaterial(actor, m)) throw new HttpError('not_found');
  return m;
}

const ACTION_ORDER = ['submitted', 'comment', 'returned', 'approved'];

/** Every registry problem a version links to, by item order. */
export const linkedIds = (s: MaterialSections): string[] =>
  [...new Set(Object.values(s.problems).flatMap((items) => items.flatMap((i) => i.problemIds)))];

export async function loadMaterial(db: Reader, actor: Actor, id: string, day: string): Promise<MaterialDetail> {
  const m = await readableMaterial(db, actor, id);
  const current = await findVersion(db, id, Number(m.version));
  if (!current) throw new Error(`material ${id} has no version ${m.version}`);
  const sections = parseSections(current.sections);
  const linked = linkedIds(sections);
  const [problems, assigned, reviews, versions, phase] = await Promise.all([
    problemsByIds(db, linked),
    problemsAssigned(db, m.person_id, m.campaign_org_path),
    reviewsOf(db, id),
    versionsOf(db, id),
    phaseState(db, m.campaign_id, day),
  ]);
  const linkedSet = new Set(linked);
  // A link to a problem out of the reader's sight shows as its id only (the author chose it; a reader below them may not see it).
  const visible: Record<string, MaterialProblemRef> = {};
  for (const p of problems) if (canReadProblem(actor, p)) visible[p.id] = presentProblemRef(p);
  // Reviews at the same instant (a demo, a script) keep the order a material goes through.
  reviews.sort((a, b) => a.created_at.localeCompare(b.created_at) || Number(a.version) - Number(b.version) || ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action));
  const submittedVersions = new Set(reviews.filter((r) => r.action === 'submitted').map((r) => Number(r.version)));
  return {
    ...presentSummary(m),
    sections,
    problems: visible,
    warnings: assigned.filter((p) => !linkedSet.has(p.id) && canReadProblem(actor, p)).map(presentProblemRef),
    reviews: reviews.map(presentReview),
    versions: versions.map((v) => ({ version: Number(v.version), createdAt: v.created_at, by: v.by_name ?? '', submitted: submittedVersions.has(Number(v.version)) })),
    phaseOpen: phase.open,
    phaseTitle: phase.title,
    abilities: materialAbilities(actor, m, phase.open),
  };
}

/** The review list: the materials of the caller's subtree (and their own), newest change first. */
export async function loadMaterialPage(db: Reader, actor: Actor, query: MaterialListQuery): Promise<MaterialPage> {
  const scope = materialsPolicy.scope(actor, 'material.read');
  let orgPath: string | undefined;
  if (query.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', query.orgId).executeTakeFirst();
    // An org in view, or one above the caller's own (narrowing to the part they read); anything else is 404.
    if (!org || (scope !== null && !scope.some((p) => p.startsWith(org.path) || org.path.startsWith(p)))) throw new HttpError('not_found');
    orgPath = org.path;
  }
  const rows = await listMaterials(db, {
    scope, personId: actor.personId, campaignId: query.campaignId, orgPath, status: query.status,
    after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map(presentSummary), nextCursor: rows.length > query.limit && last ? encodeCursor(last.updated_at, last.id) : null };
}

/**
 * The caller's campaigns: every campaign made for one of their orgs or an org above, with the
 * orgs they may write as and their material, if any.
 */
export async function loadMyMaterials(db: Reader, actor: Actor, day: string): Promise<MyMaterials> {
  const mine = await membershipsOf(db, actor.personId);
  const above = [...new Set(mine.flatMap((o) => o.path.split('/').filter(Boolean)))];
  const campaigns = await campaignsFor(db, above);
  const materials = new Map((await materialsOfPerson(db, actor.personId, campaigns.map((c) => c.id))).map((m) => [m.campaign_id, m]));
  const items = await Promise.all(campaigns.map(async (c) => {
    const phase = await phaseState(db, c.id, day);
    const orgs = (await membershipsUnder(db, actor.personId, c.org_path)).filter((o) => materialsPolicy.can(actor, 'material.write', { paths: [o.path] }));
    const state = day < c.start_day ? 'upcoming' as const : day > c.end_day ? 'ended' as const : 'running' as const;
    const material = materials.get(c.id);
    return {
      campaign: { id: c.id, title: c.title, orgName: c.org_name, state, phaseTitle: phase.title, phaseOpen: phase.open },
      orgs: orgs.map((o) => ({ id: o.id, name: o.name })),
      material: material ? presentSummary(material) : null,
    };
  }));
  return { items, canWrite: materialsPolicy.canSomewhere(actor, 'material.write') };
}

async function versionOf(db: Reader, m: MaterialRow, version: number): Promise<MaterialVersion> {
  const v = await findVersion(db, m.id, version);
  if (!v) throw new HttpError('not_found');
  return { version: Number(v.version), createdAt: v.created_at, by: v.by_name ?? '', sections: parseSections(v.sections) };
}

export async function loadVersion(db: Reader, actor: Actor, id: string, version: number): Promise<MaterialVersion> {
  return versionOf(db, await readableMaterial(db, actor, id), version);
}

/** Two versions' sections side by side. */
export async function loadCompare(db: Reader, actor: Actor, id: string, from: number, to: number): Promise<MaterialCompare> {
  const m = await readableMaterial(db, actor, id);
  return { from: await versionOf(db, m, from), to: await versionOf(db, m, to) };
}
