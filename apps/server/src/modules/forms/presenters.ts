import { FormDefinition, type Form, type PublicForm } from '@massline/shared';
import type { FormRow } from './queries.js';

const base = (f: FormRow) => ({
  id: f.id,
  kind: f.kind as Form['kind'],
  title: f.title,
  description: f.description,
  anonymous: f.anonymous === 1,
  distribution: f.distribution as Form['distribution'],
  collectLocation: f.collect_location === 1,
});

export const presentForm = (f: FormRow): Form => ({
  ...base(f),
  orgId: f.org_id,
  orgName: f.org_name,
  status: f.status as Form['status'],
  definition: FormDefinition.parse(JSON.parse(f.definition)),
  responseCount: Number(f.response_count),
  createdAt: f.created_at,
});

export const presentFormSummary = (f: FormRow) => {
  const { definition: _definition, ...rest } = presentForm(f);
  return rest;
};

export const presentPublicForm = (f: FormRow): PublicForm => ({ ...base(f), definition: FormDefinition.parse(JSON.parse(f.definition)) });
