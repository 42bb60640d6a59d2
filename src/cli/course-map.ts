/** `tslab lessons map`: the course in order, what each lesson covers of the seed articles, and which are ready. */
import stringWidth from 'string-width';
import { COURSE } from '../lab/course-map.js';
import { listLessons, proseFor } from '../lab/loader.js';
import type { Lang } from '../lab/types.js';

const words: Record<Lang, { ready: string; planned: string; seeds: string; docker: string }> = {
  en: { ready: 'ready', planned: 'planned', seeds: 'seed topics: ', docker: 'Docker: ' },
  'zh-CN': { ready: '可学', planned: '计划中', seeds: '参考文章主题：', docker: 'Docker：' },
};

/** Pad by display columns: a Chinese character takes two. */
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(1, width - stringWidth(text)));

export function printCourseMap(lang: Lang): void {
  const ready = new Map(listLessons().map((info) => [info.id, info]));
  const w = words[lang];
  for (const entry of COURSE) {
    const info = ready.get(entry.id);
    const title = info ? proseFor(info, lang).title : entry.title[lang];
    console.log(`${pad(entry.id, 22)}${pad(info ? w.ready : w.planned, 9)}${title}`);
    console.log(`${' '.repeat(22)}${w.seeds}${entry.topics[lang]}`);
    console.log(`${' '.repeat(22)}${w.docker}${entry.docker[lang]}`);
  }
}
