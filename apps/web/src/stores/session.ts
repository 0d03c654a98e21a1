import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Me, Role } from '@massline/shared';
import { ApiError, request } from '@/api/http';

export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null);
  /** True once we asked the server who we are (whatever the answer). */
  const loaded = ref(false);

  const loggedIn = computed(() => me.value !== null);
  const mustChangePassword = computed(() => me.value?.account.mustChangePassword === true);
  const isAdmin = computed(() => me.value?.grants.some((g) => g.role === 'admin') === true);
  const roles = computed<Role[]>(() => [...new Set(me.value?.grants.map((g) => g.role) ?? [])]);

  /** With a list: any one of them (a page two roles reach by different abilities). */
  function can(ability: string | readonly string[]): boolean {
    const mine = me.value?.abilities ?? [];
    return typeof ability === 'string' ? mine.includes(ability) : ability.some((a) => mine.includes(a));
  }

  async function fetchMe(): Promise<Me | null> {
    try {
      me.value = await request<Me>('GET', '/api/auth/me', { allow401: true });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) {
        loaded.value = true;
        throw error;
      }
      me.value = null;
    }
    loaded.value = true;
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    const result = await request<Me>('POST', '/api/auth/login', { json: { username, password }, allow401: true });
    me.value = result;
    loaded.value = true;
    return result;
  }

  async function logout(): Promise<void> {
    try {
      await request('POST', '/api/auth/logout', { allow401: true });
    } finally {
      clear();
    }
  }

  function clear(): void {
    me.value = null;
  }

  function passwordChanged(): void {
    if (me.value) me.value = { ...me.value, account: { ...me.value.account, mustChangePassword: false } };
  }

  return { me, loaded, loggedIn, mustChangePassword, isAdmin, roles, can, fetchMe, login, logout, clear, passwordChanged };
});
