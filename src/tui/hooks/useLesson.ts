/**
 * One lesson's state in the TUI: the current step, results, statuses,
 * predictions, hints shown and live names, and the actions the keys trigger.
 * Running step N when step N-1's check does not pass (a fresh start, or after
 * a reset) replays 1..N-1 first. The state is mirrored into services.memory,
 * so it survives the learner's shell (Ink is unmounted meanwhile).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Names } from '../../lab/names.js';
import { errorInfo } from '../../lab/runner.js';
import { detailIn, errorIn } from '../../lab/said.js';
import { isChallenge, type CheckResult, type Lang, type LessonInfo, type LessonProse, type LessonSteps, type StepResult } from '../../lab/types.js';
import type { Message } from '../StatusBar.js';
import type { StepStatus } from '../StepList.js';
import type { LabServices, LessonMemory, PanelSourceLike, RunnerLike } from '../services.js';
import { strings } from '../strings.js';

export interface LessonState extends LessonMemory {
  steps: LessonSteps | undefined;
  panels: PanelSourceLike | undefined;
  names: Names;
  message: Message | undefined;
  busy: boolean;
  /** Bumped after each action, so panels and names refresh at once. */
  tick: number;
}

/** The after-part shows once the step ran (or was done by hand) and its prediction, if any, was answered. */
export function revealed(state: Pick<LessonState, 'results' | 'predictions'>, prose: LessonProse, index: number): boolean {
  return Boolean(state.results[index]) && (!prose.steps[index]?.predict || state.predictions[index] !== undefined);
}

