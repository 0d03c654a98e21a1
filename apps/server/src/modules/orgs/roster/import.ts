import { rosterColumns, type RosterImportResult, type RosterRowError } from '@massline/shared';
import { recordAudit } from '../../../kernel/audit.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import type { Db, Deps } from '../../../database.js';
import { authorizeVisible, coversAll } from '../policy.js';
import { findOrg, membershipsOf } from '../queries.js';
import { parseRoster, type RosterRow } from './parse.js';

const CHUNK = 400;
const chunks = <T>(items: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

interface SubtreeOrg { id: string; path: string; chain: string[] }

/** Organisations of the subtree with their name chains from the target, to resolve "所属组织" cells. */
async function subtreeOrgs(db: Db, root: { id: string; path: string; name: string }): Promise<SubtreeOrg[]> {
  const rows = await db.selectFrom('orgs').select(['id', 'parent_id', 'path', 'name']).where('path', 'like', `${root.path}%`).where('archived_at', 'is', null).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.map((r) => {
    const chain: string[] = [];
    for (let o: typeof r | undefined = r; o; o = o.id === root.id ? undefined : byId.get(o.parent_id ?? '')) chain.unshift(o.name);
    return { id: r.id, path: r.path, chain };
  });
}

function resolveOrg(orgs: SubtreeOrg[], written: string): SubtreeOrg[] {
  const parts = written.split('/').map((s) => s.trim()).filter(Boolean);
  return orgs.filter((o) => parts.length <= o.chain.length && parts.every((p, i) => o.chain[o.chain.length - parts.length + i] === p));
}

type ImportRefusal = 'not_found' | 'org_archived' | 'roster_invalid' | 'roster_unreadable'
  | 'upload_too_large' | 'upload_too_many_rows' | 'upload_too_many_columns' | 'upload_too_complex';

/**
 * Import a roster (花名册) into an organisation's subtree. Every row is checked first; with any
 * bad row nothing is written and every problem is reported. People are matched by phone number
 * (or, without one, by name within the subtree) and updated; the rest are created. Memberships
 * are only added, never removed, by an import.
 */
export async function importRoster(deps: Deps, actor: Actor, orgId: string, file: Buffer): Promise<Outcome<RosterImportResult, ImportRefusal>> {
  const target = await findOrg(deps.db, orgId);
  if (!target) return refuse('not_found');
  authorizeVisible(actor, 'roster.import', atOrg(target.path), 'org.read');
  if (target.archived_at) return refuse('org_archived');
  const parsed = await parseRoster(file);
  if (parsed.unreadable) return parsed.refused ? refuse(parsed.refused.code, parsed.refused.params) : refuse('roster_unreadable');
  return inTransaction(deps.db, async (trx) => {
    // Cell errors and errors found against the database are reported together, in one list.
    const errors: RosterRowError[] = [...parsed.errors];
    const orgs = await subtreeOrgs(trx, target);
    const targetOrg = orgs.find((o) => o.id === target.id);
    if (!targetOrg) return refuse('org_archived'); // archived while the file was being read
    const rowOrgs = new Map<number, SubtreeOrg[]>();
    for (const r of parsed.rows) {
      const resolved: SubtreeOrg[] = [];
      for (const written of r.orgs) {
        const found = resolveOrg(orgs, written);
        if (found.length === 1) resolved.push(found[0]);
        else if (found.length === 0) errors.push({ row: r.row, column: '所属组织', reason: `找不到组织“${written}”（须为“${target.name}”或其下级组织）` });
        else errors.push({ row: r.row, column: '所属组织', reason: `组织名称“${written}”不唯一，请写出上级，如“上级组织/${written}”` });
      }
      rowOrgs.set(r.row, resolved.length ? resolved : [targetOrg]);
    }
    const found = await matchExisting(trx, parsed.rows, target.path);
    const held = await membershipsOf(trx, [...new Set(found.values())]);
    const heldBy = new Map<string, typeof held>();
    for (const m of held) heldBy.set(m.person_id, [...(heldBy.get(m.person_id) ?? []), m]);
    // Only people the importer may edit wholly are updated. Anyone else with the same phone is
    // left alone and the row becomes a new person: the import must not reveal whether a phone
    // number exists outside the importer's reach.
    const matches = new Map([...found].filter(([, pid]) => coversAll(actor, 'person.update', (heldBy.get(pid) ?? []).map((m) => m.path))));
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row || rosterColumns.indexOf(a.column as never) - rosterColumns.indexOf(b.column as never));
      return refuse('roster_invalid', { count: errors.length }, { rows: errors });
    }

    const now = deps.clock.now().toISOString();
    const created: { id: string; r: RosterRow }[] = [];
    const memberships: { person_id: string; org_id: string; created_at: string }[] = [];
    for (const r of parsed.rows) {
      const existing = matches.get(r.row);
      const id = existing ?? newId();
      if (existing) {
        await trx
          .updateTable('people')
          .set({ name: r.name, gender: r.gender, phone: r.phone, position: r.position, party_member: r.partyMember ? 1 : 0, archived_at: null, updated_at: now })
          .where('id', '=', id)
          .execute();
      } else created.push({ id, r });
      const already = new Set((heldBy.get(id) ?? []).map((m) => m.org_id));
      for (const o of rowOrgs.get(r.row)!) {
        if (!already.has(o.id)) memberships.push({ person_id: id, org_id: o.id, created_at: now });
        already.add(o.id);
      }
    }
    for (const part of chunks(created)) {
      await trx
        .insertInto('people')
        .values(part.map(({ id, r }) => ({
          id, name: r.name, gender: r.gender, phone: r.phone, position: r.position, party_member: r.partyMember ? 1 : 0,
          archived_at: null, created_at: now, updated_at: now,
        })))
        .execute();
    }
    for (const part of chunks(memberships)) await trx.insertInto('memberships').values(part).execute();
    const updated = parsed.rows.length - created.length;
    await recordAudit(trx, deps, actor, {
      action: 'roster.import', entityType: 'org', entityId: target.id, orgPath: target.path,
      summary: `导入“${target.name}”花名册：新增 ${created.length} 人，更新 ${updated} 人`,
    });
    return ok({ created: created.length, updated });
  });
}

