/** Text the dashboards show, from the model: the grid's cells, a lesson's step bars, the misconception lines. */
import type { DashboardData, StepRow } from './model.js';

const minutes = (since: string | null, now: Date) => (since ? `${Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000))}m` : '');

/** One row per learner: a lesson's current step and time on it, "done", or "-" when not started; "!" marks the stuck. */
export function gridRows(lessons: string[], data: DashboardData, anonymous: boolean, now: Date): { headers: string[]; rows: string[][] } {
  return {
    headers: ['learner', ...lessons],
    rows: data.learners.map((l, i) => [
      `${l.stuck ? '! ' : ''}${anonymous ? `learner ${i + 1}` : l.name}`,
      ...lessons.map((id) => {
        const x = l.lessons[id];
        return !x ? '-' : x.step === null ? 'done' : `${x.step} ${minutes(x.since, now)}`;
      }),
    ]),
  };
}

export const lessonSteps = (data: DashboardData, lesson: string): StepRow[] => data.steps.filter((s) => s.lesson === lesson);

/** "01-netns/move-veth: 60% copies of the host's interfaces (right: 30%)" per answered prediction. */
export function predictionLines(data: DashboardData): string[] {
  return data.predictions
    .filter((p) => p.answered > 0)
    .map((p) => {
      const ranked = p.choices.map((c, i) => ({ ...c, i })).sort((a, b) => b.count - a.count);
      const top = ranked[0]!;
      const pct = (n: number) => `${Math.round((100 * n) / p.answered)}%`;
      const right = p.choices[p.answer]!;
      return `${p.lesson}/${p.step}: ${pct(top.count)} ${top.text}${top.i === p.answer ? ' (right)' : ` — right: ${pct(right.count)}`}`;
    });
}
