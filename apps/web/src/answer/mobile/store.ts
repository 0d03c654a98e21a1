import { createStore, del, get, set, values, type UseStore } from 'idb-keyval';
import type { OutboxItem, OutboxStore } from './outbox';

/**
 * What the phone keeps in IndexedDB: the outbox (answers and visits not yet on the server) and
 * copies of what was last fetched (who is signed in, the assignment list, each form's questions)
 * so that the pages open with no network. Two small databases through idb-keyval. Where
 * IndexedDB cannot be opened at all (some private modes), a Map for this visit instead; once
 * open, a failed write is an error for the caller, never a silent switch to memory.
 */
interface Kv {
  /** Whether it survives a reload (IndexedDB), or lives in memory for this visit. */
  persistent: boolean;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  values<T>(): Promise<T[]>;
}

function memoryKv(): Kv {
  const memory = new Map<string, unknown>();
  return {
    persistent: false,
    get: async <T>(key: string) => memory.get(key) as T | undefined,
    set: async (key, value) => void memory.set(key, value),
    del: async (key) => void memory.delete(key),
    values: async <T>() => [...memory.values()] as T[],
  };
}

function kv(dbName: string): Omit<Kv, 'persistent'> & { persistent(): Promise<boolean> } {
  let ready: Promise<Kv> | null = null;
  const open = () => {
    ready ??= (async (): Promise<Kv> => {
      try {
        if (typeof indexedDB === 'undefined' || indexedDB === null) return memoryKv();
        const store: UseStore = createStore(dbName, 'kv');
        await get('probe', store);
        return {
          persistent: true,
          get: <T>(key: string) => get<T>(key, store),
          // Plain data only (a Vue proxy cannot be cloned into IndexedDB); everything kept is JSON anyway.
          set: (key, value) => set(key, JSON.parse(JSON.stringify(value)), store),
          del: (key) => del(key, store),
          values: <T>() => values<T>(store),
        };
      } catch {
        return memoryKv();
      }
    })();
    return ready;
  };
  return {
    persistent: async () => (await open()).persistent,
    get: async <T>(key: string) => (await open()).get<T>(key),
    set: async (key, value) => (await open()).set(key, value),
    del: async (key) => (await open()).del(key),
    values: async <T>() => (await open()).values<T>(),
  };
}

const outboxKv = kv('massline-m-outbox');
export const outboxStore: OutboxStore = {
  get: (key) => outboxKv.get<OutboxItem>(key),
  set: (key, item) => outboxKv.set(key, item),
  delete: (key) => outboxKv.del(key),
  values: () => outboxKv.values<OutboxItem>(),
};

/** Whether records saved offline survive a reload (false in a browser mode without IndexedDB). */
export const outboxPersistent = () => outboxKv.persistent();

/** Copies of server data: `me`, `assignments:<personId>`, `form:<formId>`. */
export const cache = kv('massline-m-cache');
