/** The container lifecycle commands: ps, stop, kill, rm, logs, pause, unpause. */
import { createEngine, type Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { findContainer, listContainers, type ContainerView } from '../engine/lifecycle/list.js';
import { streamLogs } from '../engine/lifecycle/logs.js';
import { pauseContainer, unpauseContainer } from '../engine/lifecycle/pause.js';
import { removeContainer } from '../engine/lifecycle/remove.js';
import { parseSignal } from '../engine/lifecycle/signals.js';
import { killContainer, stopContainer } from '../engine/lifecycle/stop.js';
import { shortMapping } from '../engine/network/ports.js';
import type { ContainerState } from '../engine/state.js';
import { flag, parseArgs, value, type OptionSpec } from './args.js';
import { printError, table } from './output.js';
import { requireRoot } from './require-root.js';

const help: OptionSpec = { name: 'help' };

export async function psCommand(argv: string[]): Promise<number> {
  const usage = 'tslab ps [-a] [--json]';
  const args = parseArgs(argv, [{ name: 'all', short: 'a' }, { name: 'json' }, { name: 'quiet', short: 'q' }, help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  const all = await listContainers(createEngine());
  const shown = flag(args, 'all') ? all : all.filter((s) => s.status !== 'stopped');
  if (flag(args, 'json')) {
    console.log(JSON.stringify(shown, null, 2));
  } else if (flag(args, 'quiet')) {
    for (const s of shown) console.log(s.id);
  } else {
    const rows = shown.map((s) => [
      s.id,
      s.name,
      s.spec.root.kind === 'sandbox' ? s.spec.root.name : s.spec.root.path,
      s.spec.process.args.join(' ').slice(0, 30),
      describeStatus(s),
      String(s.pid ?? '-'),
      // Published ports only while they are: a stopped container's rules are gone.
      s.status === 'stopped' ? '' : (s.network?.ports ?? []).map(shortMapping).join(', '),
    ]);
    console.log(table([['CONTAINER ID', 'NAME', 'SANDBOX', 'COMMAND', 'STATUS', 'PID', 'PORTS'], ...rows]));
  }
  return 0;
}

function describeStatus(state: ContainerView): string {
  if (state.unmonitored) return `Up ${ago(state.startedAt, '')} (no monitor: its shim died; \`tslab rm -f\` ends it)`;
  if (state.status === 'stopped') return state.startedAt === undefined ? 'Created (never started)' : `Exited (${state.exitCode ?? '?'})${state.oomKilled ? ' OOMKilled' : ''} ${ago(state.finishedAt)}`;
  if (state.status === 'paused') return `Up ${ago(state.startedAt, '')} (Paused)`;
  if (state.status === 'created') return 'Created';
  return `Up ${ago(state.startedAt, '')}`;
}

function ago(iso: string | undefined, suffix = ' ago'): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  const text = seconds < 60 ? `${seconds} seconds` : seconds < 3600 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds / 3600)} hours`;
  return `${text}${suffix}`;
}

export async function stopCommand(argv: string[]): Promise<number> {
  const usage = 'tslab stop [-t SECONDS] NAME...';
  const args = parseArgs(argv, [{ name: 'time', short: 't', value: true }, help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  const seconds = Number(value(args, 'time') ?? '10');
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TslabError('E_BAD_NUMBER', `-t must be a number of seconds, got ${value(args, 'time')}`, { hint: 'e.g. tslab stop -t 2 web' });
  }
  return forEachContainer('stop', args.positionals, usage, async (engine, state) => {
    await stopContainer(engine, state, seconds);
  });
}

export async function killCommand(argv: string[]): Promise<number> {
  const usage = 'tslab kill [-s SIGNAL] NAME...';
  const args = parseArgs(argv, [{ name: 'signal', short: 's', value: true }, help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  const signal = parseSignal(value(args, 'signal') ?? 'KILL');
  return forEachContainer('kill', args.positionals, usage, (engine, state) => killContainer(engine, state, signal));
}

export async function rmCommand(argv: string[]): Promise<number> {
  const usage = 'tslab rm [-f] NAME...';
  const args = parseArgs(argv, [{ name: 'force', short: 'f' }, help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  return forEachContainer('rm', args.positionals, usage, (engine, state) => removeContainer(engine, state, { force: flag(args, 'force') }));
}

export async function pauseCommand(argv: string[]): Promise<number> {
  const usage = 'tslab pause NAME...';
  const args = parseArgs(argv, [help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  return forEachContainer('pause', args.positionals, usage, pauseContainer);
}

export async function unpauseCommand(argv: string[]): Promise<number> {
  const usage = 'tslab unpause NAME...';
  const args = parseArgs(argv, [help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  return forEachContainer('unpause', args.positionals, usage, unpauseContainer);
}

export async function logsCommand(argv: string[]): Promise<number> {
  const usage = 'tslab logs [-f] NAME';
  const args = parseArgs(argv, [{ name: 'follow', short: 'f' }, help], usage);
  if (flag(args, 'help')) return printUsage(usage);
  if (args.positionals.length !== 1) throw new TslabError('E_USAGE', 'logs takes one container', { hint: `usage: ${usage}` });
  const engine = createEngine();
  await streamLogs(engine, await findContainer(engine, args.positionals[0]!), process.stdout, flag(args, 'follow'));
  return 0;
}

/** Apply an action to each named container; like docker, print each name done and go on after an error. */
async function forEachContainer(command: string, refs: string[], usage: string, action: (engine: Engine, state: ContainerState) => Promise<void>): Promise<number> {
  if (refs.length === 0) throw new TslabError('E_USAGE', `${command} needs at least one container`, { hint: `usage: ${usage}` });
  requireRoot(command);
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

function printUsage(usage: string): number {
  console.log(`usage: ${usage}`);
  return 0;
}
