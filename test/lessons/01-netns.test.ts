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

  await t.test('text output: the question, the choice taken, what tslab did, the check, the feedback, then the explanation', async (t) => {
    const result = await tslab(env, ['lesson', 'run', '1', '--step', '1', '--answer', '1']);
    t.equal(result.exitCode, 0, result.stderr);
    const out = result.stdout;
    const order = [
      'predict: Which interfaces will the brand-new namespace have?',
      "your answer: 1) Copies of the host's interfaces",
      'what tslab did:\n  $ ip netns add tslab-lesson1',
      'check: ok - ',
      '✗ not quite: A namespace is not a copy of the host',
      'the answer: 2) A single loopback `lo`, still switched off',
      'explanation:\n  The net panel now has a column for `tslab-lesson1`',
      '[net: links, addresses, routes]',
    ].map((text) => out.indexOf(text));
    t.notOk(order.includes(-1), `every part is printed: ${order.join(', ')}\n${out}`);
    t.same(order, [...order].sort((a, b) => a - b), 'in this order');
    t.notMatch(out, /\$NETNS|\$VETH/, 'live names are filled in');
    const none = await tslab(env, ['lesson', 'run', '1', '--step', '1']);
    t.match(none.stdout, /your answer: \(none taken; --answer N chooses one\)/);
    t.match(none.stdout, /the answer: 2\) /);
    const bad = await tslab(env, ['lesson', 'run', '1', '--answer', 'two']);
    t.equal(bad.exitCode, 125);
    t.match(bad.stderr, /--answer two is not a choice number/);
  });

  await t.test('zh-CN text output: translated labels with full-width colons', async (t) => {
    const result = await tslab(env, ['lesson', 'run', '1', '--step', '1', '--lang', 'zh-CN', '--answer', '2']);
    t.equal(result.exitCode, 0, result.stderr);
    t.match(result.stdout, /== 1\/8 create-netns 创建网络命名空间 ==\n/);
    t.match(result.stdout, /你的答案：2\) 只有一块回环网卡/);
    t.match(result.stdout, /tslab 做了什么：\n  \$ ip netns add tslab-lesson1/);
    t.match(result.stdout, /检查：ok - /);
    t.match(result.stdout, /✓ 答对了：/);
    t.match(result.stdout, /讲解：\n  网络面板里多了一栏 `tslab-lesson1`/);
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
