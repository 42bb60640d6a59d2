/**
 * Finds lessons (lessons/NN-slug/ under the package root), parses their prose
 * and imports their steps: dist/bundle/lessons/… in the built CLI (one bundle),
 * lessons/…/steps.ts when tests run from the sources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TslabError } from '../engine/errors.js';
import { packageRoot } from '../engine/package-root.js';
import { parseLessonMarkdown } from './markdown.js';
import { LANGS, type Lang, type LessonInfo, type LessonProse, type LessonSteps } from './types.js';

export const LESSON_DIR = /^\d\d-[a-z0-9-]+$/;

export function lessonsDir(): string {
  return process.env.TSLAB_LESSONS_DIR ?? path.join(packageRoot(), 'lessons');
}

export function proseFile(lang: Lang): string {
  return lang === 'en' ? 'lesson.md' : `lesson.${lang}.md`;
}

export function listLessonIds(dir = lessonsDir()): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && LESSON_DIR.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

export function loadLessonInfo(id: string, dir = lessonsDir()): LessonInfo {
  const lessonDir = path.join(dir, id);
  const prose: Partial<Record<Lang, LessonProse>> = {};
  for (const lang of LANGS) {
    const file = path.join(lessonDir, proseFile(lang));
    if (!existsSync(file)) continue;
    const parsed = parseLessonMarkdown(readFileSync(file, 'utf8'), `${id}/${proseFile(lang)}`);
    if (parsed.prose) prose[lang] = parsed.prose;
  }
  return { id, dir: lessonDir, prose };
}

export function listLessons(dir = lessonsDir()): LessonInfo[] {
  return listLessonIds(dir).map((id) => loadLessonInfo(id, dir));
}

export function findLesson(ref: string, dir = lessonsDir()): LessonInfo {
  const ids = listLessonIds(dir);
  const id = ids.find((candidate) => candidate === ref || candidate.startsWith(`${ref.padStart(2, '0')}-`));
  if (!id) throw new TslabError('E_NO_SUCH_LESSON', `no lesson ${JSON.stringify(ref)}`, { hint: `lessons: ${ids.join(', ')}` });
  return loadLessonInfo(id, dir);
}

/** The prose in this language, falling back to English. */
export function proseFor(lesson: LessonInfo, lang: Lang): LessonProse {
  const prose = lesson.prose[lang] ?? lesson.prose.en;
  if (!prose) throw new TslabError('E_LESSON_PROSE', `lesson ${lesson.id} has no lesson.md`, { hint: 'run `tslab lessons lint`' });
  return prose;
}

/**
 * The steps module: in the built CLI the bundle's own entry (dist/bundle/lessons/ID/steps.js,
 * beside the chunk this code is in, sharing its modules); from the sources (tests) the
 * TypeScript file, which the test loader resolves from its `.js` specifier.
 */
export function stepsModuleUrl(id: string): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'lessons', id, 'steps.js');
  if (existsSync(bundled)) return pathToFileURL(bundled).href;
  const source = path.resolve(here, '..', '..', 'lessons', id, 'steps.ts');
  if (existsSync(source)) return pathToFileURL(source.replace(/\.ts$/, '.js')).href;
  // A test bundled elsewhere (the cgroup-v2 VM's dist/vm/tests): the package's own bundle.
  const packaged = path.join(packageRoot(), 'dist', 'bundle', 'lessons', id, 'steps.js');
  return existsSync(packaged) ? pathToFileURL(packaged).href : undefined;
}

export async function loadSteps(id: string): Promise<LessonSteps> {
  const url = stepsModuleUrl(id);
  if (!url) throw new TslabError('E_LESSON_STEPS', `lesson ${id} has no steps.ts`, { hint: 'run `tslab lessons lint`' });
  const module = (await import(url)) as { default?: LessonSteps; lesson?: LessonSteps };
  const steps = module.default ?? module.lesson;
  if (!steps) throw new TslabError('E_LESSON_STEPS', `lessons/${id}/steps.ts exports no lesson`, { hint: 'export default defineLesson({...})' });
  return steps;
}
