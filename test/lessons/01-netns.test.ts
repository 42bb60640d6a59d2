/** Lesson 1 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, tslab } from '../helpers/tslab.js';
import { freshRunner, lesson1Leftovers, lockLesson1, runLesson } from './lab.js';

const env = isolatedEnv('lesson01');

if (needsRoot(t)) {
  cleanUpAfter(t, env);
  await lockLesson1(t);
  t.teardown(async () => (await freshRunner(env, '01-netns')).reset());

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['01-netns']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['create-netns', 'ping-lo-down', 'bring-lo-up', 'create-veth', 'move-veth', 'address-veth', 'ping-both-ways', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const [create, pingDown, , , move] = report.steps;
    t.ok(create!.transcript.some((e) => e.text === 'ip netns add tslab-lesson1'), 'what tslab did is the real command');
    t.match(create!.panels.find((p) => p.id === 'net')!.lines.join('\n'), /netns tslab-lesson1\n\s+lo\s+DOWN  no address/, 'the net panel shows the lone DOWN lo');
    t.match(pingDown!.output.join('\n'), /Network is unreachable/);
    t.ok(pingDown!.predict, 'ping-lo-down asks for a prediction');
    t.match(move!.panels[0]!.lines.join('\n'), /tsl-l1h@if\d+/, 'after the move the host sees its peer by index');
    t.same(lesson1Leftovers(), [], 'the run removed what it made');
  });

  await t.test('--step N replays the steps before it and runs only N', async (t) => {
    const { report, exitCode } = await runLesson(env, ['01-netns', '--step', '5']);
    t.equal(exitCode, 0);
    t.same(report.steps.map((s) => [s.stepId, s.replayed]), [['create-netns', true], ['ping-lo-down', true], ['bring-lo-up', true], ['create-veth', true], ['move-veth', false]]);
    t.same(lesson1Leftovers(), []);
  });

  await t.test('text output: step, what tslab did, check, panels', async (t) => {
    const result = await tslab(env, ['lesson', 'run', '1', '--step', '1', '--lang', 'zh-CN']);
    t.equal(result.exitCode, 0, result.stderr);
    t.match(result.stdout, /网络命名空间/);
    t.match(result.stdout, /== 1\/8 create-netns ==\n/);
    t.match(result.stdout, /what tslab did:\n  \$ ip netns add tslab-lesson1/);
    t.match(result.stdout, /check: ok - /);
    t.match(result.stdout, /\[net: links, addresses, routes\]/);
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '01-netns');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // Steps that change the kernel's state also fail with every step before them done.
    for (const i of [2, 3, 4, 5]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
  await t.test('no tslab-lesson1 netns or tsl-l1 links are left', async (t) => {
    t.same(lesson1Leftovers(), []);
  });
}
