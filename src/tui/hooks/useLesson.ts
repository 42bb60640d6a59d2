/**
 * One lesson's state in the TUI: the current step, results, statuses and
 * predictions, and the actions the keys trigger. Running step N when step N-1's
 * check does not pass (a fresh start, or after a reset) replays 1..N-1 first.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorInfo } from '../../lab/runner.js';
import type { Lang, LessonInfo, LessonProse, LessonSteps, StepResult } from '../../lab/types.js';
import type { Message } from '../StatusBar.js';
import type { StepStatus } from '../StepList.js';
import type { LabServices, PanelSourceLike, RunnerLike } from '../services.js';
import { strings } from '../strings.js';

export interface LessonState {
  steps: LessonSteps | undefined;
  panels: PanelSourceLike | undefined;
  current: number;
  results: Array<StepResult | undefined>;
  statuses: StepStatus[];
  predictions: Record<number, number>;
  message: Message | undefined;
  busy: boolean;
  /** Bumped after each action, so panels refresh at once. */
  tick: number;
}

export function useLesson(services: LabServices, info: LessonInfo, prose: LessonProse, lang: Lang, initialStep: number) {
  const t = strings(lang);
  const ids = prose.steps.map((s) => s.id);
  const saved = services.progress.lesson(info.id);
  const [state, setState] = useState<LessonState>(() => ({
    steps: undefined,
    panels: undefined,
    current: Math.min(initialStep, ids.length - 1),
    results: [],
    statuses: ids.map((id) => (saved.steps[id]?.doneAt ? 'done' : 'todo')),
    predictions: {},
    message: undefined,
    busy: false,
    tick: 0,
  }));
  const runner = useRef<RunnerLike | undefined>(undefined);
  const update = (patch: Partial<LessonState> | ((s: LessonState) => Partial<LessonState>)) =>
    setState((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch), tick: s.tick + 1 }));

  useEffect(() => {
    let live = true;
    services.loadSteps(info.id).then(
      (steps) => {
        if (!live) return;
        runner.current = services.runner(steps);
        update({ steps, panels: services.panels(steps) });
      },
      (error: unknown) => live && update({ message: { kind: 'error', ...errorInfo(error), text: errorInfo(error).message } }),
    );
    return () => {
      live = false;
    };
  }, [info.id]);

  const setStatus = (s: LessonState, i: number, status: StepStatus) => s.statuses.map((old, j) => (j === i ? status : old));

  const guard = (s: LessonState): string | undefined => (!services.isRoot ? t.notRoot : !runner.current || s.busy ? undefined : '');

  async function run(i: number): Promise<void> {
    const r = runner.current!;
    update((s) => ({ busy: true, statuses: setStatus(s, i, 'running'), message: { kind: 'busy', text: `${t.running} ${ids[i]}` } }));
    try {
      if (i > 0 && !(await r.check(i - 1)).ok) {
        update({ message: { kind: 'busy', text: t.replaying } });
        await r.replayTo(i, (j, result) => update((s) => ({ statuses: setStatus(s, j, result.check.ok ? 'done' : 'failed'), results: s.results.map((x, k) => (k === j ? result : x)) })));
      }
      const result = await r.runStep(i);
      if (result.check.ok) services.progress.markDone(info.id, ids[i]!);
      const message: Message = result.error
        ? { kind: 'error', text: result.error.message, ...(result.error.hint ? { hint: result.error.hint } : {}) }
        : { kind: result.check.ok ? 'ok' : 'error', text: `${result.check.ok ? t.checkOk : t.checkFail}: ${result.check.detail}` };
      update((s) => {
        const results = [...s.results];
        results[i] = result;
        return { busy: false, results, statuses: setStatus(s, i, result.check.ok ? 'done' : 'failed'), message };
      });
    } catch (error) {
      const info = errorInfo(error);
      update((s) => ({ busy: false, statuses: setStatus(s, i, 'failed'), message: { kind: 'error', text: info.message, ...(info.hint ? { hint: info.hint } : {}) } }));
    }
  }

  const actions = useMemo(
    () => ({
      next(s: LessonState) {
        const blocked = guard(s);
        if (blocked === undefined) return;
        if (blocked) return update({ message: { kind: 'error', text: blocked } });
        const i = s.current;
        const predict = prose.steps[i]?.predict;
        if (s.results[i]?.check.ok) {
          if (i + 1 < ids.length) {
            services.progress.setCurrent(info.id, i + 1);
            return update({ current: i + 1, message: undefined });
          }
          return update({ message: { kind: 'info', text: t.lastStep } });
        }
        if (predict && s.predictions[i] === undefined) return update({ message: { kind: 'hint', text: t.predictFirst } });
        void run(i);
      },
      move(s: LessonState, delta: number) {
        if (s.busy) return;
        const current = Math.max(0, Math.min(ids.length - 1, s.current + delta));
        services.progress.setCurrent(info.id, current);
        update({ current, message: undefined });
      },
      choose(s: LessonState, choice: number) {
        const predict = prose.steps[s.current]?.predict;
        if (!predict || s.busy || s.results[s.current] || choice >= predict.choices.length) return;
        services.progress.predict(info.id, ids[s.current]!, choice, choice === predict.answer);
        update({ predictions: { ...s.predictions, [s.current]: choice }, message: undefined });
      },
      async check(s: LessonState) {
        if (!runner.current || s.busy) return;
        update({ message: { kind: 'busy', text: t.checking } });
        const result = await runner.current.check(s.current);
        if (result.ok) services.progress.markDone(info.id, ids[s.current]!);
        update((x) => ({ statuses: setStatus(x, s.current, result.ok ? 'done' : 'failed'), message: { kind: result.ok ? 'ok' : 'error', text: `${result.ok ? t.checkOk : t.checkFail}: ${result.detail}` } }));
      },
      hint(s: LessonState) {
        const hint = prose.steps[s.current]?.hints[0];
        if (!hint) return;
        services.progress.useHint(info.id, ids[s.current]!);
        update({ message: { kind: 'hint', text: `${t.hint}: ${hint}` } });
      },
      async reset(s: LessonState) {
        const blocked = guard(s);
        if (blocked === undefined) return;
        if (blocked) return update({ message: { kind: 'error', text: blocked } });
        update({ busy: true, message: { kind: 'busy', text: t.removing } });
        try {
          await runner.current!.reset();
          services.progress.resetLesson(info.id);
          update({ busy: false, current: 0, results: [], predictions: {}, statuses: ids.map(() => 'todo'), message: { kind: 'ok', text: t.resetDone } });
        } catch (error) {
          const e = errorInfo(error);
          update({ busy: false, message: { kind: 'error', text: e.message, ...(e.hint ? { hint: e.hint } : {}) } });
        }
      },
      say(message: Message) {
        update({ message });
      },
    }),
    [info.id, lang, services],
  );
  return { state, actions, ids, t };
}
