import { HttpError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/policy.js';
import type { Deps } from '../../database.js';
import { canReadForm } from './policy.js';
import { findFormWithOrg } from './queries.js';

/** A form the caller may read; one out of sight is 404, as if it did not exist. */
export async function readableForm(deps: Deps, actor: Actor, id: string) {
  const form = await findFormWithOrg(deps.db, id);
  if (!form || !canReadForm(actor, form.org_path)) throw new HttpError('not_found');
  return form;
}
