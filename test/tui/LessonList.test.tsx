import { render } from 'ink-testing-library';
import t from 'tap';
import { App, type Outcome } from '../../src/tui/App.js';
import { fakeLab, tick, waitFor } from './fakes.js';

t.test('the lesson list shows every lesson with its progress, quickly', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  fake.services.progress.markDone('01-netns', 'create-netns');
  const started = Date.now();
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => app.unmount());
  const frame = await waitFor(app.lastFrame, (f) => f.includes('03-cgroups'));
  t.ok(Date.now() - started < 500, `drawn in ${Date.now() - started} ms`);
  t.match(frame, /› 01-netns\s+1\/8\s+Network namespaces and veth pairs/);
  t.match(frame, /02-pid-uts-ipc\s+0\/6/);
  t.match(frame, /03-cgroups\s+0\/7/);
  t.notMatch(frame, /Not running as root/);
  app.unmount();
});

t.test('arrows choose, l switches to Chinese, q quits at once when nothing was opened', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  let outcome: Outcome | undefined;
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={(o) => (outcome = o)} />));
  t.teardown(() => app.unmount());
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\u001B[B');
  await waitFor(app.lastFrame, (f) => /› 02-pid-uts-ipc/.test(f));
  app.stdin.write('l');
  const zh = await waitFor(app.lastFrame, (f) => f.includes('课程'));
  t.match(zh, /网络命名空间/);
  app.stdin.write('q');
  await tick();
  t.same(outcome, { kind: 'quit' });
  app.unmount();
});

t.test('without root the list still renders, with a clear message', async (t) => {
  const fake = fakeLab({ isRoot: false });
  t.teardown(fake.cleanup);
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => app.unmount());
  const frame = await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  t.match(frame, /Not running as root.*sudo tslab start/s);
  app.unmount();
});
