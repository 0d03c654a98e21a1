import { expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { TestApp } from './factories.js';
import type { TestDeps } from './db.js';

/** An opinion row written directly (the problem registry only reads them). */
export async function insertOpinion(deps: TestDeps, o: { orgId: string; content: string; category?: string; channel?: string; day?: string; status?: string }) {
  const id = randomUUID();
  const day = o.day ?? '2026-02-20';
  await deps.db.insertInto('opinions').values({
    id, org_id: o.orgId, person_id: null, channel: o.channel ?? 'forum', category: o.category ?? 'livelihood', content: o.content, place: '', day,
    named: 0, sender_name: null, sender_phone: null, sender_village: null, status: o.status ?? 'received', handling: null, assignee_org_id: null,
    assignee_person_id: null, due_day: '2026-03-10', answered_day: null, merged_into: null, published: 0, receipt_hash: null, recorded_by: null,
    meeting_id: null, search: o.content.toLowerCase(), updated_at: `${day}T00:00:00.000Z`,
  }).execute();
  return id;
}

const winds = [{ value: 'formalism', label: '形式主义' }, { value: 'bureaucratism', label: '官僚主义' }];
const degree = [{ value: 'none', label: '不存在' }, { value: 'slight', label: '有所表现' }, { value: 'serious', label: '比较突出' }];
const grades = [{ value: 'good', label: '满意' }, { value: 'fair', label: '基本满意' }, { value: 'bad', label: '不满意' }];

/** Every kind of question an answer may be raised from, and one it may not. */
export const answerDefinition = {
  sections: [{
    key: 's',
    questions: [
      { key: 'detail', type: 'text', label: '您认为最需要解决的问题是什么？' },
      { key: 'score', type: 'rating', label: '服务群众评分', min: 1, max: 5 },
      { key: 'winds', type: 'matrix', label: '“四风”表现', rows: winds, scale: degree },
      { key: 'sat', type: 'single', label: '总体评价', options: grades },
      { key: 'when', type: 'date', label: '时间' },
    ],
  }],
};

/** A form created and opened through the API (by the office, or whoever is given). */
export async function openForm(t: TestApp, o: { orgId: string; kind: string; anonymous: boolean; distribution?: string; who?: string; title?: string }) {
  const who = o.who ?? 'office';
  const res = await t.as(who, {
    method: 'POST', url: '/api/forms',
    payload: { orgId: o.orgId, kind: o.kind, title: o.title ?? `${o.kind} 问卷`, anonymous: o.anonymous, distribution: o.distribution ?? (o.anonymous ? 'open' : 'named'), definition: answerDefinition },
  });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as string;
  expect((await t.as(who, { method: 'POST', url: `/api/forms/${id}/open`, payload: {} })).statusCode).toBe(200);
  return id;
}

/** A response row written directly, as a submission would leave it. */
export async function insertResponse(deps: TestDeps, r: { formId: string; answers: object; orgId: string | null; subjectId?: string; respondentId?: string }) {
  const id = randomUUID();
  await deps.db.insertInto('responses').values({
    id, form_id: r.formId, day: '2026-02-25', answers: JSON.stringify(r.answers), org_id: r.orgId, subject_id: r.subjectId ?? null, respondent_id: r.respondentId ?? null,
  }).execute();
  return id;
}
