import { readingKindLabels, type ReadingCreateBody, type ReadingKind, type ReadingReorderBody, type ReadingUpdateBody } from '@massline/shared';
import type { Transaction } from 'kysely';
import type { Database, Deps } from '../../../database.js';
import { recordAudit } from '../../../kernel/audit.js';
import { sniffDocument } from '../../../kernel/attachments.js';
import { ok, refuse, type Outcome } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { atOrg, type Actor } from '../../../kernel/policy.js';
import { inTransaction } from '../../../kernel/tx.js';
import { campaignsPolicy, canReadCampaign } from '../../campaigns/index.js';
import { findCampaign, findReading, nextSeq, readingIds, type CampaignRow, type ReadingRow } from '../queries.js';

type Trx = Transaction<Database>;

/** A campaign whose list the caller keeps: out of sight is 404, readable only is 403. */
export async function manageableCampaign(trx: Trx, actor: Actor, campaignId: string): Promise<Outcome<CampaignRow>> {
  const c = await findCampaign(trx, campaignId);
  if (!c || !canReadCampaign(actor, c.org_path)) return refuse('not_found');
  campaignsPolicy.authorize(actor, 'campaign.manage', atOrg(c.org_path));
  return ok(c);
}

/** A reading with its campaign, kept by the caller. */
async function manageableReading(trx: Trx, actor: Actor, id: string): Promise<Outcome<{ reading: ReadingRow; campaign: CampaignRow }>> {
  const reading = await findReading(trx, id);
  if (!reading) return refuse('not_found');
  const campaign = await manageableCampaign(trx, actor, reading.campaign_id);
  if (!campaign.ok) return campaign;
  return ok({ reading, campaign: campaign.value });
}

const isForeignKeyViolation = (e: unknown) => ['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes((e as { code?: string } | null)?.code ?? '');

const kindLabel = (k: string) => readingKindLabels[k as ReadingKind] ?? k;

export function addReading(deps: Deps, actor: Actor, input: ReadingCreateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const c = await manageableCampaign(trx, actor, input.campaignId);
    if (!c.ok) return c;
    const id = newId();
    await trx.insertInto('campaign_readings').values({
      id, campaign_id: c.value.id, seq: await nextSeq(trx, c.value.id), title: input.title, kind: input.kind, url: input.url,
      file_name: null, file_mime: null, file_data: null, note: input.note, created_at: deps.clock.now().toISOString(),
    }).execute();
    await recordAudit(trx, deps, actor, {
      action: 'reading.create', entityType: 'campaign_reading', entityId: id, orgPath: c.value.org_path,
      summary: `“${c.value.title}”的必学书目增加${kindLabel(input.kind)}“${input.title}”`,
    });
    return ok({ id });
  });
}

export function updateReading(deps: Deps, actor: Actor, id: string, input: ReadingUpdateBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const found = await manageableReading(trx, actor, id);
    if (!found.ok) return found;
    const { reading: r, campaign } = found.value;
    const next = { title: input.title ?? r.title, kind: input.kind ?? r.kind, url: input.url === undefined ? r.url : input.url, note: input.note ?? r.note };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== r[k]);
    if (changed.length === 0) return ok({ id });
    await trx.updateTable('campaign_readings').set(next).where('id', '=', id).execute();
    const names: Record<keyof typeof next, string> = { title: '名称', kind: '类别', url: '链接', note: '说明' };
    await recordAudit(trx, deps, actor, {
      action: 'reading.update', entityType: 'campaign_reading', entityId: id, orgPath: campaign.org_path,
      summary: `修改“${campaign.title}”的必学书目“${next.title}”（${changed.map((k) => names[k]).join('、')}）`,
    });
    return ok({ id });
  });
}

