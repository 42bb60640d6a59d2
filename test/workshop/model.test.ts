/** The dashboard model on hand-made events: current step, time on it, stuck by time or failures, medians, one vote per learner. */
import t from 'tap';
import type { Catalog } from '../../src/workshop/catalog.js';
import { buildDashboard } from '../../src/workshop/dashboard/model.js';
import type { Learner, StoredEvent } from '../../src/workshop/store.js';

const catalog: Catalog = [{ id: 'l1', title: 'L1', steps: [{ id: 'a', predict: { question: 'q', choices: ['x', 'y'], answer: 0 } }, { id: 'b' }, { id: 'c' }] }];
const learner = (id: string): Learner => ({ id, workshop_id: 'w', name: id, token_hash: id, joined_at: '', window_start: '', window_count: 0 });
let seq = 0;
const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 10, min)).toISOString();
const e = (learnerId: string, min: number, kind: string, step: string | null, extra: Partial<StoredEvent> = {}): StoredEvent => ({
  seq: ++seq, id: String(seq), workshop_id: 'w', learner_id: learnerId, kind, lesson: 'l1', step, ok: null, detail: null, choice: null, level: null, ms: null, at: at(min), received_at: at(min), ...extra,
});

const events = [
  e('ann', 0, 'lesson-opened', null),
  e('ann', 2, 'check', 'a', { ok: 1 }),
  e('ann', 6, 'check', 'b', { ok: 1 }),
  e('bo', 0, 'lesson-opened', null),
  e('bo', 1, 'prediction', 'a', { choice: 1 }),
  e('bo', 2, 'prediction', 'a', { choice: 0 }),
  e('bo', 4, 'check', 'a', { ok: 1 }),
  e('cy', 0, 'lesson-opened', null),
  ...[1, 2, 3].map((m) => e('cy', m, 'check', 'a', { ok: 0, detail: 'no' })),
  e('cy', 3, 'hint', 'a', { level: 1 }),
];

t.test('where each learner is, and who is stuck', async (t) => {
  const d = buildDashboard(catalog, [learner('ann'), learner('bo'), learner('cy')], events, { now: new Date(at(20)), stuckMinutes: 15, stuckFailures: 3 });
  t.same(d.learners.map((l) => [l.name, l.lessons.l1]), [
    ['ann', { step: 'c', done: 2, since: at(6), failures: 0 }],
    ['bo', { step: 'b', done: 1, since: at(4), failures: 0 }],
    ['cy', { step: 'a', done: 0, since: at(0), failures: 3 }],
  ]);
  t.same(d.learners.map((l) => l.stuck), [null, 'over 15 min on l1/b', '3 failed checks on l1/a']);
  t.same(d.steps.map((s) => [s.step, s.passed, s.tried, s.failedChecks, s.hints, s.medianMs]), [
    ['a', 2, 3, 3, 1, 3 * 60_000],
    ['b', 1, 1, 0, 0, 4 * 60_000],
    ['c', 0, 0, 0, 0, null],
  ]);
  t.same(d.progress, { done: 3, total: 9 });
  t.same(d.predictions[0]!.choices.map((c) => c.count), [1, 0], "bo's last answer counts, once");
  t.equal(d.activity.reduce((a, b) => a + b, 0), events.length, 'every event in the last half hour');
});
