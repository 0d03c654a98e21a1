import type { Person } from '@massline/shared';

/**
 * The "configured matrix" of mutual inspection: which member rates which. A pair is kept as one
 * string key so that a Set of them is cheap to test per grid cell.
 */

/** The grid stays readable, and fits a screen with a little scrolling, up to this many members. */
export const PAIRS_GRID_MAX = 40;

export interface Pair {
  raterId: string;
  subjectId: string;
}

export const pairKey = (raterId: string, subjectId: string): string => `${raterId}|${subjectId}`;

export function toPairs(keys: Iterable<string>): Pair[] {
  return [...keys].map((key) => {
    const [raterId = '', subjectId = ''] = key.split('|');
    return { raterId, subjectId };
  });
}

/** The cells a line (a rater's row or a subject's column) offers: off the diagonal, not yet assigned. */
export function lineKeys(ids: readonly string[], id: string, line: 'row' | 'column', assigned: ReadonlySet<string>): string[] {
  const keys: string[] = [];
  for (const other of ids) {
    if (other === id) continue;
    const key = line === 'row' ? pairKey(id, other) : pairKey(other, id);
    if (!assigned.has(key)) keys.push(key);
  }
  return keys;
}

/** Every open cell off the diagonal: everyone rates every other member. */
export function allKeys(ids: readonly string[], assigned: ReadonlySet<string>): string[] {
  return ids.flatMap((id) => lineKeys(ids, id, 'row', assigned));
}

/** A line is switched as a whole: on if any of its open cells is off, otherwise off. */
export function toggleLine(selected: ReadonlySet<string>, keys: readonly string[]): Set<string> {
  const next = new Set(selected);
  const allOn = keys.length > 0 && keys.every((k) => next.has(k));
  for (const k of keys) {
    if (allOn) next.delete(k);
    else next.add(k);
  }
  return next;
}

/** Members of the org itself, not of its sub-organisations: only they may rate each other there. */
export const isDirectMember = (person: Person, orgId: string): boolean =>
  !person.archived && person.memberships.some((m) => m.orgId === orgId);
