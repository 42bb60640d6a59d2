/**
 * Running a lesson: one step at a time, each step's transcript (what tslab did
 * on the host) cut from the engine's transcript, then its check. Reaching step
 * N replays steps 0..N-1 on a clean slate, so any step can be reached.
 */
import type { Engine } from '../engine/engine.js';
import { isTslabError } from '../engine/errors.js';
import { emitLabEvent } from './events.js';
import { liveNames, type Names } from './names.js';
import { checkResult, errorIn, inLang, LessonError, say } from './said.js';
import type { CheckResult, LabContext, LessonSteps, StepResult } from './types.js';

export function errorInfo(error: unknown): NonNullable<StepResult['error']> {
  if (error instanceof LessonError) {
    const { message, hint } = error.said;
    const zh = { message: inLang(message, 'zh-CN'), ...(hint === undefined ? {} : { hint: inLang(hint, 'zh-CN') }) };
    return { message: error.message, code: error.code, ...(error.hint ? { hint: error.hint } : {}), translated: { 'zh-CN': zh } };
  }
  if (isTslabError(error)) return { message: error.message, code: error.code, ...(error.hint ? { hint: error.hint } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { message, hint: 'this is a bug in tslab; run `tslab lesson run` with TSLAB_DEBUG=1 and report what it prints' };
}

export class LabRunner {
  constructor(
    readonly engine: Engine,
    readonly lesson: LessonSteps,
  ) {}

  context(output: string[] = []): LabContext {
    return { engine: this.engine, lessonId: this.lesson.id, output: (text) => void output.push(text) };
  }

  names(): Promise<Names> {
    return liveNames(this.lesson, this.context());
  }

  async runStep(index: number, replayed = false): Promise<StepResult> {
    const step = this.lesson.steps[index];
    if (!step) throw new RangeError(`lesson ${this.lesson.id} has no step ${index + 1}`);
    const output: string[] = [];
    const transcript = this.engine.host.transcript;
    const outputAt: number[] = [];
    const mark = transcript.length;
    const started = Date.now();
    // Each output block remembers how many commands came before it, so the TUI shows it under its command.
    const lab = { ...this.context(output), output: (text: string) => void (output.push(text), outputAt.push(transcript.since(mark).length)) };
    let error: StepResult['error'];
    try {
      // A challenge has no run; replaying past it (and `lesson run`) uses its reference solution.
      await (step.run ?? step.solve)?.call(step, lab);
    } catch (caught) {
      error = errorInfo(caught);
    }
    const entries = transcript.since(mark);
    emitLabEvent({ kind: 'step-run', lesson: this.lesson.id, step: step.id, ok: !error, ms: Date.now() - started, ...(replayed ? { replayed } : {}) });
    const failed = error && say(`not checked: the step failed (${error.message})`, `未检查：这一步出错了（${errorIn(error, 'zh-CN').message}）`);
    const check = failed ? checkResult(false, failed) : await this.check(index);
    return { stepId: step.id, transcript: entries, output, outputAt, check, ...(error ? { error } : {}) };
  }

  /** The learner did step `index` in a shell: its check grades what the kernel now shows. */
  async gradeByHand(index: number): Promise<StepResult> {
    const step = this.lesson.steps[index];
    if (!step) throw new RangeError(`lesson ${this.lesson.id} has no step ${index + 1}`);
    return { stepId: step.id, transcript: [], output: [], check: await this.check(index), byHand: true };
  }

  async check(index: number): Promise<CheckResult> {
    const step = this.lesson.steps[index];
    if (!step) throw new RangeError(`lesson ${this.lesson.id} has no step ${index + 1}`);
    let result: CheckResult;
    try {
      result = await step.check(this.context());
    } catch (caught) {
      const error = errorInfo(caught);
      result = checkResult(false, say(error.message, errorIn(error, 'zh-CN').message));
    }
    emitLabEvent({ kind: 'check', lesson: this.lesson.id, step: step.id, ok: result.ok, detail: result.detail });
    return result;
  }

  async reset(): Promise<void> {
    await this.lesson.reset(this.context());
  }

  /** Clean slate, then steps 0..index-1; stops at the first that fails. */
  async replayTo(index: number, onStep?: (index: number, result: StepResult) => void): Promise<StepResult[]> {
    await this.reset();
    const results: StepResult[] = [];
    for (let i = 0; i < index; i++) {
      const result = await this.runStep(i, true);
      results.push(result);
      onStep?.(i, result);
      if (result.error || !result.check.ok) break;
    }
    return results;
  }
}
