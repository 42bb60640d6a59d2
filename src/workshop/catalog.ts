/**
 * The lessons a workshop covers, as the server and dashboards need them: step
 * ids in order and each prediction's choices (English prose; ids are the same
 * in every language). Read from lesson.md files, never from steps.ts, so the
 * server loads no engine code.
 */
import { TslabError } from '../engine/errors.js';
import { findLesson, listLessonIds, proseFor } from '../lab/loader.js';

export interface CatalogStep {
  id: string;
  predict?: { question: string; choices: string[]; answer: number };
}

export interface CatalogLesson {
  id: string;
  title: string;
  steps: CatalogStep[];
}

export type Catalog = CatalogLesson[];

export function loadCatalog(refs: readonly string[]): Catalog {
  const ids = refs.length ? refs : listLessonIds();
  return ids.map((ref) => {
    const prose = proseFor(findLesson(ref), 'en');
    return {
      id: prose.id,
      title: prose.title,
      steps: prose.steps.map((s) => ({ id: s.id, ...(s.predict ? { predict: { question: s.predict.question, choices: s.predict.choices, answer: s.predict.answer } } : {}) })),
    };
  });
}

/** Throws when an event names a lesson outside the workshop or a step its lesson does not have. */
export function checkEventTarget(catalog: Catalog, lesson: string, step: string | undefined, kind: string): void {
  const found = catalog.find((l) => l.id === lesson);
  if (!found) throw new TslabError('E_WORKSHOP_LESSON', `lesson ${JSON.stringify(lesson)} is not in this workshop`, { hint: `lessons: ${catalog.map((l) => l.id).join(', ')}` });
  if (kind === 'lesson-opened') return;
  if (step === undefined) throw new TslabError('E_WORKSHOP_STEP', `a ${kind} event needs a step`, { hint: 'send the step id' });
  if (!found.steps.some((s) => s.id === step)) throw new TslabError('E_WORKSHOP_STEP', `lesson ${lesson} has no step ${JSON.stringify(step)}`, { hint: `steps: ${found.steps.map((s) => s.id).join(', ')}` });
}
