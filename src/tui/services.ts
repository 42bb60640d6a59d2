/**
 * What the TUI needs from the lab, as one interface passed in through context:
 * components never reach into the engine, and tests give them a fake lab.
 */
import { createContext } from 'react';
import type { PanelSnapshot } from '../lab/panels/source.js';
import type { ProgressStore } from '../lab/progress.js';
import type { CheckResult, LessonInfo, LessonSteps, PanelId, StepResult } from '../lab/types.js';

export interface RunnerLike {
  runStep(index: number): Promise<StepResult>;
  check(index: number): Promise<CheckResult>;
  reset(): Promise<void>;
  replayTo(index: number, onStep?: (index: number, result: StepResult) => void): Promise<StepResult[]>;
}

export interface PanelSourceLike {
  snapshot(ids: readonly PanelId[]): Promise<PanelSnapshot[]>;
}

export interface LabServices {
  isRoot: boolean;
  lessons: LessonInfo[];
  progress: Pick<ProgressStore, 'doneCount' | 'lesson' | 'markDone' | 'useHint' | 'predict' | 'setCurrent' | 'resetLesson'>;
  loadSteps(id: string): Promise<LessonSteps>;
  runner(lesson: LessonSteps): RunnerLike;
  panels(lesson: LessonSteps): PanelSourceLike;
  /** The command that opens a shell in the lesson's sandbox; throws a TslabError when there is none. */
  shellCommand(lesson: LessonSteps): Promise<string[]>;
  /** The class this learner joined (`tslab join`), for the status bar; undefined outside a workshop. */
  workshop?: WorkshopStatusSource;
}

export interface WorkshopStatusSource {
  status(): { name: string; message: string | null; paceLock: number | null; hints: Record<string, number>; online: boolean; queued: number };
  onStatus(listener: () => void): () => void;
}

export const ServicesContext = createContext<LabServices | undefined>(undefined);
