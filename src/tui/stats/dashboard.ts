/**
 * `tslab stats`: a live blessed-contrib dashboard. For each running container
 * (three at a time, following the selection) a gauge per limit: memory against
 * memory.max, CPU against its quota, pids against pids.max. Below, line charts
 * of the selected container's last minutes, the list to select from (up/down),
 * and a log of OOM kills and CPU throttling as they happen. q quits.
 */
import { availableParallelism } from 'node:os';
import type { Engine } from '../../engine/engine.js';
import { hostMemoryBytes, sampleContainers, usageBetween, type ContainerSample, type ContainerUsage } from '../../engine/stats/index.js';
import type { ContainerState } from '../../engine/state.js';
import { binaryBytes } from '../../cli/stats-rows.js';
import { StatsHistory } from './history.js';
import { blessed, contrib, type Gauge, type LineChart, type Log, type Table } from './widgets.js';

export interface DashboardOptions {
  engine: Engine;
  source: () => Promise<ContainerState[]>;
  intervalMs: number;
}

const SLOTS = 3;

/** The gauge's label and how full it is (0-100), for one limit of one container. */
export function gaugeReadings(u: ContainerUsage, hostCpus: number): Array<{ label: string; percent: number }> {
  return [
    { label: `${u.name} memory ${binaryBytes(u.memoryBytes)} / ${u.memoryLimited ? binaryBytes(u.memoryLimitBytes) : 'no limit'}`, percent: u.memoryPercent },
    {
      label: `${u.name} cpu ${u.cpuPercent.toFixed(1)}% of ${u.cpuLimit === undefined ? `${hostCpus} CPUs (no quota)` : `quota ${u.cpuLimit} CPU`}`,
      percent: u.cpuOfLimitPercent ?? u.cpuPercent / hostCpus,
    },
    { label: `${u.name} pids ${u.pids} / ${u.pidsMax ?? 'no limit'}`, percent: u.pidsPercent ?? 0 },
  ];
}

export function runDashboard({ engine, source, intervalMs }: DashboardOptions): Promise<number> {
  const screen = blessed.screen({ smartCSR: true, title: 'tslab stats', fullUnicode: true });
  const grid = new contrib.grid({ rows: 12, cols: 12, screen });
  const strokes = ['green', 'cyan', 'yellow'];
  const slots: Gauge[][] = Array.from({ length: SLOTS }, (_, row) =>
    strokes.map((stroke, col) => grid.set<Gauge>(row * 2, col * 4, 2, 4, contrib.gauge, { label: ' ', stroke, fill: 'white' })),
  );
  const chart = grid.set<LineChart>(6, 0, 6, 8, contrib.line, { label: ' ', showLegend: true, legend: { width: 10 }, minY: 0, xPadding: 5 });
  const table = grid.set<Table>(6, 8, 3, 4, contrib.table, {
    label: ' containers (up/down, q quits) ',
    keys: true,
    interactive: true,
    columnSpacing: 1,
    columnWidth: [8, 6, 6, 5, 4, 6],
    fg: 'white',
    selectedFg: 'black',
    selectedBg: 'cyan',
  });
  const log = grid.set<Log>(9, 8, 3, 4, contrib.log, { label: ' OOM kills and throttling ', fg: 'white' });
  table.focus();

  const history = new StatsHistory();
  const hostCpus = availableParallelism();
  let usages: ContainerUsage[] = [];
  let previous = new Map<string, ContainerSample>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  let drawing = false;
  const draw = () => {
    // Selecting the row again below emits 'select item', which would draw again.
    if (drawing) return;
    drawing = true;
    const selected = Math.min(table.rows.selected, Math.max(0, usages.length - 1));
    const start = selected < SLOTS ? 0 : selected - SLOTS + 1;
    slots.forEach((gauges, i) => {
      const u = usages[start + i];
      gauges.forEach((gauge, g) => {
        if (!u) return gauge.hide();
        const reading = gaugeReadings(u, hostCpus)[g]!;
        gauge.show();
        gauge.setLabel(` ${reading.label} `);
        // A value under 1.001 is read as a fraction by blessed-contrib: always give it one.
        gauge.setPercent(Math.min(100, Math.max(0, reading.percent)) / 100);
      });
    });
    const current = usages[selected];
    if (current) {
      const points = history.series(current.id);
      const x = points.map((_, i) => `${Math.round(((i - points.length + 1) * intervalMs) / 1000)}s`);
      chart.setLabel(` ${current.name}: CPU % (100 = one CPU) and memory % of its limit `);
      chart.setData([
        { title: 'cpu %', x, y: points.map((p) => p.cpuPercent), style: { line: 'cyan' } },
        { title: 'mem %', x, y: points.map((p) => p.memoryPercent), style: { line: 'green' } },
      ]);
    } else chart.setLabel(' no running container: start one with tslab run -d ... ');
    table.setData({
      headers: ['NAME', 'CPU %', 'MEM %', 'PIDS', 'OOM', 'THR'],
      data: usages.map((u) => [u.name, u.cpuPercent.toFixed(1), u.memoryPercent.toFixed(1), String(u.pids), String(u.oomKills), String(u.throttledPeriods)]),
    });
    if (usages.length > 0) table.rows.select(selected);
    screen.render();
    drawing = false;
  };

  const tick = async () => {
    try {
      const samples = await sampleContainers(engine, await source());
      usages = samples.map((s) => usageBetween(previous.get(s.id), s, hostMemoryBytes()));
      previous = new Map(samples.map((s) => [s.id, s]));
      for (const event of history.record(usages)) log.log(`${new Date(event.at).toTimeString().slice(0, 8)} ${event.text}`);
    } catch (error) {
      log.log(`error: ${(error as Error).message}`);
    }
    if (stopped) return;
    draw();
    timer = setTimeout(() => void tick(), intervalMs);
  };

  return new Promise((resolve) => {
    screen.key(['q', 'C-c', 'escape'], () => {
      stopped = true;
      clearTimeout(timer);
      screen.destroy();
      resolve(0);
    });
    table.rows.on('select item', () => draw());
    screen.on('resize', () => draw());
    void tick();
  });
}
