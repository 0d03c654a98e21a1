import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Campaign } from '@massline/shared';
import { campaignsApi } from './api';

/**
 * The campaign running today for the org the header shows (one request per org, kept for the
 * session): the badge in the header reads it, the campaign pages drop it when they change one.
 */
export const useCurrentCampaignStore = defineStore('current-campaign', () => {
  const orgId = ref<string | null>(null);
  const byOrg = shallowRef(new Map<string, Campaign | null>());
  let pending: Promise<void> | null = null;

  const current = computed(() => (orgId.value ? byOrg.value.get(orgId.value) ?? null : null));
  const loaded = computed(() => orgId.value !== null && byOrg.value.has(orgId.value));

  async function load(id: string): Promise<void> {
    if (byOrg.value.has(id)) return;
    try {
      const { campaign } = await campaignsApi.current(id);
      byOrg.value = new Map(byOrg.value).set(id, campaign);
    } catch {
      // Not readable (no role there any more) or offline: no badge rather than an error on every page.
      byOrg.value = new Map(byOrg.value).set(id, null);
    }
  }

  function show(id: string | null): Promise<void> {
    orgId.value = id;
    if (!id) return Promise.resolve();
    pending = load(id).finally(() => (pending = null));
    return pending;
  }

  /** After a campaign was started or its phases changed: ask again. */
  function invalidate(): Promise<void> {
    byOrg.value = new Map();
    return show(orgId.value);
  }

  function clear(): void {
    orgId.value = null;
    byOrg.value = new Map();
  }

  return { orgId, current, loaded, show, invalidate, clear, pending: () => pending };
});
