/**
 * `tslab lesson run`: a lesson without a TTY, for projectors, scripts and CI.
 * Each step is printed with what tslab did on the host, the output, the check
 * (beside the prediction, when the step asks for one) and its panels as text.
 */
import type { Engine } from '../engine/engine.js';
import type { TranscriptEntry } from '../engine/transcript.js';
import { emitLabEvent } from './events.js';
import { proseFor } from './loader.js';
import { PanelSource, type PanelSnapshot } from './panels/source.js';
import { LabRunner } from './runner.js';
import type { Lang, LessonInfo, LessonSteps, StepResult } from './types.js';

export interface HeadlessOptions {
  lang: Lang;
  /** 1-based: replay the steps before it, run only this one. */
  step?: number;
  /** Leave what the lesson made (default: reset at the end). */
  keep: boolean;
  prose: boolean;
}

export interface HeadlessStep extends StepResult {
  index: number;
  replayed: boolean;
  predict?: { question: string; answer: string };
  panels: PanelSnapshot[];
}

export interface HeadlessReport {
  lesson: string;
  title: string;
  lang: Lang;
  ok: boolean;
  steps: HeadlessStep[];
}

export async function runHeadless(engine: Engine, info: LessonInfo, lesson: LessonSteps, options: HeadlessOptions, onStep: (step: HeadlessStep) => void = () => undefined): Promise<HeadlessReport> {
  const prose = proseFor(info, options.lang);
  const runner = new LabRunner(engine, lesson);
  const panels = new PanelSource(engine, lesson.target);
  const first = options.step === undefined ? 0 : options.step - 1;
  const last = options.step === undefined ? lesson.steps.length - 1 : first;
  if (first < 0 || last >= lesson.steps.length) throw new RangeError(`--step must be 1 to ${lesson.steps.length}`);
  const report: HeadlessReport = { lesson: lesson.id, title: prose.title, lang: options.lang, ok: true, steps: [] };
  emitLabEvent({ kind: 'lesson-opened', lesson: lesson.id });
  const emit = (step: HeadlessStep) => {
    report.steps.push(step);
    if (step.error || !step.check.ok) report.ok = false;
    onStep(step);
  };
  try {
    await runner.replayTo(first, (index, result) => emit({ ...result, index, replayed: true, panels: [] }));
    if (report.ok) {
      for (let index = first; index <= last; index++) {
        const result = await runner.runStep(index);
        const step = lesson.steps[index]!;
        const predict = prose.steps[index]?.predict;
        emit({
          ...result,
          index,
          replayed: false,
          ...(predict ? { predict: { question: predict.question, answer: predict.choices[predict.answer] ?? '' } } : {}),
          panels: await panels.snapshot(step.panels),
        });
        if (result.error || !result.check.ok) break;
      }
    }
  } finally {
    if (!options.keep) await runner.reset();
  }
  return report;
}

function transcriptLine(entry: TranscriptEntry): string {
  if (entry.kind === 'syscall') return `    [shim] ${entry.text}`;
  if (entry.kind === 'note') return `  # ${entry.text}`;
  return entry.text
    .split('\n')
    .map((line, i) => (i === 0 ? `  $ ${line}` : `    ${line}`))
    .join('\n');
}

export function formatStep(step: HeadlessStep, total: number, info: LessonInfo, lang: Lang, withProse: boolean): string {
  const mark = step.error ? 'ERROR' : step.check.ok ? 'ok' : 'FAILED';
  if (step.replayed) return `-- replayed ${step.index + 1}/${total} ${step.stepId}: ${mark}${step.check.ok ? '' : ` (${step.check.detail})`}\n`;
  const lines = [`== ${step.index + 1}/${total} ${step.stepId} ==`];
  if (withProse) lines.push(proseFor(info, lang).steps[step.index]?.body ?? '', '');
  if (step.predict) lines.push(`predict: ${step.predict.question}`, `  right answer: ${step.predict.answer}`);
  lines.push('what tslab did:', ...(step.transcript.length ? step.transcript.map(transcriptLine) : ['  (nothing on the host)']));
  if (step.output.length) lines.push('output:', ...step.output.join('\n').split('\n').map((l) => `  ${l}`));
  if (step.error) lines.push(`error: ${step.error.message}`, ...(step.error.hint ? [`  hint: ${step.error.hint}`] : []));
  lines.push(`check: ${mark} - ${step.predict ? 'the kernel reports: ' : ''}${step.check.detail}`);
  for (const panel of step.panels) lines.push(`[${panel.title}]`, ...panel.lines.map((l) => `  ${l}`));
  return `${lines.join('\n')}\n\n`;
}
