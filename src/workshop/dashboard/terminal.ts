/**
 * `tslab workshop dashboard`: the class in a terminal with blessed-contrib.
 * It asks the server (so it works with any number of servers on one
 * database) every two seconds; keys steer the class. Projector mode hides
 * names and keeps only large, high-contrast widgets.
 */
import blessed from 'blessed';
import contrib from 'blessed-contrib';
import { call, type Endpoint } from '../client/http.js';
import type { PublicState } from '../wire.js';
import type { DashboardData } from './model.js';
import { gridRows, lessonSteps, predictionLines } from './view.js';

export interface DashboardOptions {
  projector: boolean;
  refreshMs?: number;
}

export async function runDashboard(endpoint: Endpoint, options: DashboardOptions): Promise<number> {
  const screen = blessed.screen({ smartCSR: true, title: 'tslab workshop' });
  const grid = new contrib.grid({ rows: 12, cols: 12, screen });
  const p = options.projector;
  const style = { fg: 'white', border: { fg: p ? 'white' : 'cyan' } };
  const table = p ? undefined : grid.set(0, 0, 6, 8, contrib.table, { label: ' learners × lessons (! stuck) ', columnSpacing: 2, columnWidth: [16, 20, 20, 20, 20], keys: false, style });
  const donut = grid.set(0, p ? 0 : 8, p ? 6 : 3, p ? 4 : 4, contrib.donut, { label: ' class progress ', radius: p ? 12 : 8, arcWidth: p ? 4 : 3, style });
  const spark = grid.set(p ? 6 : 3, p ? 0 : 8, 3, p ? 4 : 4, contrib.sparkline, { label: ' activity / min ', tags: true, style: { ...style, fg: 'green' } });
  const bars = grid.set(p ? 0 : 6, p ? 4 : 0, p ? 9 : 3, p ? 8 : 6, contrib.bar, { label: ' passed per step ', barWidth: p ? 8 : 5, barSpacing: 2, maxHeight: 1, style });
  const mis = grid.set(p ? 9 : 6, p ? 0 : 6, 3, p ? 12 : 6, contrib.log, { label: ' predictions: how the class answered ', style });
  const log = p ? undefined : grid.set(9, 0, 3, 8, contrib.log, { label: ' events ', style });
  const bar = p ? undefined : grid.set(9, 8, 3, 4, blessed.box, { label: ' controls ', tags: false, style });
  let lessonIndex = 0;
  let latest: { state: PublicState; data: DashboardData } | undefined;
  let notice = '';

  const draw = () => {
    if (!latest) return;
    const { state, data } = latest;
    const lesson = state.lessons[lessonIndex % state.lessons.length] ?? '';
    if (table) {
      const { headers, rows } = gridRows(state.lessons, data, false, new Date());
      table.setData({ headers, data: rows });
    }
    const pct = data.progress.total ? Math.round((100 * data.progress.done) / data.progress.total) : 0;
    donut.setData([{ percent: pct, label: `${data.progress.done}/${data.progress.total} steps`, color: pct > 66 ? 'green' : pct > 33 ? 'yellow' : 'red' }]);
    spark.setData(['events'], [data.activity]);
    const steps = lessonSteps(data, lesson);
    bars.setLabel(` passed per step: ${lesson} (←/→) `);
    bars.options.maxHeight = Math.max(1, data.learners.length);
    bars.setData({ titles: steps.map((s, i) => `${i + 1}`), data: steps.map((s) => s.passed) });
    mis.logLines = [];
    mis.setItems([]);
    for (const line of predictionLines(data)) mis.log(line);
    if (log) {
      log.logLines = [];
      log.setItems([]);
      for (const e of data.log.slice(-20)) log.log(`${e.at.slice(11, 19)} ${e.learner}: ${e.text}`);
    }
    bar?.setContent(`${state.name}\nmessage: ${state.message?.text ?? '-'}\npace lock: ${state.paceLock ?? 'off'}\nm message  p pace  h hint  q quit\n${notice}`);
    screen.render();
  };

  const refresh = async () => {
    try {
      const [state, data] = await Promise.all([call<PublicState>(endpoint, 'GET', '/api/state'), call<DashboardData>(endpoint, 'GET', '/api/dashboard')]);
      latest = { state, data };
      notice = '';
    } catch (error) {
      notice = error instanceof Error ? error.message : String(error);
    }
    draw();
  };

  const ask = (question: string, then: (answer: string) => Promise<void>) => {
    const prompt = blessed.prompt({ parent: screen, top: 'center', left: 'center', width: '60%', height: 8, border: 'line', label: ' tslab workshop ' });
    prompt.input(question, '', (_err: unknown, answer: string | null) => {
      prompt.destroy();
      if (answer) {
        then(answer.trim())
          .then(refresh)
          .catch((error: unknown) => {
            notice = error instanceof Error ? error.message : String(error);
            draw();
          });
      } else screen.render();
    });
  };
  const control = (body: unknown) => call(endpoint, 'POST', '/api/control', body).then(() => undefined);

  screen.key(['left', 'right'], (_ch: unknown, key: { name: string }) => {
    const n = latest?.state.lessons.length ?? 1;
    lessonIndex = (lessonIndex + (key.name === 'left' ? n - 1 : 1)) % n;
    draw();
  });
  screen.key(['m'], () => ask('Message to the class:', (text) => control({ message: text })));
  screen.key(['p'], () => ask('Open lessons 1 to N, lock the rest (off = open all):', (text) => control({ paceLock: text === 'off' ? null : Number(text) })));
  screen.key(['h'], () =>
    ask('Release a hint: LESSON STEP LEVEL (1-3)', async (text) => {
      const [lesson, step, level] = text.split(/\s+/);
      await control({ releaseHint: { lesson, step, level: Number(level) } });
    }),
  );
  const done = new Promise<void>((resolve) => screen.key(['q', 'C-c'], () => resolve()));
  await refresh();
  const timer = setInterval(() => void refresh(), options.refreshMs ?? 2000);
  await done;
  clearInterval(timer);
  screen.destroy();
  return 0;
}
