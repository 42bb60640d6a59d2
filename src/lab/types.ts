/**
 * The lesson model. A lesson is data: prose parsed from lesson.md (one section
 * per step) and a steps.ts that declares, per step, what to run, how to check it
 * by observing the kernel, a hint and which live panels matter.
 */
import type { Engine } from '../engine/engine.js';
import type { TranscriptEntry } from '../engine/transcript.js';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

export const PANEL_IDS = ['ns', 'net', 'cgroup', 'mounts', 'procs', 'nat'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

/** What a check saw. `detail` is what the kernel reported, shown beside the learner's prediction. */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface StepDef {
  id: string;
  /** Calls engine phases; what the engine ran on the host lands in the transcript. */
  run(lab: LabContext): Promise<void>;
  /** Verifies by observing the kernel, so doing the step by hand passes too. */
  check(lab: LabContext): Promise<CheckResult>;
  hint: Record<Lang, string>;
  panels: PanelId[];
}

/** What the panels and the shell look at: a named netns, a container, or both. */
export interface LabTarget {
  netns?: string;
  /** The container's name (`lesson-02`). */
  container?: string;
  /** The container's own netns is the subject (lesson 1): say so while it does not exist yet. */
  network?: boolean;
}

export interface LessonSteps {
  /** The folder name; the same id as in lesson.md's front matter. */
  id: string;
  target: LabTarget;
  steps: StepDef[];
  /** Remove everything the lesson made; idempotent (nothing made is fine). */
  reset(lab: LabContext): Promise<void>;
}

/** What a step's run and check get: the engine, and a place for the output of what they ran. */
export interface LabContext {
  engine: Engine;
  lessonId: string;
  /** Output a learner would see in a shell (ping's lines, dd's "Killed"), shown under the transcript. */
  output(text: string): void;
}

export interface Predict {
  question: string;
  choices: string[];
  /** Index of the one right choice. */
  answer: number;
}

export interface StepProse {
  id: string;
  /** The Markdown under `## id`, without the Predict and Try-it sections. */
  body: string;
  predict?: Predict;
  tryIt?: string;
}

export interface LessonProse {
  id: string;
  title: string;
  minutes: number;
  intro: string;
  steps: StepProse[];
}

/** One lesson, all languages. Steps are loaded on demand (they import the engine). */
export interface LessonInfo {
  id: string;
  dir: string;
  prose: Partial<Record<Lang, LessonProse>>;
}

export interface StepResult {
  stepId: string;
  transcript: TranscriptEntry[];
  output: string[];
  check: CheckResult;
  /** Set when run threw: message and hint, never a stack. */
  error?: { message: string; hint?: string; code?: string };
}
