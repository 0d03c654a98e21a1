import { t } from '@/i18n';
import type { Rule } from '@massline/shared';

type TagType = 'danger' | 'warning' | 'success' | 'primary' | 'info';

export const categoryLabel = (c: string) => t(`problems.category.${c}`);
export const severityLabel = (s: string) => t(`problems.severity.${s}`);
export const statusLabel = (s: string) => t(`problems.status.${s}`);
export const sourceTypeLabel = (s: string) => t(`problems.sourceType.${s}`);

const statusTags: Record<string, TagType> = { open: 'danger', rectifying: 'warning', resolved: 'success' };
export const statusTag = (s: string): TagType => statusTags[s] ?? 'info';
const severityTags: Record<string, TagType> = { minor: 'info', moderate: 'warning', serious: 'danger' };
export const severityTag = (s: string): TagType => severityTags[s] ?? 'info';
// The four winds in red, the residents' everyday needs in green, as in the opinions inbox.
const categoryTags: Record<string, TagType> = {
  formalism: 'danger', bureaucratism: 'danger', hedonism: 'danger', extravagance: 'danger', service: 'warning', livelihood: 'success', other: 'info',
};
export const categoryTag = (c: string): TagType => categoryTags[c] ?? 'info';

/** "“四风”问题 · 官僚主义", or the rule's own title when it has no parent. */
export function ruleText(rule: { title: string; parentTitle: string | null } | null): string {
  if (!rule) return '';
  return rule.parentTitle ? `${rule.parentTitle} · ${rule.title}` : rule.title;
}

/** Rules as a two-level tree for a cascader or a table. */
export interface RuleNode extends Rule { children?: RuleNode[] }
export function ruleTree(rules: readonly Rule[]): RuleNode[] {
  const roots = rules.filter((r) => r.parentId === null).map((r) => ({ ...r, children: [] as RuleNode[] }));
  const byId = new Map(roots.map((r) => [r.id, r]));
  for (const r of rules) if (r.parentId !== null) byId.get(r.parentId)?.children.push({ ...r });
  return roots.map((r) => (r.children.length ? r : { ...r, children: undefined }));
}
