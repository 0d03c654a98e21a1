import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import type { Lang } from '@massline/shared';
import elZhCn from 'element-plus/es/locale/lang/zh-cn';
import elEn from 'element-plus/es/locale/lang/en';
import zhCN, { type Messages } from './zh-CN';
import en from './en';

export const langs: readonly Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'massline.lang';

function savedLang(): Lang {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === 'zh-CN' || value === 'en') return value;
  } catch {
    // Storage may be blocked (private mode): fall back to the default.
  }
  return 'zh-CN';
}

export const i18n = createI18n<[Messages], Lang, false>({
  legacy: false,
  locale: savedLang(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export const t = i18n.global.t;

export function currentLang(): Lang {
  return i18n.global.locale.value as Lang;
}

export function setLang(lang: Lang): void {
  i18n.global.locale.value = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
}

/** Element Plus's own texts (pagination, dialogs, empty states) follow the app's language. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn));

document.documentElement.lang = currentLang();
