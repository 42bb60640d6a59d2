/** The learner's language: --lang en|zh-CN, else LC_ALL / LC_MESSAGES / LANG (zh_* -> zh-CN). */
import { TslabError } from '../engine/errors.js';
import { LANGS, type Lang } from './types.js';

export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag !== undefined) {
    const found = LANGS.find((lang) => lang.toLowerCase() === flag.toLowerCase().replace('_', '-'));
    if (!found) throw new TslabError('E_USAGE', `unknown language ${JSON.stringify(flag)}`, { hint: `use --lang ${LANGS.join(' or --lang ')}` });
    return found;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-CN' : 'en';
}
