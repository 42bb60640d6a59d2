/**
 * The course linter (`tslab lessons lint`), like rustlings' `dev check`: every
 * lesson has prose in both languages with the same steps as its steps.ts, each
 * step a check and known panels; no stray files. Teaching rules are in
 * lint-teaching.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listLessonIds, lessonsDir, loadSteps, proseFile } from './loader.js';
import { lintTeaching, namesUsed } from './lint-teaching.js';
import { parseLessonMarkdown } from './markdown.js';
import { LANGS, PANEL_IDS, type LessonProse, type LessonSteps } from './types.js';

const ALLOWED_FILES = new Set(['lesson.md', 'lesson.zh-CN.md', 'steps.ts']);

export interface LintReport {
  lessons: number;
  problems: string[];
}

export async function lintCourse(dir = lessonsDir(), load: (id: string) => Promise<LessonSteps> = loadSteps): Promise<LintReport> {
  const problems: string[] = [];
  const ids = listLessonIds(dir);
  if (ids.length === 0) problems.push(`${dir}: no lessons found`);
  for (const id of ids) {
    const steps = await load(id).catch((error: unknown) => {
      problems.push(`${id}: cannot load steps.ts: ${(error as Error).message}`);
      return undefined;
    });
    problems.push(...lintLesson(dir, id, steps));
  }
  return { lessons: ids.length, problems };
}

export function lintLesson(dir: string, id: string, steps: LessonSteps | undefined): string[] {
  const problems: string[] = [];
  const lessonDir = path.join(dir, id);
  for (const file of readdirSync(lessonDir)) if (!ALLOWED_FILES.has(file)) problems.push(`${id}: unexpected file ${file}`);
  const prose: LessonProse[] = [];
  for (const lang of LANGS) {
    const file = path.join(lessonDir, proseFile(lang));
    if (!existsSync(file)) {
      problems.push(`${id}: ${proseFile(lang)} is missing`);
      continue;
    }
    const parsed = parseLessonMarkdown(readFileSync(file, 'utf8'), `${id}/${proseFile(lang)}`);
    problems.push(...parsed.problems);
    if (!parsed.prose) continue;
    if (parsed.prose.id !== id) problems.push(`${id}/${proseFile(lang)}: front matter id is ${JSON.stringify(parsed.prose.id)}`);
    prose.push(parsed.prose);
    problems.push(...lintTeaching(`${id}/${proseFile(lang)}`, parsed.prose));
  }
  const [en, ...others] = prose;
  if (en) {
    problems.push(...lintProse(id, en));
    for (const other of others) problems.push(...compareProse(id, en, other));
  }
  if (steps && en) problems.push(...lintSteps(id, en, steps, prose));
  return problems;
}

function lintProse(id: string, en: LessonProse): string[] {
  const problems: string[] = [];
  const ids = en.steps.map((s) => s.id);
  if (new Set(ids).size !== ids.length) problems.push(`${id}: step ids are not unique`);
  if (ids[ids.length - 1] !== 'recap') problems.push(`${id}: the last step must be recap`);
  if (en.steps.find((s) => s.id === 'recap')?.predict) problems.push(`${id}: recap needs no Predict`);
  if (!en.steps.some((s) => s.predict)) problems.push(`${id}: a lesson needs at least one Predict`);
  for (const step of en.steps) if (!step.body) problems.push(`${id}: step ${step.id} has no prose`);
  return problems;
}

function compareProse(id: string, en: LessonProse, other: LessonProse): string[] {
  const problems: string[] = [];
  const a = en.steps.map((s) => s.id).join(',');
  const b = other.steps.map((s) => s.id).join(',');
  if (a !== b) problems.push(`${id}: step ids differ between languages: [${a}] vs [${b}]`);
  if (en.minutes !== other.minutes) problems.push(`${id}: minutes differ between languages`);
  for (const step of en.steps) {
    const twin = other.steps.find((s) => s.id === step.id);
    if (!twin) continue;
    if (!twin.body) problems.push(`${id}: step ${step.id} has no translated prose`);
    if (Boolean(step.predict) !== Boolean(twin.predict)) problems.push(`${id}: step ${step.id} has a Predict in only one language`);
    else if (step.predict && twin.predict && (step.predict.answer !== twin.predict.answer || step.predict.choices.length !== twin.predict.choices.length)) {
      problems.push(`${id}: step ${step.id}'s Predict choices or right answer differ between languages`);
    }
    if ((step.tryIt === undefined) !== (twin.tryIt === undefined)) problems.push(`${id}: step ${step.id} has Try it yourself in only one language`);
    if (Boolean(step.after) !== Boolean(twin.after)) problems.push(`${id}: step ${step.id} has an Explanation in only one language`);
    if (step.hints.length !== twin.hints.length) problems.push(`${id}: step ${step.id} has ${step.hints.length} hints in English but ${twin.hints.length} in a translation`);
  }
  return problems;
}

function lintSteps(id: string, en: LessonProse, lesson: LessonSteps, all: LessonProse[]): string[] {
  const problems: string[] = [];
  if (lesson.id !== id) problems.push(`${id}: steps.ts declares id ${JSON.stringify(lesson.id)}`);
  const a = en.steps.map((s) => s.id).join(',');
  const b = lesson.steps.map((s) => s.id).join(',');
  if (a !== b) problems.push(`${id}: steps.ts ids [${b}] differ from lesson.md [${a}]`);
  for (const step of lesson.steps) {
    if ((typeof step.run === 'function') === (typeof step.solve === 'function')) problems.push(`${id}: step ${step.id} needs exactly one of run (tslab does it) and solve (a challenge)`);
    if (typeof step.check !== 'function') problems.push(`${id}: step ${step.id} has no check`);
    for (const panel of step.panels ?? []) if (!(PANEL_IDS as readonly string[]).includes(panel)) problems.push(`${id}: step ${step.id} names unknown panel ${panel}`);
  }
  for (const panel of lesson.steps.flatMap((s) => s.reveals ?? [])) if (!(PANEL_IDS as readonly string[]).includes(panel)) problems.push(`${id}: reveals names unknown panel ${panel}`);
  if (typeof lesson.reset !== 'function') problems.push(`${id}: steps.ts has no reset`);
  const declared = Object.keys(lesson.names ?? {});
  for (const prose of all) {
    for (const name of namesUsed(prose)) if (!declared.includes(name)) problems.push(`${id}: the ${prose === en ? 'English' : 'translated'} prose uses $${name}, which steps.ts names does not declare`);
  }
  return problems;
}
