/** The keys that leave the lesson: shell, quit with keep or remove; and the language toggle. */
import t from 'tap';

import { App, type Outcome } from '../../src/tui/App.js';
import { render } from 'ink-testing-library';
import { fakeLab, openLesson, press, tick, waitFor } from './fakes.js';

const open = openLesson;

t.test('s hands the terminal to a shell with the live names; back, the step is graded and earlier results are kept', async (t) => {
  const fake = fakeLab({ challenge: 'ping-lo-down' });
  t.teardown(fake.cleanup);
  let outcome: Outcome | undefined;
  const app = await open(t, fake, (o) => (outcome = o));
  await press(app, '2', 'n');
  await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  await press(app, 'n');
  await waitFor(app.lastFrame, (f) => f.includes('2/8'));
  await press(app, '3', 's');
  await waitFor(() => (outcome ? 'x' : ''), (f) => f === 'x');
  t.same(outcome, {
    kind: 'shell',
    plan: { command: ['sh', '-c', 'true'], env: { NETNS: 'tslab-fake', VETH_HOST: 'tsl-fakeh', VETH_NS: 'tsl-fakec' }, where: 'host' },
    resume: { lang: 'en', lesson: 0, step: 1, gradeStep: 1, touched: ['01-netns'] },
  });
  app.unmount();

  // The learner did it in the shell; coming back, the App renders again where it was and the check grades it.
  fake.done.add('ping-lo-down');
  const again = render(fake.wrap(<App initial={outcome!.kind === 'shell' ? outcome!.resume : { lang: 'en', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => again.unmount());
  const frame = await waitFor(again.lastFrame, (f) => f.includes('2/8 Ping the loopback') && f.includes('check passed: kernel saw ping-lo-down'));
  t.match(frame, /✓ 1 Create a network/, "step 1's result is kept");
  t.match(frame, /✓ 2 Ping the loop/);
  t.match(frame, /Your answer: 3\) .*✗ not quite/, 'the prediction is kept, not asked again');
  t.same(fake.calls, ['run create-netns', 'shell 01-netns ping-lo-down'], 'tslab ran only step 1');
  again.unmount();
});

t.test('q asks: Esc cancels, k keeps what the lesson made', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  let outcome: Outcome | undefined;
  const app = await open(t, fake, (o) => (outcome = o));
  app.stdin.write('q');
  await waitFor(app.lastFrame, (f) => f.includes('Keep what the lessons made (k) or remove it (r)?'));
  app.stdin.write('\u001B');
  await waitFor(app.lastFrame, (f) => !f.includes('(k)') && f.includes('what tslab did'));
  await tick(100);
  app.stdin.write('q');
  await waitFor(app.lastFrame, (f) => f.includes('(k)'));
  app.stdin.write('k');
  await waitFor(() => (outcome ? 'x' : ''), (f) => f === 'x');
  t.same(outcome, { kind: 'quit' });
  t.same(fake.calls, [], 'nothing removed');
  app.unmount();
});

t.test('q then r removes what every opened lesson made, then quits', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  let outcome: Outcome | undefined;
  const app = await open(t, fake, (o) => (outcome = o));
  app.stdin.write('q');
  await waitFor(app.lastFrame, (f) => f.includes('(k)'));
  app.stdin.write('r');
  await waitFor(() => (outcome ? 'x' : ''), (f) => f === 'x');
  t.same(fake.calls, ['reset']);
  t.same(outcome, { kind: 'quit' });
  app.unmount();
});

t.test('l toggles the language inside a lesson; the status bar shows the keys', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await open(t, fake, () => undefined);
  t.match(app.lastFrame()!, /1-3 answer {2}n run .*h hint {2}s shell {2}c check .* q quit/);
  app.stdin.write('l');
  const frame = await waitFor(app.lastFrame, (f) => f.includes('网络命名空间') && f.includes('网络：网卡、地址、路由'));
  t.match(frame, /刚创建的命名空间里会有哪些网卡/);
  t.match(frame, /tslab · 第 1 课 网络命名空间与 veth 设备对 · 第 1\/8 步 创建网络命名空间/, 'the title bar in Chinese');
  t.match(frame, /· 1 创建网络命名空间/, 'step titles in Chinese');
  t.match(frame, /1-3 作答 {2}n 运行 .* q 退出/, 'the keys in Chinese');
  t.match(frame, /网络：网卡、地址、路由/, 'panel headings in Chinese');
  await press(app, '2', 'n');
  const after = await waitFor(app.lastFrame, (f) => f.includes('检查通过'));
  t.match(after, /检查通过：内核看到了 create-netns/, 'full-width colons, and the check detail in Chinese');
  t.match(after, /你的答案：2\) /);
  t.match(after, /tslab 做了什么/);
  t.notMatch(after, /\b(check|hint|step|quit|panel|Your answer|what tslab did)\b/, 'no English furniture');
  app.unmount();
});
