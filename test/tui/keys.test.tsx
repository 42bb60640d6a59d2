/** The keys that leave the lesson: shell, quit with keep or remove; and the language toggle. */
import { render } from 'ink-testing-library';
import t, { type Test as Tap } from 'tap';

import { App, type Outcome } from '../../src/tui/App.js';
import { fakeLab, tick, waitFor } from './fakes.js';

async function open(t: Tap, fake: ReturnType<typeof fakeLab>, onExit: (o: Outcome) => void) {
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={onExit} />));
  t.teardown(() => app.unmount());
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\r');
  await waitFor(app.lastFrame, (f) => f.includes('1/8 create-netns'));
  await tick(100); // the lesson's key handler attaches after its first frame
  return app;
}

t.test('s hands the terminal to a shell in the sandbox and says where to come back', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  let outcome: Outcome | undefined;
  const app = await open(t, fake, (o) => (outcome = o));
  app.stdin.write('\u001B[C');
  await waitFor(app.lastFrame, (f) => f.includes('2/8'));
  app.stdin.write('s');
  await waitFor(() => (outcome ? 'x' : ''), (f) => f === 'x');
  t.same(outcome, { kind: 'shell', command: ['sh', '-c', 'true'], resume: { lang: 'en', lesson: 0, step: 1, touched: ['01-netns'] } });
  app.unmount();

  // Coming back: the App renders again where it was.
  const again = render(fake.wrap(<App initial={outcome!.kind === 'shell' ? outcome!.resume : { lang: 'en', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => again.unmount());
  await waitFor(again.lastFrame, (f) => f.includes('2/8 ping-lo-down'));
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
  t.match(app.lastFrame()!, /n run ←→ step c check h hint s shell r reset p panel b back l 中文 q quit/);
  app.stdin.write('l');
  const frame = await waitFor(app.lastFrame, (f) => f.includes('网络命名空间'));
  t.match(frame, /刚创建的命名空间里会有哪些网卡/);
  t.match(frame, /zh-CN/);
  app.unmount();
});
