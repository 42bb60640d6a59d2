/** Lesson 1 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import { spawn } from 'node:child_process';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, leftovers, needsRoot, tslab, tslabBin } from '../helpers/tslab.js';
import { networkNames } from '../../src/engine/network/reserve.js';
import { freshRunner, lesson1Leftovers, onHost, proseCommands, ranCommands, runLesson } from './lab.js';

const env = isolatedEnv('lesson01');

if (needsRoot(t)) {
  cleanUpAfter(t, env);
  t.teardown(async () => (await freshRunner(env, '01-netns')).reset());

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['01-netns']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['create-netns', 'ping-lo-down', 'bring-lo-up', 'create-veth', 'move-veth', 'address-veth', 'ping-both-ways', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const [create, pingDown, , , move] = report.steps;
    const add = create!.transcript.find((e) => /^ip netns add tslab-[0-9a-f]{12}$/.test(e.text));
    t.ok(add, 'what tslab did is the real command, on the engine\'s own name');
    const netns = add!.text.split(' ')[3]!;
    t.match(create!.panels.find((p) => p.id === 'net')!.lines.join('\n'), new RegExp(`netns ${netns}\\n\\s+lo\\s+DOWN  no address`), 'the net panel shows the lone DOWN lo');
    t.match(pingDown!.output.join('\n'), /Network is unreachable/);
    t.ok(pingDown!.predict, 'ping-lo-down asks for a prediction');
    t.match(move!.panels[0]!.lines.join('\n'), new RegExp(`tsl${netns.slice(6)}@if\\d+`), 'after the move the host sees its peer by index');
    t.same(lesson1Leftovers(env), [], 'the run removed what it made');
    t.notOk(onHost(netns), `${netns} is gone`);
    // The prose shows exactly the commands tslab ran, with the live names as variables.
    const n = networkNames(netns.slice('tslab-'.length));
    const vars = { NETNS: n.netns, VETH_HOST: n.hostVeth, VETH_NS: n.peer, HOST_IP: n.hostCidr.split('/')[0]!, NS_IP: n.peerCidr.split('/')[0]! };
    for (const step of report.steps.filter((s) => s.stepId !== 'recap')) {
      const prose = proseCommands('01-netns', step.stepId);
      t.same(prose['zh-CN'], prose.en, `${step.stepId}: both languages show the same commands`);
      t.same(ranCommands(step, vars), prose.en, `${step.stepId}: the prose shows what tslab ran`);
    }
  });

  await t.test('--step N replays the steps before it and runs only N', async (t) => {
    const { report, exitCode } = await runLesson(env, ['01-netns', '--step', '5']);
    t.equal(exitCode, 0);
    t.same(report.steps.map((s) => [s.stepId, s.replayed]), [['create-netns', true], ['ping-lo-down', true], ['bring-lo-up', true], ['create-veth', true], ['move-veth', false]]);
    t.same(lesson1Leftovers(env), []);
  });

  await t.test('text output: the question, the choice taken, what tslab did, the check, the feedback, then the explanation', async (t) => {
    const result = await tslab(env, ['lesson', 'run', '1', '--step', '1', '--answer', '1']);
    t.equal(result.exitCode, 0, result.stderr);
    const out = result.stdout;
    const order = [
      'predict: Which interfaces will the brand-new namespace have?',
      "your answer: 1) Copies of the host's interfaces",
      'what tslab did:\n  $ ip netns add tslab-',
      'check: ok - ',
      '✗ not quite: A namespace is not a copy of the host',
      'the answer: 2) A single loopback `lo`, still switched off',
      'explanation:\n  The net panel now has a column for `tslab-',
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
    t.match(result.stdout, /全部检查通过；这一课做出的东西都已删除$/, 'the closing line too');
    t.match(result.stdout, /tslab 做了什么：\n  \$ ip netns add tslab-[0-9a-f]{12}/);
    const check = /^检查：通过 - (.*)$/m.exec(result.stdout)?.[1];
    t.ok(check, `a passing check line in Chinese:\n${result.stdout}`);
    // Only names (tslab-<id>), kernel link states (lo DOWN) and punctuation may stay in Latin letters.
    const leftover = (check ?? '').replace(/内核的实际结果：/, '').replace(/tslab-[0-9a-f]{12}/g, '').replace(/\b(lo|UP|DOWN)\b/g, '');
    t.notMatch(leftover, /[A-Za-z]{2,}/, `no English words in the check line: ${check}`);
    t.match(check ?? '', /[\u4e00-\u9fff]/, 'it is written in Chinese');
    t.match(result.stdout, /✓ 答对了：/);
    t.match(result.stdout, /讲解：\n  网络面板里多了一栏 `tslab-[0-9a-f]{12}`/);
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

  await t.test('a lesson killed mid-step leaves only what `tslab gc` removes, and gc removes it', async (t) => {
    // SIGKILL while the veth step runs: the netns and the veth pair exist, nothing cleans up.
    const child = spawn(process.execPath, [tslabBin, 'lesson', 'run', '01-netns', '--step', '5', '--keep'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (lesson1Leftovers(env).some((l) => l.startsWith('link '))) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.once('exit', () => (clearInterval(poll), resolve()));
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    t.not(lesson1Leftovers(env).length, 0, `the killed lesson left its sandbox (${out.split('\n')[0] ?? ''})`);
    const gc = await tslab(env, ['gc']);
    t.equal(gc.exitCode, 0, gc.stderr);
    t.match(gc.stdout, /lesson-01/, 'gc names what it removed');
    t.same(lesson1Leftovers(env), [], 'gc removed the netns and the veth pair');
    t.same(leftovers(env), [], 'and everything else');
  });

  await t.test('a lesson whose output pipe closes (lesson run | head) leaves only what gc removes', async (t) => {
    const child = spawn(process.execPath, [tslabBin, 'lesson', 'run', '01-netns'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => child.stdout.destroy());
    await new Promise((resolve) => child.once('exit', resolve));
    await tslab(env, ['gc']);
    t.same(lesson1Leftovers(env), []);
    t.same(leftovers(env), []);
  });

  await assertNothingLeft(t, env);
}
