import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Org } from '@massline/shared';
import { orgsApi } from './api';

/**
 * The organisations the caller can see, archived ones included, fetched once and shared by
 * the tree, the filters and the pickers. Reloaded after every change.
 */
export const useOrgsStore = defineStore('orgs', () => {
  const all = shallowRef<Org[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const active = computed(() => all.value.filter((o) => !o.archived));
  const byId = computed(() => new Map(all.value.map((o) => [o.id, o])));

  function reload(): Promise<void> {
    loading.value = true;
    pending = orgsApi
      .list(true)
      .then((result) => {
        all.value = result.items;
        loaded.value = true;
      })
      .finally(() => {
        loading.value = false;
        pending = null;
      });
    return pending;
  }

  function ensure(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    return pending ?? reload();
  }

  function put(org: Org): void {
    const exists = all.value.some((o) => o.id === org.id);
    all.value = exists ? all.value.map((o) => (o.id === org.id ? org : o)) : [...all.value, org];
  }

  function clear(): void {
    all.value = [];
    loaded.value = false;
  }

  return { all, active, byId, loading, loaded, reload, ensure, put, clear };
});
