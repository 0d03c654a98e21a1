import type { Role } from '@massline/shared';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/policy.js';
import { auditPolicy } from '../audit/policy.js';
import { formsPolicy } from '../forms/policy.js';
import { opinionsPolicy } from '../opinions/policy.js';
import { problemsPolicy } from '../problems/policy.js';
import { campaignsPolicy } from '../campaigns/policy.js';
import { materialsPolicy } from '../materials/policy.js';
import { meetingsPolicy } from '../meetings/policy.js';
import { tasksPolicy } from '../campaigns/tasks/policy.js';
import { rectificationPolicy } from '../rectification/policy.js';
import { regulationsPolicy } from '../regulations/policy.js';
import { studyPolicy } from '../study/policy.js';
import { orgsPolicy } from './policy.js';

// Paths of the test tree: root ── own ── child, root ── sibling; other is a separate tree.
const paths = { own: '/R/O/', child: '/R/O/C/', parent: '/R/', sibling: '/R/S/', other: '/X/' } as const;
type Where = keyof typeof paths;

const actorWith = (role: Role): Actor => ({
  accountId: 'a', personId: 'p', username: role, name: role, sessionId: 's', mustChangePassword: false,
  grants: [{ role, orgId: role === 'admin' ? null : 'O', orgPath: role === 'admin' ? null : paths.own }],
});

/**
 * The specification, written out: for each action, which roles may act and where.
 * Anything not listed is refused. Admin may do everything everywhere.
 */
const both: Where[] = ['own', 'child'];
const expected: Record<string, Partial<Record<Role, Where[]>>> = {
  'org.read': { office: both, secretary: both, cadre: both, inspector: both, surveyor: both },
  'org.create': { office: both },
  'org.update': { office: both },
  'org.move': { office: ['child'] },
  'org.archive': { office: ['child'] },
  'person.read': { office: both, secretary: both, cadre: both, inspector: both },
  'person.create': { office: both, secretary: both },
  'person.update': { office: both, secretary: both },
  'account.manage': { office: both },
  'roster.import': { office: both, secretary: both },
  'roster.export': { office: both, secretary: both, inspector: both },
  'grant.read': { office: both, secretary: both, inspector: both },
  'grant.create': { office: both },
  'grant.revoke': { office: both },
  'audit.read': { office: both, inspector: both },
  'form.read': { office: both, secretary: both, inspector: both },
  'form.manage': { office: both },
  'form.codes': { office: both, secretary: both },
  'opinion.read': { office: both, secretary: both, inspector: both },
  'opinion.record': { office: both, secretary: both, inspector: both, surveyor: both },
  'opinion.triage': { office: both, secretary: both },
  'opinion.publish': { office: both },
  'opinion.sender': { office: both, secretary: both, inspector: both },
  'opinion.callback': { office: ['child'] },
  'opinion.inspect': { inspector: both },
  'problem.read': { office: both, secretary: both, inspector: both },
  'problem.manage': { office: both, secretary: both },
  'rule.manage': { office: both },
  'regulation.read': { office: both, secretary: both, inspector: both, cadre: both },
  'regulation.manage': { office: both, secretary: both },
  'rect.read': { office: both, secretary: both, inspector: both },
  'rect.manage': { office: both, secretary: both },
  'rect.progress': { office: both },
  'rect.verify': { office: both, inspector: both },
  'rect.publish': { office: both },
  'plan.submit': { office: both, secretary: both },
  'plan.decide': { office: both },
  // 回访 and the counting rule: the level above the judged org (an office strictly above), or an inspector over it.
  'verdict.callback': { office: ['child'] },
  'verdict.inspect': { inspector: both },
  'verdict.rule': { office: ['child'] },
  'campaign.read': { office: both, secretary: both, cadre: both, inspector: both, surveyor: both },
  'campaign.manage': { office: both },
  'task.evidence': { office: both, secretary: both },
  'meeting.read': { office: both, secretary: both, cadre: both, inspector: both },
  'meeting.manage': { office: both, secretary: both },
  'meeting.comment': { office: both, inspector: both },
  'summary.read': { office: both, secretary: both, inspector: both },
  'summary.write': { office: both, secretary: both },
  'material.write': { office: both, secretary: both, cadre: both },
  'material.read': { office: both, secretary: both, inspector: both },
  'material.review': { office: both, secretary: both },
  'material.comment': { office: both, secretary: both, inspector: both },
  'study.note': { office: both, secretary: both, cadre: both, inspector: both, surveyor: both },
  'study.review': { office: both, secretary: both },
  'study.read': { office: both, secretary: both, inspector: both },
};

const roles: Role[] = ['admin', 'office', 'secretary', 'cadre', 'inspector', 'surveyor'];
const wheres = Object.keys(paths) as Where[];
const policies = [orgsPolicy, auditPolicy, formsPolicy, opinionsPolicy, problemsPolicy, rectificationPolicy, regulationsPolicy, campaignsPolicy, tasksPolicy, meetingsPolicy, studyPolicy, materialsPolicy];

describe('policy matrix: role × action × where the target sits', () => {
  it('covers every action of every module policy', () => {
    expect(policies.flatMap((p) => p.actions).sort()).toEqual(Object.keys(expected).sort());
  });

  const cases = roles.flatMap((role) => Object.keys(expected).flatMap((action) => wheres.map((where) => ({ role, action, where }))));
  it.each(cases)('$role $action on $where', ({ role, action, where }) => {
    const policy = policies.find((p) => (p.actions as readonly string[]).includes(action))!;
    const allowed = role === 'admin' || (expected[action][role] ?? []).includes(where);
    expect(policy.can(actorWith(role), action as never, { paths: [paths[where]] })).toBe(allowed);
  });

  it('a person is readable when any of their organisations is covered, writable into orgs only if all are', () => {
    const secretary = actorWith('secretary');
    expect(orgsPolicy.can(secretary, 'person.read', { paths: [paths.sibling, paths.own] })).toBe(true);
    expect(orgsPolicy.can(secretary, 'person.create', { paths: [paths.sibling, paths.own] })).toBe(false);
    expect(orgsPolicy.can(secretary, 'person.create', { paths: [paths.child, paths.own] })).toBe(true);
  });

  it('a sibling whose path starts with the same characters is not covered', () => {
    const office = { ...actorWith('office'), grants: [{ role: 'office' as const, orgId: 'O', orgPath: '/R/O/' }] };
    expect(orgsPolicy.can(office, 'org.read', { paths: ['/R/OTHER/'] })).toBe(false);
  });

  it('scope lists the covering paths, dropping nested ones; admin has no limit', () => {
    const actor: Actor = { ...actorWith('office'), grants: [
      { role: 'office', orgId: 'O', orgPath: '/R/O/' }, { role: 'office', orgId: 'C', orgPath: '/R/O/C/' }, { role: 'cadre', orgId: 'S', orgPath: '/R/S/' },
    ] };
    expect(orgsPolicy.scope(actor, 'org.update')).toEqual(['/R/O/']);
    expect(orgsPolicy.scope(actor, 'org.read')).toEqual(['/R/O/', '/R/S/']);
    expect(orgsPolicy.scope(actorWith('admin'), 'org.update')).toBeNull();
    expect(orgsPolicy.scope(actorWith('surveyor'), 'person.read')).toEqual([]);
  });
});