export function useLesson(services: LabServices, info: LessonInfo, prose: LessonProse, lang: Lang, initialStep: number, gradeStep?: number) {
  const t = strings(lang);
  const ids = prose.steps.map((s) => s.id);
  const [state, setState] = useState<LessonState>(() => {
    const saved = services.progress.lesson(info.id);
    const memory: LessonMemory = services.memory.get(info.id) ?? {
      current: Math.min(initialStep, ids.length - 1),
      results: [],
      statuses: ids.map((id) => (saved.steps[id]?.doneAt ? 'done' : 'todo')),
      predictions: {},
      hints: {},
    };
    return { ...memory, current: Math.min(initialStep, ids.length - 1), steps: undefined, panels: undefined, names: {}, message: undefined, busy: false, tick: 0 };
  });
  const runner = useRef<RunnerLike | undefined>(undefined);
  const update = (patch: Partial<LessonState> | ((s: LessonState) => Partial<LessonState>)) =>
    setState((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch), tick: s.tick + 1 }));

  useEffect(() => {
    const { current, results, statuses, predictions, hints } = state;
    services.memory.set(info.id, { current, results, statuses, predictions, hints });
  }, [state]);

  useEffect(() => {
    let live = true;
    services.loadSteps(info.id).then(
      (steps) => {
        if (!live) return;
        runner.current = services.runner(steps);
        update({ steps, panels: services.panels(steps) });
        if (gradeStep !== undefined) void grade(gradeStep);
      },
      (error: unknown) => live && update({ message: { kind: 'error', ...errorInfo(error), text: errorInfo(error).message } }),
    );
    return () => {
      live = false;
    };
  }, [info.id]);

  // The live names ($ID, $PID, ...) change when a step makes or removes things.
  useEffect(() => {
    let live = true;
    runner.current?.names().then(
      (names) => live && setState((s) => (JSON.stringify(s.names) === JSON.stringify(names) ? s : { ...s, names })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [state.tick, state.steps]);

  const setStatus = (s: LessonState, i: number, status: StepStatus) => s.statuses.map((old, j) => (j === i ? status : old));
  const setResult = (s: LessonState, i: number, result: StepResult) => {
    const results = [...s.results];
    results[i] = result;
    return results;
  };
  const checkMessage = (check: CheckResult): Message => ({ kind: check.ok ? 'ok' : 'error', text: `${check.ok ? t.checkOk : t.checkFail}${t.colon}${detailIn(check, lang)}` });
  const errorMessage = (error: NonNullable<StepResult['error']>): Message => {
    const e = errorIn(error, lang);
    return { kind: 'error', text: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  };

  const guard = (s: LessonState): string | undefined => (!services.isRoot ? t.notRoot : !runner.current || s.busy ? undefined : '');

  async function run(i: number): Promise<void> {
    const r = runner.current!;
    update((s) => ({ busy: true, statuses: setStatus(s, i, 'running'), message: { kind: 'busy', text: `${t.running} ${prose.steps[i]?.title ?? ids[i]}` } }));
    try {
      if (i > 0 && !(await r.check(i - 1)).ok) {
        update({ message: { kind: 'busy', text: t.replaying } });
        await r.replayTo(i, (j, result) => update((s) => ({ statuses: setStatus(s, j, result.check.ok ? 'done' : 'failed'), results: setResult(s, j, result) })));
      }
      const result = await r.runStep(i);
      if (result.check.ok) services.progress.markDone(info.id, ids[i]!);
      const message: Message = result.error ? errorMessage(result.error) : checkMessage(result.check);
      update((s) => ({ busy: false, results: setResult(s, i, result), statuses: setStatus(s, i, result.check.ok ? 'done' : 'failed'), message }));
    } catch (error) {
      update((s) => ({ busy: false, statuses: setStatus(s, i, 'failed'), message: errorMessage(errorInfo(error)) }));
    }
  }

  /** The step was done by hand: its check grades the kernel; a pass is kept as the step's result. */
  async function grade(i: number): Promise<void> {
    const r = runner.current;
    if (!r) return;
    update({ busy: true, message: { kind: 'busy', text: t.checking } });
    const graded = await r.gradeByHand(i);
    if (graded.check.ok) services.progress.markDone(info.id, ids[i]!);
    update((s) => {
      const before = s.results[i];
      // A pass replaces the result; a failure keeps what an earlier run showed (and says what the kernel sees now).
      const result = graded.check.ok ? (before ? { ...before, check: graded.check } : graded) : before;
      return {
        busy: false,
        ...(result ? { results: setResult(s, i, result) } : {}),
        statuses: setStatus(s, i, graded.check.ok ? 'done' : before?.check.ok ? 'done' : 'failed'),
        message: checkMessage(graded.check),
      };
    });
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
          if (predict && s.predictions[i] === undefined) return update({ message: { kind: 'hint', text: t.answerToSee } });
          if (i + 1 < ids.length) {
            services.progress.setCurrent(info.id, i + 1);
            return update({ current: i + 1, message: undefined });
          }
          return update({ message: { kind: 'info', text: t.lastStep } });
        }
        if (predict && s.predictions[i] === undefined) return update({ message: { kind: 'hint', text: t.predictFirst } });
        const step = s.steps?.steps[i];
        if (step && isChallenge(step)) return update({ message: { kind: 'hint', text: t.challengeHowTo } });
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
        if (!predict || s.busy || s.predictions[s.current] !== undefined || choice >= predict.choices.length) return;
        services.progress.predict(info.id, ids[s.current]!, choice, choice === predict.answer);
        const ran = Boolean(s.results[s.current]);
        update({ predictions: { ...s.predictions, [s.current]: choice }, message: { kind: 'info', text: `${t.yourAnswer}${t.colon}${choice + 1}) ${predict.choices[choice]}${ran ? '' : ` — ${t.nowRun}`}` } });
      },
      async check(s: LessonState) {
        if (!runner.current || s.busy) return;
        await grade(s.current);
      },
      grade,
      hint(s: LessonState, all = false) {
        const hints = prose.steps[s.current]?.hints ?? [];
        if (!hints.length) return update({ message: { kind: 'info', text: t.noHints } });
        const shown = s.hints[s.current] ?? 0;
        const level = all ? hints.length : Math.min(hints.length, shown + 1);
        if (level > shown) services.progress.useHint(info.id, ids[s.current]!);
        update({ hints: { ...s.hints, [s.current]: level }, message: { kind: 'hint', text: t.hintShown(level, hints.length) } });
      },
      async reset(s: LessonState) {
        const blocked = guard(s);
        if (blocked === undefined) return;
        if (blocked) return update({ message: { kind: 'error', text: blocked } });
        update({ busy: true, message: { kind: 'busy', text: t.removing } });
        try {
          await runner.current!.reset();
          services.progress.resetLesson(info.id);
          update({ busy: false, current: 0, results: [], predictions: {}, hints: {}, statuses: ids.map(() => 'todo'), message: { kind: 'ok', text: t.resetDone } });
        } catch (error) {
          update({ busy: false, message: errorMessage(errorInfo(error)) });
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
