import { ref, shallowRef } from 'vue';
import { notifyError } from '@/api/http';

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * A keyset-paged list: `reload()` starts again, `more()` appends the page after `next`.
 * Answers to a superseded request are dropped, so quick filter changes never mix pages.
 */
export function useKeyset<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([]);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  let generation = 0;

  async function load(cursor: string | undefined): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      next.value = page.next;
      loaded.value = true;
    } catch (error) {
      if (mine === generation) notifyError(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  const reload = () => load(undefined);
  const more = () => (next.value && !loading.value ? load(next.value) : Promise.resolve());

  /** Put a changed row in place without refetching. */
  function replace(item: T, same: (a: T, b: T) => boolean): void {
    items.value = items.value.map((existing) => (same(existing, item) ? item : existing));
  }

  return { items, next, loading, loaded, reload, more, replace };
}
