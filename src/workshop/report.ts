/**
 * `tslab workshop report`: after the class, per step success rate, median
 * time and hints; per prediction the answer distribution; per learner progress.
 * Names appear only in the instructor's copy (`anonymous` numbers them).
 */
import type { Catalog } from './catalog.js';
import type { DashboardData } from './dashboard/model.js';

export type ReportFormat = 'json' | 'md' | 'csv';

export interface Report {
  workshop: string;
  learners: number;
  steps: { lesson: string; step: string; tried: number; passed: number; successRate: number | null; medianSeconds: number | null; hints: number; failedChecks: number }[];
  predictions: { lesson: string; step: string; question: string; answered: number; choices: { text: string; right: boolean; count: number; percent: number }[] }[];
  learnerProgress: { name: string; done: number; total: number; lessons: Record<string, string> }[];
}

const pct = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

export function buildReport(name: string, catalog: Catalog, data: DashboardData, anonymous: boolean): Report {
  const total = catalog.reduce((n, l) => n + l.steps.length, 0);
  return {
    workshop: name,
    learners: data.learners.length,
    steps: data.steps.map((s) => ({
      lesson: s.lesson,
      step: s.step,
      tried: s.tried,
      passed: s.passed,
      successRate: s.tried ? pct(s.passed, s.tried) : null,
      medianSeconds: s.medianMs === null ? null : Math.round(s.medianMs / 100) / 10,
      hints: s.hints,
      failedChecks: s.failedChecks,
    })),
    predictions: data.predictions.map((p) => ({
      lesson: p.lesson,
      step: p.step,
      question: p.question,
      answered: p.answered,
      choices: p.choices.map((c, i) => ({ text: c.text, right: i === p.answer, count: c.count, percent: pct(c.count, p.answered) })),
    })),
    learnerProgress: data.learners.map((l, i) => ({
      name: anonymous ? `learner ${i + 1}` : l.name,
      done: Object.values(l.lessons).reduce((n, x) => n + x.done, 0),
      total,
      lessons: Object.fromEntries(catalog.map((c) => {
        const x = l.lessons[c.id];
        return [c.id, !x ? '-' : x.step === null ? 'done' : `${x.done}/${c.steps.length} at ${x.step}`];
      })),
    })),
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const csvRows = (rows: unknown[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n');
const mdCell = (v: unknown) => (v === null || v === undefined ? '–' : String(v).replaceAll('|', '\\|'));
const mdTable = (head: string[], rows: unknown[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');

export function formatReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const stepRows = report.steps.map((s) => [s.lesson, s.step, s.tried, s.passed, s.successRate, s.medianSeconds, s.hints, s.failedChecks]);
  const predRows = report.predictions.flatMap((p) => p.choices.map((c) => [p.lesson, p.step, c.text, c.right ? 'yes' : '', c.count, c.percent]));
  const learnerRows = report.learnerProgress.map((l) => [l.name, l.done, l.total, ...Object.values(l.lessons)]);
  const lessonIds = Object.keys(report.learnerProgress[0]?.lessons ?? {});
  if (format === 'csv') {
    // One file, three tables, each headed by its name, so a spreadsheet opens it as is.
    return `${[
      'steps',
      csvRows([['lesson', 'step', 'tried', 'passed', 'success %', 'median s', 'hints', 'failed checks'], ...stepRows]),
      '',
      'predictions',
      csvRows([['lesson', 'step', 'choice', 'right', 'count', '%'], ...predRows]),
      '',
      'learners',
      csvRows([['learner', 'steps done', 'of', ...lessonIds], ...learnerRows]),
    ].join('\n')}\n`;
  }
  return `${[
    `# Workshop report: ${report.workshop}`,
    '',
    `${report.learners} learners.`,
    '',
    '## Steps',
    '',
    mdTable(['lesson', 'step', 'tried', 'passed', 'success %', 'median s', 'hints', 'failed checks'], stepRows),
    '',
    '## Predictions',
    '',
    ...report.predictions.flatMap((p) => [
      `### ${p.lesson}/${p.step}: ${p.question}`,
      '',
      mdTable(['choice', 'right', 'learners', '%'], p.choices.map((c) => [c.text, c.right ? '✓' : '', c.count, c.percent])),
      '',
    ]),
    '## Learners',
    '',
    mdTable(['learner', 'steps done', 'of', ...lessonIds], learnerRows),
  ].join('\n')}\n`;
}
