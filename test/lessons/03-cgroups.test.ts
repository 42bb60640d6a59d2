/** Lesson 3 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';
import { freshRunner, runLesson } from './lab.js';

const env = isolatedEnv('lesson03');

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['03-cgroups']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['create-cgroup', 'join-cgroup', 'memory-limit', 'cpu-quota', 'pids-limit', 'cgroup-files', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.match(byId['memory-limit']!.output.join('\n'), /exit status 137/, 'the 64M allocation is SIGKILLed');
    t.ok(byId['memory-limit']!.transcript.some((e) => e.kind === 'write' && /33554432 > .*memory/.test(e.text)), 'the limit write is in the transcript');
    const cpu = /used [\d.]+ s of CPU in [\d.]+ s: (\d+)%/.exec(byId['cpu-quota']!.output.join('\n'));
    t.ok(cpu && Number(cpu[1]) >= 30 && Number(cpu[1]) <= 60, `the busy loop is held near half a CPU (${cpu?.[1]}%)`);
    t.match(byId['pids-limit']!.output.join('\n'), /can't fork/);
    t.match(byId['cgroup-files']!.output.join('\n'), /pids.max:10/);
    t.match(byId['recap']!.panels[0]!.lines.join('\n'), /memory .* \/ 32.0 MiB/, 'the cgroup panel shows the limit');
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '03-cgroups');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    for (const i of [1, 2, 3, 4]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
}
