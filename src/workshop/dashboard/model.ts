/**
 * The class as the dashboards and the report see it, computed from the stored
 * events alone (a pure function: the terminal dashboard, the web page and the
 * report show the same numbers). Times are the learners' (`at`): a backlog sent
 * late still counts when it happened.
 */
import type { Catalog } from '../catalog.js';
import type { Learner, StoredEvent } from '../store.js';

export interface LearnerLesson {
  /** The first step not yet passed; null when the lesson is done or not started. */
  step: string | null;
  done: number;
  /** When the learner reached `step` (ISO), for "time on step". */
  since: string | null;
  failures: number;
}

export interface LearnerRow {
  id: string;
  name: string;
  lessons: Record<string, LearnerLesson>;
  stuck: string | null;
  lastSeen: string | null;
}

export interface StepRow {
  lesson: string;
  step: string;
  /** Learners who passed its check / who tried it (ran it, did it by hand or checked it). */
  passed: number;
  tried: number;
  failedChecks: number;
  hints: number;
  medianMs: number | null;
}

export interface PredictionRow {
  lesson: string;
  step: string;
  question: string;
  answer: number;
  choices: { text: string; count: number }[];
  answered: number;
}

export interface DashboardData {
  learners: LearnerRow[];
  steps: StepRow[];
  progress: { done: number; total: number };
  predictions: PredictionRow[];
  log: { seq: number; at: string; learner: string; text: string }[];
  /** Events per minute, oldest first, ending at `now`. */
  activity: number[];
}

export interface ModelOptions {
  now: Date;
  /** On one step this long: stuck. */
  stuckMinutes: number;
  /** This many failed checks on the current step: stuck. */
  stuckFailures: number;
  logSize?: number;
  activityMinutes?: number;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
};

export function describeEvent(e: StoredEvent): string {
  const where = e.step ? `${e.lesson}/${e.step}` : e.lesson;
  switch (e.kind) {
    case 'check':
      return `${where} check ${e.ok ? 'passed' : `failed: ${e.detail ?? ''}`}`;
    case 'step-run':
      return `${where} ran${e.ok ? '' : ' (error)'}`;
    case 'step-hand':
      return `${where} done by hand`;
    case 'prediction':
      return `${where} predicted choice ${(e.choice ?? 0) + 1}`;
    case 'hint':
      return `${where} hint level ${e.level}`;
    case 'step-time':
      return `${where} ${Math.round((e.ms ?? 0) / 1000)} s on step`;
    default:
      return `${where} opened`;
  }
}

export function buildDashboard(catalog: Catalog, learners: Learner[], events: StoredEvent[], options: ModelOptions): DashboardData {
  const byLearner = new Map<string, StoredEvent[]>(learners.map((l) => [l.id, []]));
  for (const e of events) byLearner.get(e.learner_id)?.push(e);
  const names = new Map(learners.map((l) => [l.id, l.name]));
  const stepStats = new Map<string, { passed: Set<string>; tried: Set<string>; failedChecks: number; hints: number; times: number[] }>();
  const stat = (lesson: string, step: string) => {
    const key = `${lesson}/${step}`;
    let s = stepStats.get(key);
    if (!s) stepStats.set(key, (s = { passed: new Set(), tried: new Set(), failedChecks: 0, hints: 0, times: [] }));
    return s;
  };
  const choices = new Map<string, Map<string, string>>();
  let done = 0;
  const rows: LearnerRow[] = learners.map((learner) => {
    const mine = byLearner.get(learner.id) ?? [];
    const row: LearnerRow = { id: learner.id, name: learner.name, lessons: {}, stuck: null, lastSeen: mine.length ? mine.reduce((a, e) => (e.at > a ? e.at : a), mine[0]!.at) : null };
    for (const lesson of catalog) {
      const evs = mine.filter((e) => e.lesson === lesson.id).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
      if (!evs.length) continue;
      const firstPass = new Map<string, string>();
      const failures = new Map<string, number>();
      for (const e of evs) {
        if (!e.step) continue;
        const s = stat(lesson.id, e.step);
        if (e.kind === 'check' || e.kind === 'step-run' || e.kind === 'step-hand') s.tried.add(learner.id);
        if (e.kind === 'check' && e.ok) {
          s.passed.add(learner.id);
          if (!firstPass.has(e.step)) firstPass.set(e.step, e.at);
        }
        if (e.kind === 'check' && !e.ok) {
          s.failedChecks++;
          failures.set(e.step, (failures.get(e.step) ?? 0) + 1);
        }
        if (e.kind === 'hint') s.hints++;
        if (e.kind === 'prediction' && e.choice !== null) {
          // The learner's last answer counts: one vote per learner and step.
          const key = `${lesson.id}/${e.step}`;
          if (!choices.has(key)) choices.set(key, new Map());
          choices.get(key)!.set(learner.id, String(e.choice));
        }
      }
      // Time on a step: from reaching it (the previous step's first pass, or the lesson's first event) to its own first pass.
      let reached = evs[0]!.at;
      let current: string | null = null;
      let since: string | null = null;
      for (const step of lesson.steps) {
        const passedAt = firstPass.get(step.id);
        if (!passedAt) {
          current = step.id;
          since = reached;
          break;
        }
        stat(lesson.id, step.id).times.push(Math.max(0, Date.parse(passedAt) - Date.parse(reached)));
        reached = passedAt > reached ? passedAt : reached;
      }
      const count = lesson.steps.filter((s) => firstPass.has(s.id)).length;
      done += count;
      const fails = current ? (failures.get(current) ?? 0) : 0;
      row.lessons[lesson.id] = { step: current, done: count, since, failures: fails };
      if (current && !row.stuck) {
        if (fails >= options.stuckFailures) row.stuck = `${fails} failed checks on ${lesson.id}/${current}`;
        else if (since && options.now.getTime() - Date.parse(since) >= options.stuckMinutes * 60_000) row.stuck = `over ${options.stuckMinutes} min on ${lesson.id}/${current}`;
      }
    }
    return row;
  });
  const steps: StepRow[] = catalog.flatMap((lesson) =>
    lesson.steps.map((step) => {
      const s = stat(lesson.id, step.id);
      return { lesson: lesson.id, step: step.id, passed: s.passed.size, tried: s.tried.size, failedChecks: s.failedChecks, hints: s.hints, medianMs: median(s.times) };
    }),
  );
  const predictions: PredictionRow[] = catalog.flatMap((lesson) =>
    lesson.steps.flatMap((step) => {
      if (!step.predict) return [];
      const votes = [...(choices.get(`${lesson.id}/${step.id}`)?.values() ?? [])];
      return [{
        lesson: lesson.id,
        step: step.id,
        question: step.predict.question,
        answer: step.predict.answer,
        choices: step.predict.choices.map((text, i) => ({ text, count: votes.filter((v) => v === String(i)).length })),
        answered: votes.length,
      }];
    }),
  );
  const logSize = options.logSize ?? 50;
  const minutes = options.activityMinutes ?? 30;
  const activity = new Array<number>(minutes).fill(0);
  for (const e of events) {
    const ago = Math.floor((options.now.getTime() - Date.parse(e.received_at)) / 60_000);
    if (ago >= 0 && ago < minutes) activity[minutes - 1 - ago]!++;
  }
  return {
    learners: rows,
    steps,
    progress: { done, total: learners.length * catalog.reduce((n, l) => n + l.steps.length, 0) },
    predictions,
    log: events.slice(-logSize).map((e) => ({ seq: e.seq, at: e.at, learner: names.get(e.learner_id) ?? '?', text: describeEvent(e) })),
    activity,
  };
}
