/** The learner's workshop line: name, the instructor's message and pace, offline with what waits; redrawn when the status changes. */
import { render } from 'ink-testing-library';
import t from 'tap';
import { WorkshopLine } from '../../src/tui/WorkshopLine.js';
import type { WorkshopStatusSource } from '../../src/tui/services.js';

t.test('shows the workshop and follows its status', async (t) => {
  let status = { name: 'Containers 101', message: null as string | null, paceLock: null as number | null, hints: {}, online: true, queued: 0 };
  const listeners = new Set<() => void>();
  const source: WorkshopStatusSource = {
    status: () => status,
    onStatus(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const app = render(<WorkshopLine source={source} />);
  t.match(app.lastFrame(), /Containers 101/);
  status = { ...status, message: 'Break until 11:00', paceLock: 2 };
  for (const l of listeners) l();
  await new Promise((r) => setTimeout(r, 50));
  t.match(app.lastFrame(), /Containers 101 — Break until 11:00 {2}· lessons 1–2 open/);
  status = { ...status, online: false, queued: 4 };
  for (const l of listeners) l();
  await new Promise((r) => setTimeout(r, 50));
  t.match(app.lastFrame(), /\(offline, 4 to send\)/);
  app.unmount();
});
