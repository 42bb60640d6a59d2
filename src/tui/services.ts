/**
 * What the TUI needs from the lab, as one interface passed in through context:
 * components never reach into the engine, and tests give them a fake lab.
 */
import { createContext } from 'react';
import type { Names } from '../lab/names.js';
import type { PanelSnapshot } from '../lab/panels/source.js';
import type { ProgressStore } from '../lab/progress.js';
import type { CheckResult, LessonInfo, LessonSteps, PanelId, StepDef, StepResult } from '../lab/types.js';
import type { StepStatus } from './StepList.js';

export interface RunnerLike {
  runStep(index: number): Promise<StepResult>;
  check(index: number): Promise<CheckResult>;
  gradeByHand(index: number): Promise<StepResult>;
  names(): Promise<Names>;
  reset(): Promise<void>;
  replayTo(index: number, onStep?: (index: number, result: StepResult) => void): Promise<StepResult[]>;
}

export interface PanelSourceLike {
  snapshot(ids: readonly PanelId[]): Promise<PanelSnapshot[]>;
}

/** A lesson's screen state that outlives the Ink app (it is unmounted while the learner's shell runs). */
export interface LessonMemory {
  current: number;
  results: Array<StepResult | undefined>;
  statuses: StepStatus[];
  predictions: Record<number, number>;
  /** How many hints of each step are shown (3 after a reveal). */
  hints: Record<number, number>;
}

/** The learner's shell for a step: where it runs and the live names it exports. */
export interface ShellPlan {
  command: string[];
  env: Names;
  where: 'host' | 'inside';
}

export interface LabServices {
  isRoot: boolean;
  lessons: LessonInfo[];
  progress: Pick<ProgressStore, 'doneCount' | 'lesson' | 'markDone' | 'useHint' | 'predict' | 'setCurrent' | 'resetLesson'>;
  /** Per lesson id: what the screen showed, kept across a shell. */
  memory: Map<string, LessonMemory>;
  loadSteps(id: string): Promise<LessonSteps>;
  runner(lesson: LessonSteps): RunnerLike;
  panels(lesson: LessonSteps): PanelSourceLike;
  /** The shell for this step (host or inside the sandbox); throws a TslabError when its place does not exist yet. */
  shellCommand(lesson: LessonSteps, step: StepDef, names: Names): Promise<ShellPlan>;
  /** The class this learner joined (`tslab join`), for the status bar; undefined outside a workshop. */
  workshop?: WorkshopStatusSource;
}

export interface WorkshopStatusSource {
  status(): { name: string; message: string | null; paceLock: number | null; hints: Record<string, number>; online: boolean; queued: number };
  onStatus(listener: () => void): () => void;
}

export const ServicesContext = createContext<LabServices | undefined>(undefined);
