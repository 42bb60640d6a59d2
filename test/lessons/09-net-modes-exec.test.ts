/** Lesson 9 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';
import { freshRunner, runLesson } from './lab.js';

const env = isolatedEnv('lesson09');
// The runner below runs in this process: its network code reads the bridge, subnet and chains from process.env.
Object.assign(process.env, env);

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['09-net-modes-exec']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['net-host', 'pod', 'nsenter', 'exec', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.match(byId['pod']!.output.join('\n'), /served by lesson-09-pod/, 'the side container reaches the pod on 127.0.0.1');
    t.match(byId['exec']!.output.join('\n'), /CapEff:\s+00000000a80425fb/, "exec drops to the container's capabilities");
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '09-net-modes-exec');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // The recap only reads what the steps left: it changes nothing to check.
    for (const i of [1, 2, 3]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
}
