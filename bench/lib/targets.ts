/** The targets, checked against this run's medians; each miss says by how much. */
import type { CaseResult } from './cases.js';
import type { Resident } from './memory.js';
import { ms } from './stats.js';

export interface Target {
  case: string;
  target: string;
  measured: string;
  holds: boolean | undefined;
  /** How far off, when missed. */
  miss?: string;
}

const med = (c: CaseResult | undefined, name: string): number | undefined => c?.series[name]?.summary?.median;

function compare(caseName: string, target: string, value: number | undefined, limit: number | undefined, unit = 'ms', what = ''): Target {
  if (value === undefined || limit === undefined) return { case: caseName, target, measured: 'not measured', holds: undefined };
  const holds = value <= limit;
  const measured = `${ms(value)} ${unit} vs ${ms(limit)} ${unit}${what}`;
  return { case: caseName, target, measured, holds, ...(holds ? {} : { miss: `by ${ms(value - limit)} ${unit} (${(value / limit).toFixed(2)}× the limit)` }) };
}

export function checkTargets(cases: Record<string, CaseResult>): Target[] {
  const out: Target[] = [];
  const cli = cases.cli;
  const tslabBeyondNode = med(cli, 'tslab') !== undefined && med(cli, 'node -e 0') !== undefined ? med(cli, 'tslab')! - med(cli, 'node -e 0')! : undefined;
  out.push(compare('1 CLI', "tslab beyond `node -e 0` ≤ runc's whole `runc run`", tslabBeyondNode, med(cli, 'runc')));
  out.push(compare('2 API', "engine API ≤ crun's whole `crun run`", med(cases.api, 'tslab API'), med(cases.api, 'crun')));
  const bridge = cases.bridge;
  if (bridge?.available) {
    for (const [variant, none, withBridge] of [
      ['alone', 'tslab --net none', 'tslab bridge -p (alone)'],
      ['bridge up', 'tslab --net none ', 'tslab bridge -p (bridge up)'],
    ] as const) {
      const a = med(bridge, withBridge);
      const b = med(bridge, none);
      out.push(compare(`3 bridge (${variant})`, 'bridge + one port add ≤ 15 ms over --net none', a !== undefined && b !== undefined ? a - b : undefined, 15));
    }
  } else out.push({ case: '3 bridge', target: 'bridge + one port add ≤ 15 ms', measured: 'not available yet', holds: undefined });
  out.push(compare('4 concurrent', '20 concurrent ≤ runc', med(cases.concurrent, 'tslab'), med(cases.concurrent, 'runc')));
  const samples = (cases.memory?.extra?.samples ?? []) as Resident[];
  const shims = samples.filter((s) => s.runtime === 'tslab').flatMap((s) => s.perContainer.filter((p) => p.name.includes('shim')).map((p) => p.memory.rss));
  const shim = shims.length ? [...shims].sort((a, b) => a - b)[Math.floor(shims.length / 2)] : undefined;
  out.push(compare('5 memory', 'per-container process < 1 MiB RSS', shim, 1024, 'KiB', ' (tslab-shim VmRSS)'));
  const tui = cases.tui;
  if (tui?.available) {
    out.push(compare('6 TUI', 'lesson list drawn ≤ 500 ms', med(tui, 'first draw (ms)'), 500));
    out.push(compare('6 TUI', 'refresh < 5% of one core', med(tui, 'refresh CPU (% of one core)'), 5, '%'));
  } else out.push({ case: '6 TUI', target: 'list ≤ 500 ms; refresh < 5% CPU', measured: 'not available yet', holds: undefined });
  return out;
}
