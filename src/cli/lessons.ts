/** tslab lessons [list|lint|map]; tslab lesson run ID [--step N] [--json] [--lang L] [--keep] [--prose] */
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { formatStep, runHeadless } from '../lab/headless.js';
import { pickLang } from '../lab/lang.js';
import { lintCourse } from '../lab/lint.js';
import { printCourseMap } from './course-map.js';
import { findLesson, listLessons, loadSteps, proseFor } from '../lab/loader.js';
import { ProgressStore } from '../lab/progress.js';
import { flag, parseArgs, value } from './args.js';
import { requireRoot } from './require-root.js';

const lessonsUsage = 'tslab lessons [list|lint|map] [--lang en|zh-CN]';
const lessonUsage = 'tslab lesson run ID [--step N] [--json] [--lang en|zh-CN] [--keep] [--prose]';

export async function lessonsCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [{ name: 'help' }, { name: 'lang', value: true }], lessonsUsage);
  const [sub = 'list'] = args.positionals;
  if (flag(args, 'help')) {
    console.log(`usage: ${lessonsUsage}`);
    return 0;
  }
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
  if (sub !== 'list') throw new TslabError('E_USAGE', `unknown subcommand ${JSON.stringify(sub)}`, { hint: `usage: ${lessonsUsage}` });
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
  const args = parseArgs(
    argv,
    [{ name: 'step', value: true }, { name: 'json' }, { name: 'lang', value: true }, { name: 'keep' }, { name: 'prose' }, { name: 'help' }],
    lessonUsage,
  );
  if (flag(args, 'help')) {
    console.log(`usage: ${lessonUsage}`);
    return 0;
  }
  const [sub, ref] = args.positionals;
  if (sub !== 'run' || ref === undefined) throw new TslabError('E_USAGE', 'lesson needs `run ID`', { hint: `usage: ${lessonUsage}, e.g. tslab lesson run 01-netns` });
  const stepText = value(args, 'step');
  const step = stepText === undefined ? undefined : Number(stepText);
  if (step !== undefined && (!Number.isInteger(step) || step < 1)) throw new TslabError('E_USAGE', `--step ${stepText} is not a step number`, { hint: 'steps count from 1' });
  const lang = pickLang(value(args, 'lang'));
  const info = findLesson(ref);
  const lesson = await loadSteps(info.id);
  if (step !== undefined && step > lesson.steps.length) throw new TslabError('E_USAGE', `lesson ${info.id} has ${lesson.steps.length} steps`, { hint: `use --step 1 to ${lesson.steps.length}` });
  requireRoot('lesson run');
  const json = flag(args, 'json');
  const engine = createEngine(process.env, { trace: true });
  const withProse = flag(args, 'prose');
  if (!json) console.log(`# ${info.id}: ${proseFor(info, lang).title}\n`);
  const report = await runHeadless(engine, info, lesson, { lang, keep: flag(args, 'keep'), prose: withProse, ...(step ? { step } : {}) }, (s) => {
    if (!json) process.stdout.write(formatStep(s, lesson.steps.length, info, lang, withProse));
  });
  if (json) console.log(JSON.stringify(report, null, 2));
  else console.log(report.ok ? `all checks passed${flag(args, 'keep') ? '' : '; everything the lesson made is removed'}` : 'a step failed');
  return report.ok ? 0 : 1;
}
