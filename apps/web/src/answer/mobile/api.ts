import type { Assignment } from '@massline/shared/src/forms/assignments';
import type { Me } from '@massline/shared/src/auth/contract';
import { call, request } from '../api';
import type { OutboxItem } from './outbox';

export type { Assignment, Me };

/** The signed-in side of the phone pages: the session, my assignments, and sending an answer. */
export async function signIn(username: string, password: string): Promise<Me> {
  return (await call<Me>('POST', '/api/auth/login', { username, password })).body;
}

export async function fetchMe(): Promise<Me> {
  return (await call<Me>('GET', '/api/auth/me')).body;
}

export async function signOut(): Promise<void> {
  await call('POST', '/api/auth/logout', {});
}

export async function fetchMyAssignments(): Promise<Assignment[]> {
  return (await call<{ items: Assignment[] }>('GET', '/api/my/assignments')).body.items;
}

/** One outbox item to the server, its answer unjudged: the outbox decides what it means. */
export function sendItem(item: OutboxItem): Promise<{ status: number; json: unknown }> {
  return request('POST', `/api/my/assignments/${encodeURIComponent(item.assignmentId)}/responses`, item.body);
}
