/** tslab stats [--no-stream] [--format T] [CONTAINER...]: usage read from each container's cgroup and netns. */
import { createEngine, type Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { findContainer, listContainers } from '../engine/lifecycle/list.js';
import { hostMemoryBytes, sampleContainers, usageBetween } from '../engine/stats/index.js';
import type { ContainerState } from '../engine/state.js';
import { flag, value } from './args.js';
import { stats } from './commands/containers.js';
import { renderFormat } from './format/render.js';
import { parseCommand } from './help.js';
import { printLines } from './output.js';
import { requireRoot } from './require-root.js';
import { statsDefaultTable, statsHeaders, statsRow } from './stats-rows.js';

const running = (s: ContainerState) => s.status === 'running' || s.status === 'paused';

/** The named containers (each must be running), or every running one, read again on each call. */
export function containerSource(engine: Engine, refs: readonly string[]): () => Promise<ContainerState[]> {
  if (refs.length === 0) return async () => (await listContainers(engine)).filter(running);
  return async () => {
    const states = await Promise.all(refs.map((ref) => findContainer(engine, ref)));
    const stopped = states.find((s) => !running(s));
    if (stopped) throw new TslabError('E_NOT_RUNNING', `container ${stopped.name} is not running`, { hint: 'stats reads a running container\'s cgroup; see `tslab ps`' });
    return states;
  };
}

export async function statsCommand(argv: string[]): Promise<number> {
  const args = parseCommand(stats, argv);
  if (!args) return 0;
  const seconds = Number(value(args, 'interval') ?? '1');
  if (!Number.isFinite(seconds) || seconds < 0.1) throw new TslabError('E_BAD_NUMBER', `--interval must be at least 0.1 seconds, got ${value(args, 'interval')}`, { hint: 'e.g. tslab stats --interval 0.5' });
  requireRoot('stats');
  const engine = createEngine();
  const source = containerSource(engine, args.positionals);
  if (flag(args, 'no-stream')) {
    // CPU % is a rate: two readings, half a second apart (docker takes two as well).
    const states = await source();
    const first = await sampleContainers(engine, states);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await sampleContainers(engine, states);
    const rows = second.map((s) => statsRow(usageBetween(first.find((f) => f.id === s.id), s, hostMemoryBytes())));
    printLines(renderFormat(value(args, 'format') ?? 'table', rows, statsHeaders, statsDefaultTable));
    return 0;
  }
  if (!process.stdout.isTTY) throw new TslabError('E_NOT_A_TERMINAL', 'the live dashboard needs a terminal', { hint: 'use `tslab stats --no-stream` in scripts and pipes' });
  const { runDashboard } = await import('../tui/stats/dashboard.js');
  return runDashboard({ engine, source, intervalMs: seconds * 1000 });
}
