/** tslab lessons [list|lint|map]; tslab lesson run ID [--step N] [--json] [--lang L] [--keep] [--prose] */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { formatStep, runHeadless } from '../lab/headless.js';
import { pickLang } from '../lab/lang.js';
import { lintCourse } from '../lab/lint.js';
import { printCourseMap } from './course-map.js';
import { findLesson, listLessons, loadSteps, proseFor } from '../lab/loader.js';
import { ProgressStore } from '../lab/progress.js';
import { parseAnswers } from '../lab/answers.js';
import { inLang, say, type Said } from '../lab/said.js';
import { isChallenge } from '../lab/types.js';
import { flag, value } from './args.js';
import * as specs from './commands/lessons.js';
import { parseCommand, usageLine } from './help.js';
import { requireRoot } from './require-root.js';


export async function lessonsCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.lessons, argv);
  if (!args) return 0;
  const [sub = 'list'] = args.positionals;
  if (sub === 'lint') {
    const report = await lintCourse();
    for (const problem of report.problems) console.log(`✗ ${problem}`);
    console.log(report.problems.length ? `${report.problems.length} problem(s) in ${report.lessons} lessons` : `✓ ${report.lessons} lessons, no problems`);
    return report.problems.length ? 1 : 0;
  }
  if (sub === 'map') {
    printCourseMap(pickLang(value(args, 'lang')));
    return 0;
  }
  if (sub !== 'list') throw new TslabError('E_USAGE', `unknown subcommand ${JSON.stringify(sub)}`, { hint: `usage: ${usageLine(specs.lessons)}` });
  const lang = pickLang(value(args, 'lang'));
  const progress = new ProgressStore();
  for (const info of listLessons()) {
    const prose = proseFor(info, lang);
    const done = progress.doneCount(info.id, prose.steps.map((s) => s.id));
    console.log(`${info.id.padEnd(18)} ${`${done}/${prose.steps.length}`.padEnd(6)} ${prose.title}`);
  }
  return 0;
}

export async function lessonCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.lesson, argv);
  if (!args) return 0;
  const [sub, ref] = args.positionals;
  if (sub !== 'run' || ref === undefined) throw new TslabError('E_USAGE', 'lesson needs `run ID`', { hint: `usage: ${usageLine(specs.lesson)}, e.g. tslab lesson run 01-netns` });
  const stepText = value(args, 'step');
  const step = stepText === undefined ? undefined : Number(stepText);
  if (step !== undefined && (!Number.isInteger(step) || step < 1)) throw new TslabError('E_USAGE', `--step ${stepText} is not a step number`, { hint: 'steps count from 1' });
  const answers = parseAnswers(value(args, 'answer'));
  const lang = pickLang(value(args, 'lang'));
  const info = findLesson(ref);
  const lesson = await loadSteps(info.id);
  if (step !== undefined && step > lesson.steps.length) throw new TslabError('E_USAGE', `lesson ${info.id} has ${lesson.steps.length} steps`, { hint: `use --step 1 to ${lesson.steps.length}` });
  requireRoot('lesson run');
  const json = flag(args, 'json');
  const engine = createEngine(process.env, { trace: true });
  const withProse = flag(args, 'prose');
  if (!json) console.log(`# ${info.id}: ${proseFor(info, lang).title}\n`);
  // In a workshop (after `tslab join`), the run reports to the class like the TUI does.
  const { startLearnerClient } = await import('../workshop/client/learner.js');
  const workshop = startLearnerClient(undefined, { pollMs: 60_000 });
  const report = await runHeadless(engine, info, lesson, { lang, keep: flag(args, 'keep'), prose: withProse, answers, ...(step ? { step } : {}) }, (s) => {
    if (!json) process.stdout.write(formatStep(s, lesson.steps.length, info, lang, withProse, isChallenge(lesson.steps[s.index]!)));
  });
  // The run is over: give the queue a few seconds to reach the server; what does not stays queued for the next run or `tslab join --status`.
  if (workshop) {
    await workshop.flush(3000);
    workshop.stop();
  }
  if (json) console.log(JSON.stringify(report, null, 2));
  else console.log(inLang(closingLine(report.ok, flag(args, 'keep')), lang));
  return report.ok ? 0 : 1;
}

/** The run's last line, in the learner's language. */
function closingLine(ok: boolean, kept: boolean): Said {
  if (!ok) return say('a step failed', '有一步没有通过');
  return kept ? say('all checks passed', '全部检查通过') : say('all checks passed; everything the lesson made is removed', '全部检查通过；这一课做出的东西都已删除');
}
