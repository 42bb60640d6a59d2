/** Lesson 6 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';
import { freshRunner, runLesson } from './lab.js';

const env = isolatedEnv('lesson06');

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['06-userns']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['start-userns', 'nobody-files', 'make-inside', 'give-root', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.match(byId['start-userns']!.output.join('\n'), /0\s+100000\s+65536[\s\S]*uid=0\(root\)/, 'root inside, 100000 outside');
    t.match(byId['nobody-files']!.output.join('\n'), /65534[\s\S]*Permission denied/, 'unmapped owners, and root refused');
    t.match(byId['make-inside']!.output.join('\n'), /1 0\s+0 [\s\S]*1 100000 100000 /, 'the same file: 0 inside, 100000 on the host');
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '06-userns');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // nobody-files only looks; the recap reads what give-root's solution already made (/root/note).
    for (const i of [2, 3]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
}
