/**
 * Words a lesson's steps say to the learner (check details, errors): one string
 * when it reads the same in every language (kernel output, names, numbers),
 * else `say(en, zh)`. English is kept as the plain `detail`/`message` so event
 * logs, the workshop and tests read one stable language.
 */
import { TslabError } from '../engine/errors.js';
import type { CheckResult, Lang, StepResult } from './types.js';

export type Said = string | Readonly<Record<Lang, string>>;

export const say = (en: string, zh: string): Said => ({ en, 'zh-CN': zh });

export const inLang = (text: Said, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);
/** One language of a part, for building a longer `say(...)` from parts. */
export const en = (text: Said): string => inLang(text, 'en');
export const zh = (text: Said): string => inLang(text, 'zh-CN');

/** The other languages of `text`, for a `translated` field (none for a plain string). */
export function translations(text: Said): { translated?: Partial<Record<Lang, string>> } {
  return typeof text === 'string' ? {} : { translated: { 'zh-CN': text['zh-CN'] } };
}

export const checkResult = (ok: boolean, detail: Said): CheckResult => ({ ok, detail: inLang(detail, 'en'), ...translations(detail) });

/** A check's detail in the learner's language. */
export const detailIn = (check: CheckResult, lang: Lang): string => check.translated?.[lang] ?? check.detail;

/** A TslabError a lesson step throws, with its message and hint in both languages. */
export class LessonError extends TslabError {
  readonly said: { message: Said; hint?: Said };

  constructor(code: string, message: Said, hint?: Said) {
    super(code, inLang(message, 'en'), hint === undefined ? {} : { hint: inLang(hint, 'en') });
    this.said = { message, ...(hint === undefined ? {} : { hint }) };
  }
}

type StepError = NonNullable<StepResult['error']>;

/** A step's error in the learner's language. */
export function errorIn(error: StepError, lang: Lang): { message: string; hint?: string } {
  const t = error.translated?.[lang];
  const hint = t?.hint ?? error.hint;
  return { message: t?.message ?? error.message, ...(hint ? { hint } : {}) };
}

/** The hint for a step that needs what an earlier step made. */
export const REPLAY_HINT = say('run the lesson from its first step (r resets it), or press n to replay', '从第一步开始做这一课（按 r 重置），或按 n 重放前面的步骤');
