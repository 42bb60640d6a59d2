/** Inside a lesson: predict, run, reveal, check, next; replay, hint, reset, back, errors with their hint. */
import t from 'tap';
import { fakeLab, openLesson, press, proseOf, scrollTo, tick, waitFor } from './fakes.js';

const AFTER = 'The net panel now has a column'; // lesson 1, create-netns: the start of its ### Explanation

t.test('step flow: the before-part and the question; the answer in words with its feedback and the explanation only after the run', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  let frame = app.lastFrame()!;
  t.match(frame, /Every Docker container has a network of its own/, "the lesson's intro is shown on the first step");
  t.match(frame, /\? Which interfaces will the brand-new namespace have\?/);
  t.match(frame, /1\) Copies of the host's interfaces, eth0 too/);
  t.match(frame, /step 1\/8 Create a network namespace/);
  t.notMatch(frame, new RegExp(AFTER), 'the after-part is not on screen before the answer');
  t.notMatch(frame, /kernel gives every new network namespace/, 'nor any feedback');

  await press(app, 'n');
  await waitFor(app.lastFrame, (f) => f.includes('Predict first'));
  t.same(fake.calls, [], 'nothing runs before the prediction');

  await press(app, '1');
  frame = await waitFor(app.lastFrame, (f) => f.includes("Your answer: 1) Copies of the host's interfaces"));
  t.notMatch(frame, new RegExp(AFTER), 'answering alone does not reveal: the step has not run');
  await press(app, 'n');
  frame = await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  t.same(fake.calls, ['run create-netns']);
  t.match(frame, /✓ 1 Create a network/);
  t.match(frame, /Your answer: 1\) Copies of the host's interfaces.*✗ not quite/, 'the choice said in words');
  t.match(proseOf(frame), /A namespace is not a copy of the host/, "the chosen choice's feedback");
  t.match(frame, /the kernel reports: kernel saw create-netns/);
  t.equal(fake.services.progress.lesson('01-netns').steps['create-netns']?.predicted, 0, 'the prediction is saved');
  t.ok(fake.services.progress.lesson('01-netns').steps['create-netns']?.doneAt, 'the step is saved as done');

  frame = await scrollTo(app, 'The answer: 2) A single loopback');
  t.match(proseOf(await scrollTo(app, 'the kernel gives every new network namespace its own loopback')), /Right:/, "and the right choice's feedback");
  await scrollTo(app, 'What happened');
  frame = await scrollTo(app, AFTER);
  t.match(frame, /tslab-fake/, 'live names are filled into the explanation');
  t.notMatch(frame, /\$NETNS/);

  await press(app, 'n');
  frame = await waitFor(app.lastFrame, (f) => f.includes('2/8 Ping the loopback'));
  t.match(frame, /What happens when the namespace pings 127.0.0.1/);
  await scrollTo(app, 'ip netns exec tslab-fake busybox ping');
  t.pass('commands show the live names');
});

t.test('a step done by hand before answering keeps its explanation until the answer', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  fake.done.add('create-netns');
  await press(app, 'c');
  let frame = await waitFor(app.lastFrame, (f) => f.includes('check passed: kernel saw create-netns'));
  frame = await scrollTo(app, 'Answer the question (its number) to see the explanation');
  t.notMatch(frame, new RegExp(AFTER));
  t.match(frame, /done by hand in the shell/, 'the transcript says how it was done');
  await press(app, '2');
  frame = await waitFor(app.lastFrame, (f) => f.includes('✓ right'));
  await scrollTo(app, 'What happened');
});

t.test('outputs are listed under their own command', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, '2', 'n');
  const frame = await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  const at = ['$ ip fake create-netns', 'output of create-netns', '$ ip fake create-netns --again', 'second output of create-netns'].map((s) => frame.indexOf(s));
  t.notOk(at.includes(-1), frame);
  t.same(at, [...at].sort((a, b) => a - b));
});

t.test('the transcript scrolls with [ and ], and says which lines it shows', async (t) => {
  const fake = fakeLab({ longStep: 'create-netns' });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, '2', 'n');
  let frame = await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  const total = Number(/lines 1-\d+ of (\d+), \[ \] scroll/.exec(frame)?.[1]);
  t.equal(total, 33, 'two commands and their 31 output lines');
  t.match(frame, /\[ \] log/, 'the footer shows the scroll keys');
  t.notMatch(frame, /long line 30/);
  await press(app, ']', ']', ']', ']', ']', ']', ']', ']', ']', ']');
  frame = await waitFor(app.lastFrame, (f) => f.includes('long line 30'));
  t.match(frame, /lines \d+-33 of 33/);
  await press(app, '[', '[', '[', '[', '[', '[', '[', '[', '[', '[', '[', '[');
  frame = await waitFor(app.lastFrame, (f) => /lines 1-\d+ of 33/.test(f));
  t.match(frame, /\$ ip fake create-netns/);
});

t.test('a panel that would give the answer away shows the state before the step', async (t) => {
  const fake = fakeLab({ reveals: 'create-netns' });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  let frame = await waitFor(app.lastFrame, (f) => f.includes('shown once the step ran'));
  t.notMatch(frame, /net line one/);
  await press(app, '2', 'n');
  frame = await waitFor(app.lastFrame, (f) => f.includes('check passed') && f.includes('net line one'));
  t.notMatch(frame, /shown once the step ran/);
});

