/** Lesson 10 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';
import { freshRunner, runLesson } from './lab.js';

const env = isolatedEnv('lesson10');

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['10-pid1-lifecycle']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['start-plain', 'orphans', 'stop-by-hand', 'start-init', 'pause', 'unpause', 'stop-init', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.match(byId['orphans']!.output.join('\n'), /\s1 Z\s+sleep[\s\S]*\s1 Z\s+sleep[\s\S]*\s1 Z\s+sleep/, 'three zombies under PID 1');
    t.ok(byId['stop-by-hand']!.transcript.some((e) => e.text.startsWith('kill -KILL')), 'SIGKILL after SIGTERM');
    t.notMatch(byId['start-init']!.output.join('\n'), /\sZ\s/, 'no zombie under tslab-init');
    t.match(byId['pause']!.output.join('\n'), /FROZEN|frozen 1/);
    t.match(byId['pause']!.panels[0]!.lines.join('\n'), /frozen \(cgroup freezer\)/, 'the procs panel says the sandbox is frozen');
    t.notMatch(byId['unpause']!.panels[0]!.lines.join('\n'), /frozen/, 'and no longer once thawed');
    t.match(byId['unpause']!.output.join('\n'), /tick \d+ \d\d:\d\d:\d\d/, 'the log shows ticks');
    t.notOk(byId['stop-init']!.transcript.some((e) => e.text.startsWith('kill -KILL')), 'init ends on SIGTERM, no SIGKILL needed');
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '10-pid1-lifecycle');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // The recap only reads what the steps left (the log of the stopped sandbox): it changes nothing to check.
    for (const i of [1, 2, 3, 4, 5, 6]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
}
