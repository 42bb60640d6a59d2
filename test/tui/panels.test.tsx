/** Live panels: refreshed on their own, the step's panels only, changed lines marked, layout at 80x24 and on resize. */
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import t from 'tap';
import { App } from '../../src/tui/App.js';
import { useChangedLines } from '../../src/tui/hooks/useChangedLines.js';
import { layout } from '../../src/tui/layout.js';
import { fakeLab, tick, waitFor } from './fakes.js';

t.test('panels refresh about twice a second and show only the step\'s panels', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => app.unmount());
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\r');
  const first = await waitFor(app.lastFrame, (f) => /net refresh \d+/.test(f));
  t.match(first, /\[net\]\s+ns\s+\(p\)/, 'two panels named: tabs at 80 columns');
  const n = Number(/net refresh (\d+)/.exec(first)![1]);
  await waitFor(app.lastFrame, (f) => Number(/net refresh (\d+)/.exec(f)?.[1] ?? 0) >= n + 2, 2500);
  app.stdin.write('p');
  await waitFor(app.lastFrame, (f) => f.includes('ns panel') && /\s+net\s+\[ns\]/.test(f));
  app.stdin.write('\u001B[C');
  const second = await waitFor(app.lastFrame, (f) => f.includes('2/8 Ping the loopback') && f.includes('net panel'));
  t.notMatch(second, /ns panel/, 'ping-lo-down names only the net panel');
  app.unmount();
});

function Probe({ lines, now }: { lines: string[]; now: number }) {
  const changed = useChangedLines(lines, 2000, now);
  return <Text>{lines.map((l, i) => `${l}=${changed[i] ? 'NEW' : 'old'}`).join(' ')}</Text>;
}

t.test('changed lines are highlighted for a while, not on the first draw', async (t) => {
  const app = render(<Probe lines={['lo DOWN', 'eth0 UP']} now={1000} />);
  t.teardown(() => app.unmount());
  t.equal(app.lastFrame(), 'lo DOWN=old eth0 UP=old');
  app.rerender(<Probe lines={['lo UP', 'eth0 UP']} now={2000} />);
  t.equal(app.lastFrame(), 'lo UP=NEW eth0 UP=old');
  app.rerender(<Probe lines={['lo UP', 'eth0 UP']} now={5000} />);
  t.equal(app.lastFrame(), 'lo UP=old eth0 UP=old');
  app.unmount();
});

t.test('80x24 fits, and the layout adapts to a resize', async (t) => {
  const small = layout({ columns: 80, rows: 23 }, 4);
  t.equal(small.left + small.right + 1, 80);
  t.ok(small.main + small.predict + small.transcript + 3 <= 23);
  t.ok(small.prose >= 2 && small.panels >= 2);

  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = render(fake.wrap(<App initial={{ lang: 'en', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => app.unmount());
  Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: 24, configurable: true });
  app.stdout.emit('resize');
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\r');
  const frame = await waitFor(app.lastFrame, (f) => /net refresh/.test(f));
  const lines = frame.split('\n');
  t.ok(lines.length <= 24, `${lines.length} rows`);
  for (const line of lines) t.ok([...line].length <= 80, `fits 80 columns: ${line}`);

  Object.defineProperty(app.stdout, 'columns', { value: 140, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: 40, configurable: true });
  app.stdout.emit('resize');
  await tick(100);
  const wide = await waitFor(app.lastFrame, (f) => f.includes('net panel') && f.includes('ns panel'));
  t.notMatch(wide, /\(p\)/, 'wide: both panels side by side, no tabs');
  app.unmount();
});

t.test('a terminal too small for the lesson says so, and grows back into the lesson', async (t) => {
  const fake = fakeLab();
  t.teardown(fake.cleanup);
  const app = render(fake.wrap(<App initial={{ lang: 'zh-CN', touched: [] }} onExit={() => undefined} />));
  t.teardown(() => app.unmount());
  await waitFor(app.lastFrame, (f) => f.includes('01-netns'));
  app.stdin.write('\r');
  await waitFor(app.lastFrame, (f) => f.includes('网络：网卡'));
  Object.defineProperty(app.stdout, 'columns', { value: 60, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: 16, configurable: true });
  app.stdout.emit('resize');
  const small = await waitFor(app.lastFrame, (f) => f.includes('终端只有 60x16'));
  t.match(small, /至少需要 70x20/);
  Object.defineProperty(app.stdout, 'columns', { value: 100, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: 30, configurable: true });
  app.stdout.emit('resize');
  await waitFor(app.lastFrame, (f) => f.includes('刚创建的命名空间里会有哪些网卡'));
  app.unmount();
});
