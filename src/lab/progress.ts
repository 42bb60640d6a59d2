/**
 * Per-user progress: which steps are done and when, hints used, predictions.
 * One JSON file per user, written atomically. Where: $TSLAB_STATE_DIR, else
 * the data dir when TSLAB_DATA_DIR is set (tests isolate there), else
 * $XDG_STATE_HOME/tslab (~/.local/state/tslab); under sudo, the invoking user's name.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import path from 'node:path';
import { emitLabEvent } from './events.js';

export interface StepProgress {
  doneAt?: string;
  hints: number;
  /** Index of the choice the learner predicted, and whether it was right. */
  predicted?: number;
  correct?: boolean;
}

export interface LessonProgress {
  steps: Record<string, StepProgress>;
  /** Index of the step the learner was on. */
  current: number;
  updatedAt?: string;
}

export interface ProgressData {
  version: 1;
  lessons: Record<string, LessonProgress>;
}

function userName(env: NodeJS.ProcessEnv): string {
  const name = env.SUDO_USER || env.USER || (() => {
    try {
      return userInfo().username;
    } catch {
      return `uid${process.getuid?.() ?? 0}`;
    }
  })();
  return name.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export function progressFile(env: NodeJS.ProcessEnv = process.env): string {
  const user = userName(env);
  if (env.TSLAB_STATE_DIR) return path.join(env.TSLAB_STATE_DIR, `progress-${user}.json`);
  if (env.TSLAB_DATA_DIR) return path.join(env.TSLAB_DATA_DIR, 'progress', `${user}.json`);
  const stateHome = env.XDG_STATE_HOME || path.join(env.HOME || homedir(), '.local', 'state');
  return path.join(stateHome, 'tslab', `progress-${user}.json`);
}

export class ProgressStore {
  data: ProgressData;

  constructor(readonly file: string = progressFile()) {
    this.data = ProgressStore.read(file);
  }

  static read(file: string): ProgressData {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as ProgressData;
      if (data.version === 1 && typeof data.lessons === 'object') return data;
    } catch {
      // No file yet, or a damaged one: start fresh.
    }
    return { version: 1, lessons: {} };
  }

  lesson(id: string): LessonProgress {
    return (this.data.lessons[id] ??= { steps: {}, current: 0 });
  }

  step(lessonId: string, stepId: string): StepProgress {
    return (this.lesson(lessonId).steps[stepId] ??= { hints: 0 });
  }

  doneCount(lessonId: string, stepIds: readonly string[]): number {
    const steps = this.data.lessons[lessonId]?.steps ?? {};
    return stepIds.filter((id) => steps[id]?.doneAt).length;
  }

  markDone(lessonId: string, stepId: string, at = new Date()): void {
    this.step(lessonId, stepId).doneAt = at.toISOString();
    this.save();
  }

  markUndone(lessonId: string, stepId: string): void {
    delete this.step(lessonId, stepId).doneAt;
    this.save();
  }

  useHint(lessonId: string, stepId: string): void {
    const step = this.step(lessonId, stepId);
    step.hints++;
    this.save();
    emitLabEvent({ kind: 'hint', lesson: lessonId, step: stepId, level: step.hints });
  }

  predict(lessonId: string, stepId: string, choice: number, correct: boolean): void {
    Object.assign(this.step(lessonId, stepId), { predicted: choice, correct });
    this.save();
    emitLabEvent({ kind: 'prediction', lesson: lessonId, step: stepId, choice, correct });
  }

  setCurrent(lessonId: string, index: number): void {
    this.lesson(lessonId).current = index;
    this.save();
  }

  /** Reset forgets which steps are done (hints and predictions are history, kept). */
  resetLesson(lessonId: string): void {
    const lesson = this.lesson(lessonId);
    for (const step of Object.values(lesson.steps)) delete step.doneAt;
    lesson.current = 0;
    this.save();
  }

  save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}
