import type { MaterialSectionsInput } from '@massline/shared';
import { expect } from 'vitest';
import { insertAccount, insertGrant, insertPerson, type TestApp } from './factories.js';

/**
 * A campaign of `own` whose second phase (查摆问题、开展批评, which opens materials) runs on the
 * test clock's day, 2026-03-01; the first ended 2026-02-15, the third starts 2026-05-01.
 */
export const MATERIAL_PHASES = [{ startDay: '2026-02-01', endDay: '2026-02-15' }, { startDay: '2026-02-16', endDay: '2026-04-30' }, { startDay: '2026-05-01', endDay: '2026-07-31' }];

export async function materialCampaign(t: TestApp, orgId = t.tree.orgs.own.id, who = 'office'): Promise<string> {
  const res = await t.as(who, { method: 'POST', url: '/api/campaigns', payload: { orgId, title: '群众路线教育实践活动', phases: MATERIAL_PHASES } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** A person with an account and one role at one org (and a member of it). */
export async function userAt(t: TestApp, username: string, role: 'cadre' | 'secretary' | 'office' | 'inspector', orgId: string): Promise<string> {
  const personId = await insertPerson(t.deps, `${username}同志`, [orgId]);
  await insertAccount(t.deps, personId, username);
  await insertGrant(t.deps, personId, role, orgId);
  return personId;
}

/** Sections with one stated problem per wind given, causes and measures. */
export function sections(over: { formalism?: string[]; links?: string[]; measures?: string[]; causes?: string[]; intro?: string } = {}): MaterialSectionsInput {
  return {
    intro: over.intro ?? '按照活动安排，我认真学习规定篇目，广泛听取意见，对照党章和“四风”方面的表现进行了检查。',
    problems: {
      formalism: (over.formalism ?? ['学习不够深入，满足于读原文、记笔记']).map((text, i) => ({ key: `f${i}`, text, problemIds: i === 0 ? over.links ?? [] : [] })),
      bureaucratism: [{ key: 'b0', text: '深入群众不够，下村调研次数少' }],
      hedonism: [],
      extravagance: [],
    },
    causes: (over.causes ?? ['理想信念有所放松']).map((text, i) => ({ key: `c${i}`, heading: i === 0 ? '思想根源' : '', text })),
    measures: (over.measures ?? ['每月驻村不少于 5 天，带着问题调研']).map((text, i) => ({ key: `m${i}`, heading: '', text })),
  };
}