/** Row number → id of the person it refers to: same phone anywhere, or same name without phone in the subtree. */
async function matchExisting(db: Db, rows: RosterRow[], subtreePath: string): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  const phones = rows.filter((r) => r.phone).map((r) => r.phone as string);
  const byPhone = new Map<string, string>();
  for (const part of chunks(phones)) {
    const found = await db.selectFrom('people').select(['id', 'phone']).where('phone', 'in', part).execute();
    for (const p of found) byPhone.set(p.phone as string, p.id);
  }
  const unphoned = rows.filter((r) => !r.phone);
  const byName = new Map<string, string[]>();
  for (const part of chunks([...new Set(unphoned.map((r) => r.name))])) {
    const found = await db
      .selectFrom('people as p')
      .innerJoin('memberships as m', 'm.person_id', 'p.id')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select(['p.id', 'p.name'])
      .distinct()
      .where('p.name', 'in', part)
      .where('p.phone', 'is', null)
      .where('o.path', 'like', `${subtreePath}%`)
      .execute();
    for (const p of found) byName.set(p.name, [...(byName.get(p.name) ?? []), p.id]);
  }
  const nameTaken = new Set<string>();
  for (const r of rows) {
    if (r.phone && byPhone.has(r.phone)) result.set(r.row, byPhone.get(r.phone)!);
    const candidates = !r.phone ? byName.get(r.name) : undefined;
    // Only an unambiguous name match is the same person; two rows with one name are two people.
    if (candidates?.length === 1 && !nameTaken.has(r.name)) {
      result.set(r.row, candidates[0]);
      nameTaken.add(r.name);
    }
  }
  return result;
}
