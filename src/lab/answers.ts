/**
 * `--answer` for headless runs: the choices a run takes at the steps' Predict
 * questions. `2,1,3` answers the questions in order (the last one repeats);
 * `1=2,5=1` answers the questions of steps 1 and 5 only (a simulated learner
 * in a workshop); both kinds may be mixed. Numbers count from 1, as on screen.
 */
import { TslabError } from '../engine/errors.js';

export interface Answers {
  /** Choices (1-based) for the questions in order, where no step-addressed one applies. */
  inOrder: number[];
  /** 1-based step number -> 1-based choice. */
  byStep: Map<number, number>;
}

export const NO_ANSWERS: Answers = { inOrder: [], byStep: new Map() };

export function parseAnswers(text: string | undefined): Answers {
  if (text === undefined) return NO_ANSWERS;
  const answers: Answers = { inOrder: [], byStep: new Map() };
  for (const item of text.split(',')) {
    const [left, right] = item.includes('=') ? item.split('=') : [undefined, item];
    const choice = Number(right);
    const step = left === undefined ? undefined : Number(left);
    if (!Number.isInteger(choice) || choice < 1 || (step !== undefined && (!Number.isInteger(step) || step < 1))) {
      throw new TslabError('E_USAGE', `--answer ${text} is not a choice number`, {
        hint: 'choices count from 1: --answer 2, one per question: --answer 2,1,3, or per step: --answer 1=2,5=1',
      });
    }
    if (step === undefined) answers.inOrder.push(choice);
    else answers.byStep.set(step, choice);
  }
  return answers;
}

/** The 0-based choice taken at step `index` (0-based), the `asked`-th question so far; undefined: none taken. */
export function answerAt(answers: Answers, index: number, asked: number): number | undefined {
  const chosen = answers.byStep.get(index + 1) ?? (answers.inOrder.length ? answers.inOrder[Math.min(asked, answers.inOrder.length - 1)] : undefined);
  return chosen === undefined ? undefined : chosen - 1;
}
