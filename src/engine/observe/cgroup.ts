/**
 * A cgroup's limits and live usage, read straight from its files (v1: one
 * directory per controller; v2: one directory), and a sampler that keeps a
 * short history and turns the CPU counter into a percentage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CgroupView {
  version: 1 | 2;
  /** Controller (v1) or `unified` (v2) -> directory. */
  paths: Record<string, string>;
  /** undefined: no limit (v1's huge number or v2's `max`). */
  memoryMax?: number;
  cpuQuotaUs?: number;
  cpuPeriodUs?: number;
  pidsMax?: number;
  memoryBytes?: number;
  cpuUsageNanos?: number;
  pidsCurrent?: number;
  oomKills?: number;
  nrThrottled?: number;
  /** CFS periods in which the group had something to run under its quota: cpu.stat nr_periods. */
  nrPeriods?: number;
  /** pids.events `max`: forks the limit refused. */
  pidsRefused?: number;
  procs: number[];
  /** The files in the group's (first) directory, as the kernel made them. */
  files: string[];
}

const V1_UNLIMITED = 2 ** 62;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || text === 'max') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value < V1_UNLIMITED && value >= 0 ? value : undefined;
}

function keyed(text: string | undefined, key: string): number | undefined {
  const match = text === undefined ? null : new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

export function observeCgroup(version: 1 | 2, paths: Record<string, string>): CgroupView {
  const view: CgroupView = { version, paths, procs: [], files: [] };
  const dir = (controller: string) => (version === 2 ? paths.unified : paths[controller]);
  const at = (controller: string, file: string) => {
    const base = dir(controller);
    return base === undefined ? undefined : read(path.join(base, file));
  };
  const set = <K extends keyof CgroupView>(key: K, value: CgroupView[K] | undefined) => {
    if (value !== undefined) view[key] = value;
  };
  if (version === 2) {
    set('memoryMax', num(at('memory', 'memory.max')));
    const [quota, period] = (at('cpu', 'cpu.max') ?? '').split(' ');
    set('cpuQuotaUs', num(quota));
    set('cpuPeriodUs', num(period));
    set('memoryBytes', num(at('memory', 'memory.current')));
    const stat = at('cpu', 'cpu.stat');
    const usage = keyed(stat, 'usage_usec');
    set('cpuUsageNanos', usage === undefined ? undefined : usage * 1000);
    set('nrThrottled', keyed(stat, 'nr_throttled'));
    set('nrPeriods', keyed(stat, 'nr_periods'));
    set('oomKills', keyed(at('memory', 'memory.events'), 'oom_kill'));
  } else {
    set('memoryMax', num(at('memory', 'memory.limit_in_bytes')));
    const quota = Number(at('cpu', 'cpu.cfs_quota_us'));
    if (quota > 0) set('cpuQuotaUs', quota);
    set('cpuPeriodUs', num(at('cpu', 'cpu.cfs_period_us')));
    set('memoryBytes', num(at('memory', 'memory.usage_in_bytes')));
    set('cpuUsageNanos', num(at('cpuacct', 'cpuacct.usage')));
    set('nrThrottled', keyed(at('cpu', 'cpu.stat'), 'nr_throttled'));
    set('nrPeriods', keyed(at('cpu', 'cpu.stat'), 'nr_periods'));
    set('oomKills', keyed(at('memory', 'memory.oom_control'), 'oom_kill'));
  }
  set('pidsMax', num(at('pids', 'pids.max')));
  set('pidsCurrent', num(at('pids', 'pids.current')));
  set('pidsRefused', keyed(at('pids', 'pids.events'), 'max'));
  view.procs = (at(version === 2 ? 'memory' : 'pids', 'cgroup.procs') ?? '').split('\n').filter(Boolean).map(Number);
  const first = version === 2 ? paths.unified : paths.memory;
  try {
    if (first) view.files = readdirSync(first).sort();
  } catch {
    view.files = [];
  }
  return view;
}

export interface CgroupSample {
  at: number;
  memoryBytes: number;
  /** CPU used since the previous sample, in percent of one CPU. */
  cpuPercent: number;
  pidsCurrent: number;
}

/** Keeps the last `size` samples of one group. */
export class CgroupSampler {
  readonly history: CgroupSample[] = [];
  #last: { at: number; cpu: number } | undefined;

  constructor(readonly size = 20) {}

  add(view: CgroupView, at = Date.now()): CgroupSample {
    const cpu = view.cpuUsageNanos ?? 0;
    const elapsed = this.#last ? at - this.#last.at : 0;
    const cpuPercent = this.#last && elapsed > 0 ? Math.max(0, ((cpu - this.#last.cpu) / 1e6 / elapsed) * 100) : 0;
    this.#last = { at, cpu };
    const sample = { at, memoryBytes: view.memoryBytes ?? 0, cpuPercent, pidsCurrent: view.pidsCurrent ?? 0 };
    this.history.push(sample);
    if (this.history.length > this.size) this.history.shift();
    return sample;
  }
}