/** The new order must name every reading of the campaign exactly once. */
export function reorderReadings(deps: Deps, actor: Actor, input: ReadingReorderBody) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const c = await manageableCampaign(trx, actor, input.campaignId);
    if (!c.ok) return c;
    const existing = new Set(await readingIds(trx, c.value.id));
    const given = new Set(input.ids);
    if (given.size !== input.ids.length || given.size !== existing.size || input.ids.some((x) => !existing.has(x))) return refuse('study_reading_order');
    for (const [i, readingId] of input.ids.entries()) {
      await trx.updateTable('campaign_readings').set({ seq: i + 1 }).where('id', '=', readingId).execute();
    }
    await recordAudit(trx, deps, actor, {
      action: 'reading.reorder', entityType: 'campaign', entityId: c.value.id, orgPath: c.value.org_path,
      summary: `调整“${c.value.title}”的必学书目顺序（${input.ids.length} 项）`,
    });
    return ok({ id: c.value.id });
  });
}

/** A reading a study session covered stays: the session's record names it. */
export function deleteReading(deps: Deps, actor: Actor, id: string) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ campaignId: string }>> => {
    const found = await manageableReading(trx, actor, id);
    if (!found.ok) return found;
    const { reading: r, campaign } = found.value;
    const sessions = Number(r.sessions ?? 0);
    if (sessions > 0) return refuse('study_reading_used', { title: r.title, count: sessions });
    try {
      await trx.deleteFrom('campaign_readings').where('id', '=', id).execute();
    } catch (e) {
      // A session recorded meanwhile now covers it (the foreign key of meeting_readings refused).
      if (isForeignKeyViolation(e)) return refuse('study_reading_used', { title: r.title, count: 1 });
      throw e;
    }
    await recordAudit(trx, deps, actor, {
      action: 'reading.delete', entityType: 'campaign_reading', entityId: id, orgPath: campaign.org_path,
      summary: `从“${campaign.title}”的必学书目中删除“${r.title}”`,
    });
    return ok({ campaignId: campaign.id });
  });
}

/**
 * Keep a reading's file, replacing any before it: PDF or Word .docx only, recognised by its bytes
 * whatever name or type the client gave. The size limit is the route's body limit.
 */
export function setReadingFile(deps: Deps, actor: Actor, id: string, name: string | undefined, file: Buffer) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const found = await manageableReading(trx, actor, id);
    if (!found.ok) return found;
    const { reading: r, campaign } = found.value;
    const mime = sniffDocument(file);
    if (!mime) return refuse('study_reading_file_type');
    // The name as given, minus any path, with the extension its content deserves.
    const base = ((name ?? '').split(/[\\/]/).pop() ?? '').replace(/\.(pdf|docx?)$/i, '').trim().slice(0, 180) || r.title.slice(0, 180);
    const clean = `${base}.${mime === 'application/pdf' ? 'pdf' : 'docx'}`;
    await trx.updateTable('campaign_readings').set({ file_name: clean, file_mime: mime, file_data: file }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'reading.file', entityType: 'campaign_reading', entityId: id, orgPath: campaign.org_path,
      summary: `${r.file_name ? '替换' : '上传'}必学书目“${r.title}”的文件“${clean}”（${Math.max(1, Math.round(file.length / 1024))} KB）`,
    });
    return ok({ id });
  });
}

export function removeReadingFile(deps: Deps, actor: Actor, id: string) {
  return inTransaction(deps.db, async (trx): Promise<Outcome<{ id: string }>> => {
    const found = await manageableReading(trx, actor, id);
    if (!found.ok) return found;
    const { reading: r, campaign } = found.value;
    if (!r.file_name) return refuse('not_found');
    await trx.updateTable('campaign_readings').set({ file_name: null, file_mime: null, file_data: null }).where('id', '=', id).execute();
    await recordAudit(trx, deps, actor, {
      action: 'reading.file_remove', entityType: 'campaign_reading', entityId: id, orgPath: campaign.org_path,
      summary: `删除必学书目“${r.title}”的文件“${r.file_name}”`,
    });
    return ok({ id });
  });
}
