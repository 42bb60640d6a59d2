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
  /** In English; also every language's text when it has no words to translate (kernel output, names). */
  detail: string;
  /** The detail in other languages (made by `pass`/`fail` from `say(en, zh)`); see `detailIn`. */
  translated?: Partial<Record<Lang, string>>;
}

export interface StepDef {
  id: string;
  /**
   * Calls engine phases; what the engine ran on the host lands in the
   * transcript. A challenge step has no `run`: the learner does it by hand.
   */
  run?(lab: LabContext): Promise<void>;
  /**
   * A challenge's reference solution (same engine calls a `run` would make):
   * used only to replay past the challenge and by `tslab lesson run`, never
   * offered as the learner's `n`. A step has exactly one of run and solve.
   */
  solve?(lab: LabContext): Promise<void>;
  /** Verifies by observing the kernel, so doing the step by hand passes too. */
  check(lab: LabContext): Promise<CheckResult>;
  panels: PanelId[];
  /** Panels that would give the answer away: hidden until the step ran. */
  reveals?: PanelId[];
  /** Where `s` opens the learner's shell: on the host (default) or inside the sandbox. */
  shell?: 'host' | 'inside';
}

/** A challenge: no run action, only a check (and a reference solution for replays). */
export const isChallenge = (step: Pick<StepDef, 'run' | 'solve'>): boolean => !step.run && Boolean(step.solve);

/** What the panels and the shell look at: a named netns, a container, or both. */
export interface LabTarget {
  netns?: string;
  /** The container's name (`lesson-02`). */
  container?: string;
  /** The container's own netns is the subject (lesson 1): say so while it does not exist yet. */
  network?: boolean;
  /** A union-mount demo's name (engine rootfs/union.ts): the mounts panel shows its overlay too. */
  union?: string;
}

export interface LessonSteps {
  /** The folder name; the same id as in lesson.md's front matter. */
  id: string;
  target: LabTarget;
  steps: StepDef[];
  /**
   * The lesson's live names (`NETNS`, `ID`, `PID`, `CGROUP`, ...): exported in
   * the learner's shell and filled into the prose wherever it says `$NAME`.
   * Each returns undefined while the thing does not exist yet.
   */
  names: Record<string, (lab: LabContext) => Promise<string | undefined>>;
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
  /** Per choice, why it is right or wrong; shown after the step ran. */
  feedback: string[];
  /** Index of the one right choice. */
  answer: number;
}

export interface StepProse {
  id: string;
  /** `## id: Title`: a few words, shown in the step list and the title bar. */
  title: string;
  /** The before-part: the Markdown under `## id` up to its first `###` (what we do, and why to predict). */
  body: string;
  /** `### Explanation`: revealed only after the step ran and its prediction was answered. */
  after: string;
  predict?: Predict;
  tryIt?: string;
  /** `### Hints`: 1 the idea, 2 the command's shape, 3 the full solution. */
  hints: string[];
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
  /** Per output block, how many of this step's transcript entries came before it. */
  outputAt?: number[];
  check: CheckResult;
  /** The learner did it in a shell; the check graded the kernel's state. */
  byHand?: boolean;
  /** Set when run threw: message and hint, never a stack. */
  error?: { message: string; hint?: string; code?: string; translated?: Partial<Record<Lang, { message: string; hint?: string }>> };
}
