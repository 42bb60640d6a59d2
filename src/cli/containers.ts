/** The container lifecycle commands: ps, stop, kill, rm, logs, pause, unpause. */
import { createEngine, type Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { findContainer, listContainers } from '../engine/lifecycle/list.js';
import { streamLogs } from '../engine/lifecycle/logs.js';
import { pauseContainer, unpauseContainer } from '../engine/lifecycle/pause.js';
import { removeContainer } from '../engine/lifecycle/remove.js';
import { parseSignal } from '../engine/lifecycle/signals.js';
import { killContainer, stopContainer } from '../engine/lifecycle/stop.js';
import type { ContainerState } from '../engine/state.js';
import { flag, value } from './args.js';
import * as specs from './commands/containers.js';
import type { CommandSpec } from './commands/types.js';
import { renderFormat } from './format/render.js';
import { parseCommand, usageLine } from './help.js';
import { printError, printLines } from './output.js';
import { psDefaultTable, psHeaders, psRow } from './ps-rows.js';
import { requireRoot } from './require-root.js';

export async function psCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.ps, argv);
  if (!args) return 0;
  const all = await listContainers(createEngine());
  const shown = flag(args, 'all') ? all : all.filter((s) => s.status !== 'stopped');
  if (flag(args, 'json')) console.log(JSON.stringify(shown, null, 2));
  else if (flag(args, 'quiet')) for (const s of shown) console.log(s.id);
  else printLines(renderFormat(value(args, 'format') ?? 'table', shown.map((s) => psRow(s)), psHeaders, psDefaultTable));
  return 0;
}

export async function stopCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.stop, argv);
  if (!args) return 0;
  const seconds = Number(value(args, 'time') ?? '10');
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TslabError('E_BAD_NUMBER', `-t must be a number of seconds, got ${value(args, 'time')}`, { hint: 'e.g. tslab stop -t 2 web' });
  }
  return forEachContainer(specs.stop, args.positionals, async (engine, state) => {
    await stopContainer(engine, state, seconds);
  });
}

export async function killCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.kill, argv);
  if (!args) return 0;
  const signal = parseSignal(value(args, 'signal') ?? 'KILL');
  return forEachContainer(specs.kill, args.positionals, (engine, state) => killContainer(engine, state, signal));
}

export async function rmCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.rm, argv);
  if (!args) return 0;
  return forEachContainer(specs.rm, args.positionals, (engine, state) => removeContainer(engine, state, { force: flag(args, 'force') }));
}

export async function pauseCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.pause, argv);
  if (!args) return 0;
  return forEachContainer(specs.pause, args.positionals, pauseContainer);
}

export async function unpauseCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.unpause, argv);
  if (!args) return 0;
  return forEachContainer(specs.unpause, args.positionals, unpauseContainer);
}

export async function logsCommand(argv: string[]): Promise<number> {
  const args = parseCommand(specs.logs, argv);
  if (!args) return 0;
  if (args.positionals.length !== 1) throw new TslabError('E_USAGE', 'logs takes one container', { hint: `usage: ${usageLine(specs.logs)}` });
  const engine = createEngine();
  await streamLogs(engine, await findContainer(engine, args.positionals[0]!), process.stdout, flag(args, 'follow'));
  return 0;
}

/** Apply an action to each named container; like docker, print each name done and go on after an error. */
async function forEachContainer(spec: CommandSpec, refs: string[], action: (engine: Engine, state: ContainerState) => Promise<void>): Promise<number> {
  if (refs.length === 0) throw new TslabError('E_USAGE', `${spec.name} needs at least one container`, { hint: `usage: ${usageLine(spec)}` });
  requireRoot(spec.name);
  const engine = createEngine();
  let failed = false;
  for (const ref of refs) {
    try {
      await action(engine, await findContainer(engine, ref));
      console.log(ref);
    } catch (error) {
      if (refs.length === 1) throw error;
      printError(error);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
