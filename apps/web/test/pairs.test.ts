import { describe, expect, it } from 'vitest';
import type { Person } from '@massline/shared';
import { allKeys, isDirectMember, lineKeys, pairKey, toggleLine, toPairs } from '../src/modules/forms/pairs';

/** The pairs grid's logic (the browser path is in e2e/forms-pairs.test.ts). */
describe('the matrix of who rates whom', () => {
  const ids = ['a', 'b', 'c'];
  const assigned = new Set([pairKey('a', 'b')]);

  it('offers every cell off the diagonal that is not assigned yet', () => {
    expect(allKeys(ids, new Set())).toEqual(['a|b', 'a|c', 'b|a', 'b|c', 'c|a', 'c|b']);
    expect(allKeys(ids, assigned)).toEqual(['a|c', 'b|a', 'b|c', 'c|a', 'c|b']);
    expect(lineKeys(ids, 'a', 'row', assigned)).toEqual(['a|c']);
    expect(lineKeys(ids, 'b', 'column', assigned)).toEqual(['c|b']);
  });

  it('switches a line on when any of it is off, and off when all of it is on', () => {
    const row = lineKeys(ids, 'b', 'row', new Set());
    const some = new Set(['b|a']);
    const on = toggleLine(some, row);
    expect([...on].sort()).toEqual(['b|a', 'b|c']);
    expect(some).toEqual(new Set(['b|a'])); // a new set: the old one is left alone
    expect([...toggleLine(on, row)]).toEqual([]);
    expect([...toggleLine(new Set(['x|y']), [])]).toEqual(['x|y']);
  });

  it('sends pairs as the API takes them', () => {
    expect(toPairs(new Set(['a|b', 'c|a']))).toEqual([{ raterId: 'a', subjectId: 'b' }, { raterId: 'c', subjectId: 'a' }]);
  });

  it('counts only the org’s own members, not those of its sub-organisations', () => {
    const person = (orgIds: string[], archived = false) => ({ memberships: orgIds.map((orgId) => ({ orgId, orgName: '' })), archived }) as unknown as Person;
    expect(isDirectMember(person(['o1', 'o2']), 'o2')).toBe(true);
    expect(isDirectMember(person(['o3']), 'o2')).toBe(false);
    expect(isDirectMember(person(['o2'], true), 'o2')).toBe(false);
  });
});
