import type { Org } from '@massline/shared';

export interface OrgNode {
  id: string;
  org: Org;
  children: OrgNode[];
}

/** The flat list as a forest: an org whose parent is not in the list is a root. */
export function buildTree(orgs: readonly Org[]): OrgNode[] {
  const nodes = new Map<string, OrgNode>();
  for (const org of orgs) nodes.set(org.id, { id: org.id, org, children: [] });
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The ids of an org and everything under it (within the given list). */
export function subtreeIds(orgs: readonly Org[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const org of orgs) {
    if (!org.parentId) continue;
    const list = children.get(org.parentId) ?? [];
    list.push(org.id);
    children.set(org.parentId, list);
  }
  const ids = new Set<string>([rootId]);
  const stack = [rootId];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (!ids.has(child)) {
        ids.add(child);
        stack.push(child);
      }
    }
  }
  return ids;
}

/** Names from the root down to the org, for "八塘镇党委 / 机关支部". */
export function orgPath(orgs: readonly Org[], id: string): string[] {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const names: string[] = [];
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names;
}

export type OrgAction = 'addChild' | 'edit' | 'move' | 'archive' | 'restore';

/**
 * The actions the caller may take on an org, from its per-org abilities. An archived org carries
 * `org.archive` alone when the caller may restore it, and no ability otherwise.
 */
export function orgActions(org: Org): OrgAction[] {
  const can = (a: string) => org.abilities.includes(a);
  if (org.archived) return can('org.archive') ? ['restore'] : [];
  const list: OrgAction[] = [];
  if (can('org.create')) list.push('addChild');
  if (can('org.update')) list.push('edit');
  // A root cannot move or be archived (org_is_root).
  if (org.parentId && can('org.move')) list.push('move');
  if (org.parentId && can('org.archive')) list.push('archive');
  return list;
}
