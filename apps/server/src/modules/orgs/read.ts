import type { PeopleQuery, Person, PersonPage } from '@massline/shared';
import type { Db } from '../../database.js';
import { HttpError } from '../../kernel/errors.js';
import { atOrg, type Actor } from '../../kernel/policy.js';
import { decodeCursor, encodeCursor } from '../../kernel/cursor.js';
import { authorizeVisible, orgsPolicy } from './policy.js';
import { presentPerson } from './presenters.js';
import { findOrg, findPerson, listPeople, membershipsOf } from './queries.js';

/** Only memberships the caller may see are shown: they say where else a person sits. */
function visibleMemberships(actor: Actor, memberships: { person_id: string; org_id: string; org_name: string; path: string }[]) {
  return memberships.filter((m) => orgsPolicy.can(actor, 'person.read', atOrg(m.path)));
}

export async function loadPeoplePage(db: Db, actor: Actor, query: PeopleQuery): Promise<PersonPage> {
  let orgPath: string | undefined;
  if (query.orgId) {
    const org = await findOrg(db, query.orgId);
    if (!org) throw new HttpError('not_found');
    authorizeVisible(actor, 'person.read', atOrg(org.path), 'org.read');
    orgPath = org.path;
  }
  const scope = orgsPolicy.scope(actor, 'person.read');
  const rows = await listPeople(db, {
    // Inside an authorized org filter, the org's own subtree is the whole scope.
    scope: orgPath ? null : scope,
    orgPath,
    q: query.q || undefined,
    includeArchived: query.includeArchived === 'true',
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: query.limit,
  });
  const page = rows.slice(0, query.limit);
  const memberships = await membershipsOf(db, page.map((p) => p.id));
  const byPerson = new Map<string, typeof memberships>();
  for (const m of memberships) byPerson.set(m.person_id, [...(byPerson.get(m.person_id) ?? []), m]);
  const last = page[page.length - 1];
  return {
    items: page.map((p) => {
      const all = byPerson.get(p.id) ?? [];
      return presentPerson(actor, p, visibleMemberships(actor, all), all.map((m) => m.path));
    }),
    next: rows.length > query.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}

export async function loadPerson(db: Db, actor: Actor, id: string): Promise<Person> {
  const person = await findPerson(db, id);
  if (!person) throw new HttpError('not_found');
  const memberships = await membershipsOf(db, [id]);
  // Someone outside the caller's reach is "not found": their existence is not confirmed.
  if (!orgsPolicy.can(actor, 'person.read', { paths: memberships.map((m) => m.path) })) throw new HttpError('not_found');
  return presentPerson(actor, person, visibleMemberships(actor, memberships), memberships.map((m) => m.path));
}
