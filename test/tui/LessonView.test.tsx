/** Inside a lesson: predict, run, check, next; hint, reset, back, errors with their hint. */
import { render } from 'ink-testing-library';
import t, { type Test as Tap } from 'tap';

import { App, type Outcome } from '../../src/tui/App.js';
import { fakeLab, tick, waitFor } from './fakes.js';

async function openLesson(t: Tap, fake: ReturnType<typeof fakeLab>, onExit: (o: Outcome) => void = () => undefined) {
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={onExit} />));
  t.teardown(() => app.unmount());
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\r');
  await waitFor(app.lastFrame, (f) => f.includes('1/8 create-netns') && f.includes('net panel'));
  await tick(100); // the lesson's key handler attaches after its first frame
  return app;
}

t.test('step flow: predict first, run, the prediction beside the kernel, then the next step', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  let frame = app.lastFrame()!;
  t.match(frame, /\? Which interfaces will the brand-new namespace have\?/);
  t.match(frame, /1\) Only a loopback/);
  t.match(frame, /· 1 create-netns/);

  app.stdin.write('n');
  await waitFor(app.lastFrame, (f) => f.includes('Predict first'));
  t.same(fake.calls, [], 'nothing runs before the prediction');

  app.stdin.write('2');
  await tick();
  app.stdin.write('n');
  frame = await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  t.same(fake.calls, ['run create-netns']);
  t.match(frame, /✓ 1 create-netns/);
  t.match(frame, /\$ ip fake create-netns/, 'what tslab did');
  t.match(frame, /output of create-netns/);
  t.match(frame, /You predicted: Copies of the host's interfaces.*✗ not quite/);
  t.match(frame, /the kernel reports: kernel saw create-netns/);
  t.equal(fake.services.progress.lesson('01-netns').steps['create-netns']?.predicted, 1, 'the prediction is saved');
  t.ok(fake.services.progress.lesson('01-netns').steps['create-netns']?.doneAt, 'the step is saved as done');

  app.stdin.write('n');
  frame = await waitFor(app.lastFrame, (f) => f.includes('2/8 ping-lo-down'));
  t.match(frame, /What happens when you ping 127.0.0.1/);
  app.unmount();
});

t.test('a later step replays the steps before it when their checks do not pass', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  for (let i = 0; i < 3; i++) {
    app.stdin.write('\u001B[C');
    await tick();
  }
  await waitFor(app.lastFrame, (f) => f.includes('4/8 create-veth'));
  app.stdin.write('n');
  await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  t.same(fake.calls, ['reset', 'run create-netns', 'run ping-lo-down', 'run bring-lo-up', 'run create-veth']);
  t.match(app.lastFrame()!, /✓ 3 bring-lo-up/);
  app.unmount();
});

t.test('c checks, h shows the hint, r resets, b goes back', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  app.stdin.write('c');
  await waitFor(app.lastFrame, (f) => f.includes('check failed: create-netns not done'));
  app.stdin.write('h');
  await waitFor(app.lastFrame, (f) => f.includes('hint: hint for create-netns'));
  t.equal(fake.services.progress.lesson('01-netns').steps['create-netns']?.hints, 1);
  fake.done.add('create-netns');
  app.stdin.write('c');
  await waitFor(app.lastFrame, (f) => f.includes('check passed: kernel saw create-netns'));
  app.stdin.write('r');
  await waitFor(app.lastFrame, (f) => f.includes('reset: everything this lesson made is removed'));
  t.same(fake.calls, ['reset']);
  t.equal(fake.done.size, 0);
  app.stdin.write('b');
  await waitFor(app.lastFrame, (f) => f.includes('Lessons') && f.includes('02-pid-uts-ipc'));
  app.unmount();
});

t.test('an engine error is shown with its hint, never a stack trace', async (t) => {
  const fake = fakeLab({ failStep: 'create-netns' });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  app.stdin.write('1');
  await tick();
  app.stdin.write('n');
  const frame = await waitFor(app.lastFrame, (f) => f.includes('cannot create-netns'));
  t.match(frame, /cannot create-netns\s+— fix create-netns like this/);
  t.match(frame, /✗ 1 create-netns/);
  t.notMatch(frame, /\n\s+at /, 'no stack trace');
  app.unmount();
});

t.test('without root, running a step says why instead of failing', async (t) => {
  const fake = fakeLab({ isRoot: false });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  app.stdin.write('1');
  await tick();
  app.stdin.write('n');
  await waitFor(app.lastFrame, (f) => f.includes('Not running as root'));
  t.same(fake.calls, []);
  app.unmount();
});
