/**
 * A step's text as Markdown, in the order the learner meets it: hints asked
 * for, the lesson's intro (first step), the before-part; once revealed, the
 * feedback on the chosen answer in words, the explanation and "Try it yourself".
 */
import type { LessonProse } from '../lab/types.js';
import type { Strings } from './strings.js';

export interface StepTextOptions {
  t: Strings;
  revealed: boolean;
  /** How many hints to show. */
  hints: number;
  chosen: number | undefined;
  ran: boolean;
}

/** `before`: everything above the revealed part (where the view opens once revealed); `all`: the whole text. */
export function stepText(prose: LessonProse, index: number, { t, revealed, hints, chosen, ran }: StepTextOptions): { before: string; all: string } {
  const step = prose.steps[index];
  if (!step) return { before: '', all: '' };
  const parts: string[] = [];
  step.hints.slice(0, hints).forEach((hint, k) => parts.push(`> **${t.hintTitle(k + 1, step.hints.length)}** ${hint.includes('\n') ? `\n\n${hint}` : hint}`));
  if (index === 0 && prose.intro) parts.push(prose.intro);
  parts.push(step.body);
  const before = parts.join('\n\n');
  const after: string[] = [];
  if (revealed) {
    const p = step.predict;
    if (p && chosen !== undefined) {
      const right = chosen === p.answer;
      after.push(`**${t.yourAnswer}${t.colon}${chosen + 1}) ${p.choices[chosen]}** — ${right ? '✓' : `✗ ${t.wrong}.`} ${p.feedback[chosen] ?? ''}`);
      if (!right) after.push(`**${t.theAnswer}${t.colon}${p.answer + 1}) ${p.choices[p.answer]}** — ${p.feedback[p.answer] ?? ''}`);
    }
    if (step.after) after.push(`**${t.explanation}**`, step.after);
    if (step.tryIt) after.push(`**${t.tryIt}**`, step.tryIt);
  } else if (ran && (step.after || step.predict)) {
    after.push(`*${t.answerToSee}*`);
  } else if (step.after) {
    after.push(`*${step.predict ? t.afterHidden : t.afterHiddenNoQuestion}*`);
  }
  return { before, all: [before, ...after].join('\n\n') };
}
