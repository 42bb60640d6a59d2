/**
 * The linter's teaching rules, per language file: a prediction comes before its
 * answer (the before-part must not give the right choice away, and the step
 * needs an Explanation to reveal afterwards), choices of comparable length so
 * the longest is not a tell, feedback under every choice, hints 1-2-3.
 */
import stringWidth from 'string-width';
import type { LessonProse, Predict } from './types.js';

/** Longest choice at most this many times the shortest (in display columns). */
export const MAX_CHOICE_RATIO = 1.8;
/** Shell variables a lesson may mention that are not its live names. */
const SHELL_VARS = new Set(['HOME', 'PATH', 'PWD', 'SHELL', 'USER', 'PS1', 'TERM']);

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[`*_"'“”‘’「」]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Quoted or code parts of a choice: `Network is unreachable`, "Killed", “137”. */
function spans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`|"([^"]+)"|“([^”]+)”|「([^」]+)」/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

/** What in the before-part gives the right choice away, if anything. */
export function giveaway(before: string, predict: Predict): string | undefined {
  const right = predict.choices[predict.answer] ?? '';
  const text = normalise(before);
  if (normalise(right).length >= 4 && text.includes(normalise(right))) return right;
  // A quoted detail only the right choice has (the error text, the exit code) must not be in the before-part.
  const elsewhere = normalise([predict.question, ...predict.choices.filter((_, i) => i !== predict.answer)].join(' | '));
  return spans(right).find((span) => {
    const s = normalise(span);
    return s.length >= 3 && !elsewhere.includes(s) && text.includes(s);
  });
}

export function choiceRatio(choices: string[]): number {
  const widths = choices.map((c) => stringWidth(c.replace(/`/g, '')));
  return Math.max(...widths) / Math.max(1, Math.min(...widths));
}

export function lintTeaching(file: string, prose: LessonProse): string[] {
  const problems: string[] = [];
  for (const step of prose.steps) {
    const where = `${file}: step ${step.id}`;
    if (step.id !== 'recap' && step.hints.length !== 3) problems.push(`${where} needs ### Hints with exactly 3 (1 the idea, 2 the command's shape, 3 the full solution); it has ${step.hints.length}`);
    const predict = step.predict;
    if (!predict) continue;
    if (!step.body) problems.push(`${where}: a Predict step needs a before-part (the text under ## ${step.id})`);
    if (!step.after) problems.push(`${where}: a Predict step needs ### Explanation, the part shown after the step ran`);
    const given = giveaway(step.body, predict);
    if (given) problems.push(`${where}: the before-part gives the right answer away (${JSON.stringify(given)}); move it to ### Explanation`);
    const ratio = choiceRatio(predict.choices);
    if (ratio > MAX_CHOICE_RATIO) problems.push(`${where}: Predict choices differ too much in length (longest ${ratio.toFixed(1)}x the shortest, at most ${MAX_CHOICE_RATIO}x): the longest looks like the answer`);
  }
  return problems;
}

/** Every `$NAME` (capitals) the prose, hints included, uses: each must be a live name of the lesson. */
export function namesUsed(prose: LessonProse): string[] {
  const text = [prose.intro, ...prose.steps.flatMap((s) => [s.body, s.after, s.tryIt ?? '', ...s.hints])].join('\n');
  return [...new Set([...text.matchAll(/\$([A-Z][A-Z0-9_]+)\b/g)].map((m) => m[1]!))].filter((n) => !SHELL_VARS.has(n));
}
