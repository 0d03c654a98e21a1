import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/factories.js';
import { materialCampaign, sections, userAt } from '../../../test/materials.js';

/**
 * Who may do what to one material, written by a cadre of `own` (红旗村党支部): the author, another
 * cadre of the same org, the org's secretary, the secretary of the sibling village, the office of
 * the township above, and an inspector of the org. 2xx where allowed; 403 (with the reason) where
 * the material is in sight but the act is not theirs; 404 where the material is out of sight.
 */
type Who = 'author' | 'otherCadre' | 'secretary' | 'siblingSecretary' | 'officeAbove' | 'inspector';
const users: Record<Who, string> = { author: 'cadre', otherCadre: 'cadre2', secretary: 'secretary', siblingSecretary: 'sibsec', officeAbove: 'townoffice', inspector: 'inspector' };
type Action = 'read' | 'export' | 'edit' | 'submit' | 'return' | 'approve' | 'comment';

const expected: Record<Action, Record<Who, number | [number, string]>> = {
  read: { author: 200, otherCadre: 404, secretary: 200, siblingSecretary: 404, officeAbove: 200, inspector: 200 },
  export: { author: 200, otherCadre: 404, secretary: 200, siblingSecretary: 404, officeAbove: 200, inspector: 200 },
  edit: { author: 200, otherCadre: 404, secretary: [403, 'material_not_author'], siblingSecretary: 404, officeAbove: [403, 'material_not_author'], inspector: [403, 'material_not_author'] },
  submit: { author: 200, otherCadre: 404, secretary: [403, 'material_not_author'], siblingSecretary: 404, officeAbove: [403, 'material_not_author'], inspector: [403, 'material_not_author'] },
  return: { author: [403, 'material_review_own'], otherCadre: 404, secretary: 200, siblingSecretary: 404, officeAbove: 200, inspector: [403, 'forbidden'] },
  approve: { author: [403, 'material_review_own'], otherCadre: 404, secretary: 200, siblingSecretary: 404, officeAbove: 200, inspector: [403, 'forbidden'] },
  comment: { author: [403, 'forbidden'], otherCadre: 404, secretary: 200, siblingSecretary: 404, officeAbove: 200, inspector: 200 },
};

const request = (action: Action, id: string) => {
  switch (action) {
    case 'read': return { method: 'GET' as const, url: `/api/materials/${id}` };
    case 'export': return { method: 'GET' as const, url: `/api/materials/${id}/export.docx` };
    case 'edit': return { method: 'PUT' as const, url: `/api/materials/${id}`, payload: { sections: sections({ intro: '修改引言' }) } };
    case 'submit': return { method: 'POST' as const, url: `/api/materials/${id}/submit`, payload: {} };
    case 'return': return { method: 'POST' as const, url: `/api/materials/${id}/return`, payload: { comment: '请修改' } };
    case 'approve': return { method: 'POST' as const, url: `/api/materials/${id}/approve`, payload: {} };
    case 'comment': return { method: 'POST' as const, url: `/api/materials/${id}/comments`, payload: { comment: '意见' } };
  }
};

describe('materials: who may do what', () => {
  let t: TestApp;
  let campaignId: string;
  let id: string;
  beforeEach(async () => {
    t = await createTestApp();
    campaignId = await materialCampaign(t);
    await userAt(t, 'cadre2', 'cadre', t.tree.orgs.own.id);
    await userAt(t, 'sibsec', 'secretary', t.tree.orgs.sibling.id);
    await userAt(t, 'townoffice', 'office', t.tree.orgs.root.id);
    id = (await t.as('cadre', { method: 'POST', url: '/api/materials', payload: { campaignId } })).json().id;
    expect((await t.as('cadre', { method: 'PUT', url: `/api/materials/${id}`, payload: { sections: sections() } })).statusCode).toBe(200);
  });
  afterEach(() => t.close());

  const cases = (Object.keys(expected) as Action[]).flatMap((action) => (Object.keys(users) as Who[]).map((who) => ({ action, who })));
  it.each(cases)('$who: $action', async ({ action, who }) => {
    // Reviewing acts on a submitted material; the others on the draft.
    if (action === 'return' || action === 'approve') expect((await t.as('cadre', { method: 'POST', url: `/api/materials/${id}/submit`, payload: {} })).statusCode).toBe(200);
    const res = await t.as(users[who], request(action, id));
    const want = expected[action][who];
    if (typeof want === 'number') {
      expect(res.statusCode).toBe(want);
      if (want === 404) expect(res.json().error.code).toBe('not_found');
    } else {
      expect([res.statusCode, res.json().error.code]).toEqual(want);
    }
  });

  it('lists to each reader only what they may read', async () => {
    const listed = async (who: Who) => (await t.as(users[who], { method: 'GET', url: `/api/materials?campaignId=${campaignId}` })).json().items.map((m: { id: string }) => m.id);
    expect(await listed('author')).toEqual([id]);
    expect(await listed('otherCadre')).toEqual([]);
    expect(await listed('secretary')).toEqual([id]);
    expect(await listed('siblingSecretary')).toEqual([]);
    expect(await listed('officeAbove')).toEqual([id]);
    expect(await listed('inspector')).toEqual([id]);
    // Narrowing to an org out of sight is 404.
    expect((await t.as('sibsec', { method: 'GET', url: `/api/materials?orgId=${t.tree.orgs.own.id}` })).statusCode).toBe(404);
  });
});