t.test('a challenge: no run action, graduated hints, a reveal, and its check grades what was done by hand', async (t) => {
  const fake = fakeLab({ challenge: 'create-netns' });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, '2', 'n');
  let frame = await waitFor(app.lastFrame, (f) => f.includes('A challenge: tslab will not do it'));
  t.same(fake.calls, [], 'n does not do a challenge');
  t.match(frame, /a challenge: its check grades what you do in the shell/);

  await press(app, 'h');
  frame = await waitFor(app.lastFrame, (f) => f.includes('Hint 1/3'));
  t.match(proseOf(frame), /A named network namespace is made by ip/, 'hint 1: the idea');
  t.notMatch(frame, /Hint 2\/3/);
  await press(app, 'h');
  frame = await waitFor(app.lastFrame, (f) => f.includes('Hint 2/3'));
  t.match(proseOf(frame), /ip netns add NAME/, "hint 2: the command's shape");
  t.notMatch(frame, /Hint 3\/3/);
  await press(app, 'v');
  await waitFor(app.lastFrame, (f) => f.includes('hint 3/3 is at the top'));
  await scrollTo(app, 'Hint 3/3');
  await scrollTo(app, 'ip netns add tslab-fake');
  t.pass('the reveal: the full solution, with the live names');
  t.equal(fake.services.progress.lesson('01-netns').steps['create-netns']?.hints, 3);

  await press(app, 'c');
  await waitFor(app.lastFrame, (f) => f.includes('check failed: create-netns not done'));
  fake.done.add('create-netns');
  await press(app, 'c');
  frame = await waitFor(app.lastFrame, (f) => f.includes('check passed: kernel saw create-netns'));
  t.match(frame, /✓ 1 Create a network/);
  t.match(frame, /Your answer: 2\) A single loopback lo, still switched off\s+✓ right/, 'revealed: done and answered');
  t.same(fake.calls, [], 'still nothing run by tslab');
  await press(app, 'n');
  await waitFor(app.lastFrame, (f) => f.includes('2/8 Ping the loopback'));
});

t.test('a later step replays the steps before it (a challenge by its solution) when their checks do not pass', async (t) => {
  const fake = fakeLab({ challenge: 'ping-lo-down' });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, '\u001B[C', '\u001B[C', '\u001B[C');
  await waitFor(app.lastFrame, (f) => f.includes('4/8 Make a veth pair'));
  await press(app, 'n');
  await waitFor(app.lastFrame, (f) => f.includes('check passed'));
  t.same(fake.calls, ['reset', 'run create-netns', 'run ping-lo-down', 'run bring-lo-up', 'run create-veth']);
  t.match(app.lastFrame()!, /✓ 3 Bring the loop/);
});

t.test('r resets, b goes back', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  fake.done.add('create-netns');
  await press(app, 'c');
  await waitFor(app.lastFrame, (f) => f.includes('check passed: kernel saw create-netns'));
  await press(app, 'r');
  await waitFor(app.lastFrame, (f) => f.includes('reset: everything this lesson made is removed'));
  t.same(fake.calls, ['reset']);
  t.equal(fake.done.size, 0);
  await press(app, 'b');
  await waitFor(app.lastFrame, (f) => f.includes('Lessons') && f.includes('02-pid-uts-ipc'));
});

t.test('an engine error is shown with its hint, never a stack trace', async (t) => {
  const fake = fakeLab({ failStep: 'create-netns' });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, '1', 'n');
  const frame = await waitFor(app.lastFrame, (f) => f.includes('cannot create-netns'));
  t.match(frame, /cannot create-netns\s+— fix create-netns like this/);
  t.match(frame, /✗ 1 Create a network/);
  t.notMatch(frame, /\n\s+at /, 'no stack trace');
});

t.test('zh-CN: the check detail, and a step error with its hint, in Chinese', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, 'l');
  await waitFor(app.lastFrame, (f) => f.includes('刚创建的命名空间里会有哪些网卡'));
  await press(app, '2', 'n');
  const frame = await waitFor(app.lastFrame, (f) => f.includes('检查通过：内核看到了 create-netns'));
  t.match(frame, /内核的实际结果：内核看到了 create-netns/, 'beside the prediction too');
  t.notMatch(frame, /kernel saw/);

  const failing = fakeLab({ failStep: 'create-netns' });
  t.teardown(failing.cleanup);
  const broken = await openLesson(t, failing);
  await press(broken, 'l');
  await waitFor(broken.lastFrame, (f) => f.includes('刚创建的命名空间里会有哪些网卡'));
  await press(broken, '1', 'n');
  t.match(await waitFor(broken.lastFrame, (f) => f.includes('做不了 create-netns')), /做不了 create-netns\s+— 这样修好 create-netns/);
});

t.test('without root, running a step says why instead of failing', async (t) => {
  const fake = fakeLab({ isRoot: false });
  t.teardown(fake.cleanup);
  const app = await openLesson(t, fake);
  await press(app, '1', 'n');
  await waitFor(app.lastFrame, (f) => f.includes('Not running as root'));
  t.same(fake.calls, []);
  await tick();
});
