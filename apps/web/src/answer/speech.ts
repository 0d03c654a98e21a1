import { ref } from 'vue';
import type { Question } from '@massline/shared/src/forms/model';
import { lang, t } from './i18n';

/**
 * Read-aloud with the browser's own speech synthesis, for residents who would rather listen
 * than read. Each question is read as a few short utterances (label, help, options), queued in
 * turn: short ones because some phones cut a long utterance off after about 15 seconds.
 */
export const speechSupported = typeof window !== 'undefined' && !!window.speechSynthesis && typeof window.SpeechSynthesisUtterance === 'function';

/** What is being read: a question key, a whole screen ('#page'), or nothing. */
export const speaking = ref<string | null>(null);

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The language to read a piece in: Chinese text with a Chinese voice even on the English
 * screen (forms are written in Chinese; an English voice would spell it out or skip it).
 */
export function speechLang(text: string): string {
  return HAN.test(text) || lang.value === 'zh-CN' ? 'zh-CN' : 'en-US';
}

function voiceFor(tag: string): SpeechSynthesisVoice | undefined {
  const want = tag.toLowerCase();
  const voices = window.speechSynthesis.getVoices();
  const norm = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace('_', '-');
  return voices.find((v) => norm(v) === want) ?? voices.find((v) => norm(v).startsWith(want.slice(0, 2)));
}

/**
 * One spoken line from its parts, as few utterances as possible: parts in the same language are
 * joined, and a change of language (English framing around a Chinese label) starts a new one,
 * so that each is read by a voice that speaks it.
 */
function line(...parts: (string | false | undefined)[]): string[] {
  const out: string[] = [];
  let last = '';
  for (const part of parts) {
    if (!part || !part.trim()) continue;
    const tag = speechLang(part);
    if (out.length && tag === last) out[out.length - 1] += (lang.value === 'en' ? ' ' : '') + part;
    else out.push(part);
    last = tag;
  }
  return out;
}

/** The utterances read for one question, in order. `n` is its number on the form (notes have none). */
export function questionScript(q: Question, n: number | null): string[] {
  const sep = t('listSep');
  const parts: string[][] = [line(n !== null && t('sayQuestion', { n }), q.label, q.required && t('sayRequired'))];
  if (q.help) parts.push(line(q.help));
  switch (q.type) {
    case 'single':
    case 'multiple':
      parts.push(line(q.type === 'multiple' && t('sayMultiple'), t('sayOptions'), q.options.map((o) => o.label).join(sep)));
      break;
    case 'rating':
      parts.push(line(t('sayRating', { min: q.min, max: q.max })));
      if (q.minLabel && q.maxLabel) parts.push(line(t('sayRatingEnds', { min: q.min, max: q.max, minLabel: q.minLabel, maxLabel: q.maxLabel })));
      break;
    case 'matrix':
      parts.push(line(t('sayRows'), q.rows.map((r) => r.label).join(sep)));
      parts.push(line(t('sayScale'), q.scale.map((s) => s.label).join(sep)));
      break;
    case 'text':
      parts.push(line(t('sayText')));
      break;
    case 'number':
      parts.push(line(t('sayNumber')));
      break;
    case 'date':
      parts.push(line(t('sayDate')));
      break;
    case 'note':
      break;
  }
  return parts.flat();
}

/** Which reading is current: callbacks of a cancelled one (they fire 'interrupted') must not touch the state. */
let run = 0;

export function stopSpeaking(): void {
  if (!speechSupported) return;
  run++;
  window.speechSynthesis.cancel();
  speaking.value = null;
}

/** Read the pieces in turn under `id`; reading anything else first stops what was being read. */
export function speak(id: string, pieces: string[]): void {
  if (!speechSupported || pieces.length === 0) return;
  const synth = window.speechSynthesis;
  synth.cancel();
  const mine = ++run;
  const done = () => { if (run === mine) speaking.value = null; };
  speaking.value = id;
  pieces.forEach((text, i) => {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = speechLang(text);
    const voice = voiceFor(u.lang);
    if (voice) u.voice = voice;
    // A little slower than the default: written for older listeners.
    u.rate = 0.9;
    if (i === pieces.length - 1) u.onend = done;
    u.onerror = done;
    synth.speak(u);
  });
}

export function toggleSpeak(id: string, pieces: string[]): void {
  if (speaking.value === id) stopSpeaking();
  else speak(id, pieces);
}

if (speechSupported) {
  // Chrome loads its voice list late; asking once early fills it for the first click.
  window.speechSynthesis.getVoices();
  // Leaving the page (or WeChat hiding it) should not keep talking.
  window.addEventListener('pagehide', stopSpeaking);
}
