/**
 * `tslab lesson run`: a lesson without a TTY, for projectors, scripts and CI.
 * Each step is printed in the TUI's order: the question and the choice taken
 * (`--answer`), what tslab did on the host with its output, the check, the
 * feedback, then the explanation (with live names filled in) and the panels.
 */
import type { Engine } from '../engine/engine.js';
import { answerAt, NO_ANSWERS, type Answers } from './answers.js';
import type { TranscriptEntry } from '../engine/transcript.js';
import { emitLabEvent } from './events.js';
import { proseFor } from './loader.js';
import { detailIn, errorIn } from './said.js';
import { fillNames, type Names } from './names.js';
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
  /** The choices taken at the Predict questions (`--answer`); none: no answer is taken. */
  answers?: Answers;
}

export interface HeadlessStep extends StepResult {
  index: number;
  replayed: boolean;
  predict?: { question: string; choices: string[]; answer: number; chosen?: number; feedback: string[] };
  /** The live names after the step ran (what the prose's `$NAME`s read as). */
  names: Names;
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
  let asked = 0;
  const report: HeadlessReport = { lesson: lesson.id, title: prose.title, lang: options.lang, ok: true, steps: [] };
  emitLabEvent({ kind: 'lesson-opened', lesson: lesson.id });
  const emit = (step: HeadlessStep) => {
    report.steps.push(step);
    if (step.error || !step.check.ok) report.ok = false;
    onStep(step);
  };
  try {
    await runner.replayTo(first, (index, result) => emit({ ...result, index, replayed: true, names: {}, panels: [] }));
    if (report.ok) {
      for (let index = first; index <= last; index++) {
        const result = await runner.runStep(index);
        const step = lesson.steps[index]!;
        const predict = prose.steps[index]?.predict;
        const chosen = predict ? answerAt(options.answers ?? NO_ANSWERS, index, asked++) : undefined;
        // Told to a workshop the learner joined, as the TUI tells it when the learner answers.
        if (predict && chosen !== undefined) emitLabEvent({ kind: 'prediction', lesson: lesson.id, step: step.id, choice: chosen, correct: chosen === predict.answer });
        emit({
          ...result,
          index,
          replayed: false,
          ...(predict ? { predict: { ...predict, ...(chosen !== undefined ? { chosen } : {}) } } : {}),
          names: await runner.names(),
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

const SAY = {
  en: { question: 'predict', chose: 'your answer', none: '(none taken; --answer N chooses one)', answer: 'the answer', wrong: 'not quite', explanation: 'explanation', tryIt: 'try it yourself', did: 'what tslab did', nothing: '(nothing on the host)', output: 'output', check: 'check', kernel: 'the kernel reports: ', ok: 'ok', failed: 'FAILED', errorMark: 'ERROR', replayed: 'replayed', error: 'error', hint: 'hint', challenge: 'challenge: tslab did it with the reference solution (the learner does it by hand)' },
  'zh-CN': { question: '预测', chose: '你的答案', none: '（没有作答；用 --answer N 选择）', answer: '正确答案', wrong: '不太对', explanation: '讲解', tryIt: '动手试试', did: 'tslab 做了什么', nothing: '（宿主机上什么都没做）', output: '输出', check: '检查', kernel: '内核的实际结果：', ok: '通过', failed: '未通过', errorMark: '出错', replayed: '已重放', error: '出错', hint: '提示', challenge: '挑战：tslab 用参考答案完成了它（学习者要亲手做）' },
} as const;

const indent = (text: string) => text.split('\n').map((l) => `  ${l}`);

export function formatStep(step: HeadlessStep, total: number, info: LessonInfo, lang: Lang, withProse: boolean, challenge = false): string {
  const say = SAY[lang];
  // Chinese labels take a full-width colon.
  const c = lang === 'zh-CN' ? '：' : ': ';
  const mark = step.error ? say.errorMark : step.check.ok ? say.ok : say.failed;
  const prose = proseFor(info, lang).steps[step.index];
  const title = prose?.title ? ` ${prose.title}` : '';
  if (step.replayed) return `-- ${say.replayed} ${step.index + 1}/${total} ${step.stepId}: ${mark}${step.check.ok ? '' : ` (${detailIn(step.check, lang)})`}\n`;
  const fill = (text: string) => fillNames(text, step.names);
  const lines = [`== ${step.index + 1}/${total} ${step.stepId}${title} ==`];
  if (withProse && prose) lines.push(fill(prose.body), '');
  const p = step.predict;
  if (p) {
    lines.push(`${say.question}${c}${fill(p.question)}`, ...p.choices.map((choice, i) => `  ${i + 1}) ${fill(choice)}`));
    lines.push(`${say.chose}${c}${p.chosen === undefined ? say.none : `${p.chosen + 1}) ${fill(p.choices[p.chosen] ?? '?')}`}`);
  }
  if (challenge) lines.push(say.challenge);
  lines.push(`${say.did}${c.trim()}`, ...(step.transcript.length ? step.transcript.map(transcriptLine) : [`  ${say.nothing}`]));
  if (step.output.length) lines.push(`${say.output}${c.trim()}`, ...indent(step.output.join('\n')));
  const error = step.error && errorIn(step.error, lang);
  if (error) lines.push(`${say.error}${c}${error.message}`, ...(error.hint ? [`  ${say.hint}${c}${error.hint}`] : []));
  lines.push(`${say.check}${c}${mark} - ${p ? say.kernel : ''}${detailIn(step.check, lang)}`);
  if (p) {
    if (p.chosen !== undefined) lines.push(p.chosen === p.answer ? `✓ ${fill(p.feedback[p.chosen] ?? '')}` : `✗ ${say.wrong}${c}${fill(p.feedback[p.chosen] ?? '')}`);
    if (p.chosen !== p.answer) lines.push(`${say.answer}${c}${p.answer + 1}) ${fill(p.choices[p.answer] ?? '')}`, ...indent(fill(p.feedback[p.answer] ?? '')));
  }
  if (prose?.after) lines.push(`${say.explanation}${c.trim()}`, ...indent(fill(prose.after)));
  if (withProse && prose?.tryIt) lines.push(`${say.tryIt}${c.trim()}`, ...indent(fill(prose.tryIt)));
  for (const panel of step.panels) lines.push(`[${panel.title}]`, ...panel.lines.map((l) => `  ${l}`));
  return `${lines.join('\n')}\n\n`;
}
