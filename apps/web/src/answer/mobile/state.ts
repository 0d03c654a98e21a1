import { reactive } from 'vue';
import { ApiError, fetchPublicForm, type PublicForm } from '../api';
import { fetchMe, fetchMyAssignments, sendItem, signIn, signOut, type Assignment, type Me } from './api';
import { Outbox, type FlushResult, type OutboxItem } from './outbox';
import { cache, outboxPersistent, outboxStore } from './store';

/**
 * The signed-in phone pages' state, one per page: who is signed in, the assignments, the outbox
 * and the network. Whatever comes from the server is also kept in IndexedDB and read from there
 * first, so that the pages open, and visits can be recorded, with no network at all.
 */
export const state = reactive({
  /** Whether the session check (or its cached answer) is done. */
  ready: false,
  me: null as Me | null,
  /** `me` is the copy kept on the phone: the server could not be asked (offline). */
  meFromCache: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine !== false,
  assignments: [] as Assignment[],
  /** The list is the one kept on the phone (not fetched in this visit). */
  assignmentsFromCache: false,
  assignmentsLoaded: false,
  /** Why the list could not be loaded (and none was kept). */
  listError: '',
  outbox: [] as OutboxItem[],
  syncing: false,
  /** The last flush stopped: nothing came back, or the server is busy. */
  syncInterrupted: false,
  /** The session ended (or needs a new password) while items wait: the code and the server's words. */
  signinNeeded: null as { code: string; message: string } | null,
  /** The account signed in with must change its initial password first (in the staff app, at /). */
  passwordChange: false,
  /** The sign-in screen asked for (the session ended while items wait) even though someone is known. */
  signingIn: false,
  lastSyncedAt: null as string | null,
  /** The service worker has the pages cached: they open offline. */
  offlineReady: false,
  /** IndexedDB works: what is saved offline survives closing the page. */
  storageOk: true,
});

const refreshOutbox = async () => {
  state.outbox = await outbox.list();
};
export const outbox = new Outbox(outboxStore, sendItem, () => void refreshOutbox());

const personId = () => state.me?.person.id ?? null;
const assignmentsKey = (id: string) => `assignments:${id}`;
const formKey = (id: string) => `form:${id}`;

/** This person's outbox items, oldest first. */
export const myItems = () => state.outbox.filter((i) => i.personId === personId());
export const pendingCount = () => myItems().filter((i) => i.state === 'pending').length;
export const failedItems = () => myItems().filter((i) => i.state === 'failed');
/** Items recorded by someone else on this phone: they wait for that person to sign in. */
export const othersCount = () => state.outbox.filter((i) => i.personId !== personId()).length;
export const itemsFor = (assignmentId: string) => myItems().filter((i) => i.assignmentId === assignmentId);

async function loadCachedAssignments(id: string) {
  const kept = await cache.get<Assignment[]>(assignmentsKey(id));
  if (kept && !state.assignmentsLoaded) {
    state.assignments = kept;
    state.assignmentsFromCache = true;
    state.assignmentsLoaded = true;
  }
}

/** The list from the server (and kept), then each form's questions kept for offline use. */
export async function refreshAssignments(): Promise<void> {
  const me = state.me;
  if (!me) return;
  try {
    const items = await fetchMyAssignments();
    if (state.me?.person.id !== me.person.id) return;
    state.assignments = items;
    state.assignmentsFromCache = false;
    state.assignmentsLoaded = true;
    state.listError = '';
    await cache.set(assignmentsKey(me.person.id), items);
    void keepForms(items);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return sessionEnded();
    if (!state.assignmentsLoaded) state.listError = e instanceof ApiError ? e.code : 'network';
  }
}

let keeping: Promise<void> | null = null;
/** Forms fetched in this visit: each is fetched once per page load, not after every sync. */
const formsFetched = new Set<string>();
/** Every assigned form's questions on the phone, two at a time: a visit may start anywhere. */
function keepForms(items: Assignment[]): Promise<void> {
  if (keeping) return keeping;
  const ids = [...new Set(items.map((a) => a.formId))].filter((id) => !formsFetched.has(id));
  keeping = (async () => {
    const worker = async () => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        try {
          await cache.set(formKey(id), await fetchPublicForm(id));
          formsFetched.add(id);
        } catch (e) {
          // Closed or gone: not kept. A network failure keeps the copy there is.
          if (e instanceof ApiError && (e.code === 'not_found' || e.code === 'form_not_open')) await cache.del(formKey(id));
        }
      }
    };
    await Promise.all([worker(), worker()]);
  })().finally(() => {
    keeping = null;
  });
  return keeping;
}

