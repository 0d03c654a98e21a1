import type { Db } from '../../../database.js';
import { roleHolders } from '../queries.js';

type Role = 'secretary' | 'office';

/**
 * Who answers for an org, read once per job run: the active people holding a role on each org.
 * Org paths are materialised (`/rootId/…/orgId/`), so walking up the tree needs no query.
 */
export class Responsible {
  private constructor(private readonly holders: Map<string, string[]>) {}

  static async load(db: Db): Promise<Responsible> {
    const holders = new Map<string, string[]>();
    for (const g of await roleHolders(db, ['secretary', 'office'])) {
      const key = `${g.role}@${g.org_id}`;
      holders.set(key, [...(holders.get(key) ?? []), g.person_id]);
    }
    return new Responsible(holders);
  }

  private onOrg(role: Role, orgId: string): string[] {
    return this.holders.get(`${role}@${orgId}`) ?? [];
  }

  /** People with `role` on the org itself, or else on the nearest org above it that has any. */
  nearest(role: Role, path: string): string[] {
    const ids = path.split('/').filter(Boolean);
    for (let i = ids.length - 1; i >= 0; i--) {
      const people = this.onOrg(role, ids[i]);
      if (people.length) return people;
    }
    return [];
  }

  /**
   * Whom to escalate to: the office of the nearest org above this one that has an office (the
   * parent org's, usually); for an org with none above, its own office.
   */
  escalation(path: string): string[] {
    const ids = path.split('/').filter(Boolean);
    for (let i = ids.length - 2; i >= 0; i--) {
      const people = this.onOrg('office', ids[i]);
      if (people.length) return people;
    }
    return this.onOrg('office', ids[ids.length - 1] ?? '');
  }
}
