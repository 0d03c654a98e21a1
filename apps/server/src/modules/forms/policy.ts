import { atOrg, definePolicy, type Actor } from '../../kernel/policy.js';

/** Forms belong to an organisation; the office builds them, secretaries hand out codes in their branch. */
export const FORM_READERS = ['office', 'secretary', 'inspector'] as const;

export const formsPolicy = definePolicy({
  'form.read': { roles: [...FORM_READERS] },
  'form.manage': { roles: ['office'] },
  'form.codes': { roles: ['office', 'secretary'] },
});
export type FormAction = (typeof formsPolicy.actions)[number];

/** The org paths above a materialised path ('/a/b/c/' → '/a/', '/a/b/'). */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.slice(0, -1).map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/**
 * A form of an org is answered throughout its subtree, so whoever reads forms in a branch also
 * reads the township's forms that reach down to it (to hand out their codes, follow turnout,
 * read results): their grants' ancestors, besides everything below their grants.
 */
export function canReadForm(actor: Actor, formOrgPath: string): boolean {
  return formsPolicy.can(actor, 'form.read', atOrg(formOrgPath))
    || actor.grants.some((g) => g.orgPath !== null && (FORM_READERS as readonly string[]).includes(g.role) && g.orgPath.startsWith(formOrgPath));
}

/** Org paths whose forms reach the actor from above (for list queries). */
export function formAncestorScope(actor: Actor): string[] {
  return [...new Set(actor.grants.filter((g) => g.orgPath && (FORM_READERS as readonly string[]).includes(g.role)).flatMap((g) => ancestorPaths(g.orgPath!)))];
}