/** A form's questions: the copy on the phone, else from the server (and kept). */
export async function loadForm(formId: string): Promise<PublicForm> {
  const kept = await cache.get<PublicForm>(formKey(formId));
  if (kept) return kept;
  const form = await fetchPublicForm(formId);
  await cache.set(formKey(formId), form);
  return form;
}

async function sessionEnded() {
  state.me = null;
  state.signinNeeded = null;
  state.meFromCache = false;
  state.assignments = [];
  state.assignmentsLoaded = false;
  await cache.del('me');
}

/** The server's word on who is signed in; a new account must first change its password (in the staff app). */
async function checkSession(kept: Me | null): Promise<void> {
  try {
    const me = await fetchMe();
    if (me.account.mustChangePassword) {
      state.passwordChange = true;
      return sessionEnded();
    }
    state.me = me;
    state.meFromCache = false;
    await cache.set('me', me);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return sessionEnded();
    // No answer: the copy on the phone, so that visits can still be recorded.
    state.me = kept;
    state.meFromCache = !!kept;
  }
}

/** On opening: the outbox, who is signed in (the server, or the copy when offline), the list, then a sync. */
export async function start(): Promise<void> {
  state.storageOk = await outboxPersistent();
  await refreshOutbox();
  const kept = (await cache.get<Me>('me')) ?? null;
  if (state.online) await checkSession(kept);
  else {
    state.me = kept;
    state.meFromCache = !!kept;
  }
  state.ready = true;
  if (!state.me) return;
  await loadCachedAssignments(state.me.person.id);
  if (!state.meFromCache) await refreshAssignments();
  void sync();
}

/**
 * Back online, or "sync now": the session confirmed if it was taken on trust (opened offline),
 * what waits sent, the list refreshed.
 */
export async function syncNow(): Promise<void> {
  if (!state.me) return;
  if (state.meFromCache) {
    await checkSession(state.me);
    if (!state.me || state.meFromCache) return;
  }
  const result = await sync();
  // sync() refreshes the list after sending; otherwise the list is still the phone's copy.
  if (!result?.sent && state.assignmentsFromCache) await refreshAssignments();
}

export async function signInWith(username: string, password: string): Promise<Me> {
  const me = await signIn(username, password);
  state.passwordChange = me.account.mustChangePassword;
  if (me.account.mustChangePassword) return me;
  const switched = state.me?.person.id !== me.person.id;
  state.me = me;
  state.meFromCache = false;
  state.signinNeeded = null;
  state.signingIn = false;
  if (switched) {
    state.assignments = [];
    state.assignmentsLoaded = false;
  }
  await cache.set('me', me);
  await loadCachedAssignments(me.person.id);
  await refreshAssignments();
  void sync();
  return me;
}

/** Only online (the session cookie is the server's to end). The outbox stays: it is sent at the next sign-in. */
export async function signOutNow(): Promise<void> {
  const me = state.me;
  await signOut();
  if (me) await cache.del(assignmentsKey(me.person.id));
  await sessionEnded();
}

/** Send what waits; then the list again, for the counts the server now has. */
export async function sync(): Promise<FlushResult | null> {
  const id = personId();
  if (!id || !state.online || state.meFromCache) return null;
  state.syncing = true;
  try {
    const result = await outbox.flush(id);
    state.syncInterrupted = result.interrupted;
    // The items stay; the person is asked to sign in again (a banner), not thrown out of the page.
    if (result.signin) state.signinNeeded = result.signin;
    if (result.sent) {
      state.lastSyncedAt = new Date().toISOString();
      await refreshAssignments();
    }
    return result;
  } finally {
    state.syncing = false;
  }
}

/** Keep one answer or visit, then try to send it at once. */
export async function queue(item: Omit<OutboxItem, 'state' | 'attempts' | 'personId' | 'createdAt'>): Promise<void> {
  const id = personId();
  if (!id) throw new Error('not signed in');
  await outbox.add({ ...item, personId: id, createdAt: new Date().toISOString() });
  await refreshOutbox();
  void syncNow();
}

let watching = false;
/** Online and offline as the phone reports them; a sync on coming back, and every half minute while items wait. */
export function watchNetwork(): void {
  if (watching) return;
  watching = true;
  window.addEventListener('online', () => {
    state.online = true;
    void syncNow();
  });
  window.addEventListener('offline', () => {
    state.online = false;
  });
  // A phone taken out of the pocket: a good moment to send what waits.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && state.online && pendingCount() > 0) void syncNow();
  });
  setInterval(() => {
    if (state.online && !state.syncing && pendingCount() > 0) void syncNow();
  }, 30_000);
}
