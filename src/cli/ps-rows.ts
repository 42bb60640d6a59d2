/** What `tslab ps` shows of a container: the fields its --format can name, docker's and tslab's own. */
import { shortMapping } from '../engine/network/ports.js';
import type { ContainerState } from '../engine/state.js';
import type { Headers } from './format/render.js';

export interface PsRow {
  ID: string;
  Names: string;
  /** tslab's column title is NAME (one name per container). */
  Name: string;
  /** docker's name for what tslab calls the sandbox. */
  Image: string;
  Sandbox: string;
  Command: string;
  CreatedAt: string;
  RunningFor: string;
  Status: string;
  State: string;
  Pid: string;
  Ports: string;
  Networks: string;
}

export const psHeaders: Headers = {
  ID: 'CONTAINER ID',
  Names: 'NAMES',
  Name: 'NAME',
  Image: 'IMAGE',
  Sandbox: 'SANDBOX',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Status: 'STATUS',
  State: 'STATE',
  Pid: 'PID',
  Ports: 'PORTS',
  Networks: 'NETWORKS',
};

export const psDefaultTable = '{{.ID}}\t{{.Name}}\t{{.Sandbox}}\t{{.Command}}\t{{.Status}}\t{{.Pid}}\t{{.Ports}}';

export function psRow(state: ContainerState & { unmonitored?: boolean }, now = Date.now()): PsRow {
  const sandbox = state.spec.root.kind === 'sandbox' ? state.spec.root.name : state.spec.root.kind === 'image' ? state.spec.root.ref : state.spec.root.path;
  return {
    ID: state.id,
    Names: state.name,
    Name: state.name,
    Image: sandbox,
    Sandbox: sandbox,
    Command: state.spec.process.args.join(' ').slice(0, 30),
    CreatedAt: state.createdAt,
    RunningFor: `${humanDuration(elapsed(state.createdAt, now))} ago`,
    Status: describeStatus(state, now),
    State: state.status === 'stopped' ? 'exited' : state.status,
    Pid: String(state.pid ?? '-'),
    // Published ports only while they are: a stopped container's rules are gone.
    Ports: state.status === 'stopped' ? '' : (state.network?.ports ?? []).map(shortMapping).join(', '),
    Networks: state.network?.mode ?? '',
  };
}

export function describeStatus(state: ContainerState & { unmonitored?: boolean }, now = Date.now()): string {
  if (state.unmonitored) return `Up ${humanDuration(elapsed(state.startedAt, now))} (no monitor: its shim died; \`tslab rm -f\` ends it)`;
  if (state.status === 'stopped') {
    if (state.startedAt === undefined) return 'Created (never started)';
    return `Exited (${state.exitCode ?? '?'})${state.oomKilled ? ' OOMKilled' : ''} ${humanDuration(elapsed(state.finishedAt, now))} ago`;
  }
  if (state.status === 'created') return 'Created';
  const up = `Up ${humanDuration(elapsed(state.startedAt, now))}`;
  return state.status === 'paused' ? `${up} (Paused)` : up;
}

const elapsed = (iso: string | undefined, now: number): number => (iso ? Math.max(0, Math.round((now - Date.parse(iso)) / 1000)) : 0);

/** "1 second", "5 seconds", "1 minute", "2 hours", "3 days": singular for one, as a person writes it. */
export function humanDuration(seconds: number): string {
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return count(seconds, 'second');
  if (seconds < 3600) return count(Math.floor(seconds / 60), 'minute');
  if (seconds < 48 * 3600) return count(Math.floor(seconds / 3600), 'hour');
  return count(Math.floor(seconds / 86400), 'day');
}
