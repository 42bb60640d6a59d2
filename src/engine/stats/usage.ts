/**
 * Usage between two samples, as `docker stats` shows it, and against each limit:
 * CPU % where 100% is one CPU (docker's), and the share of the quota; memory
 * against its limit (or the host's memory when it has none); pids against pids.max.
 * Counters that only grow (OOM kills, throttled periods) become "new since last time".
 */
import type { ContainerSample } from './sample.js';

export interface ContainerUsage {
  id: string;
  name: string;
  /** 100 = one CPU busy for the whole interval. */
  cpuPercent: number;
  /** Share of its CPU quota used, 0-100; undefined without --cpus. */
  cpuOfLimitPercent?: number;
  cpuLimit?: number;
  memoryBytes: number;
  /** Its limit, or the host's memory when it has none (as docker shows). */
  memoryLimitBytes: number;
  memoryLimited: boolean;
  memoryPercent: number;
  pids: number;
  pidsMax?: number;
  pidsPercent?: number;
  netRxBytes?: number;
  netTxBytes?: number;
  blockReadBytes?: number;
  blockWriteBytes?: number;
  oomKills: number;
  /** OOM kills since the previous sample. */
  newOomKills: number;
  throttledPeriods: number;
  /** Periods throttled since the previous sample. */
  newThrottledPeriods: number;
}

const percent = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);

export function usageBetween(previous: ContainerSample | undefined, current: ContainerSample, hostMemoryBytes: number): ContainerUsage {
  const c = current.cgroup;
  const elapsedNanos = previous ? (current.at - previous.at) * 1e6 : 0;
  const cpuPercent = previous && elapsedNanos > 0 ? percent(c.cpuUsageNanos - previous.cgroup.cpuUsageNanos, elapsedNanos) : 0;
  const memoryLimitBytes = c.memoryLimitBytes ?? hostMemoryBytes;
  return {
    id: current.id,
    name: current.name,
    cpuPercent,
    ...(c.cpuLimit !== undefined ? { cpuLimit: c.cpuLimit, cpuOfLimitPercent: Math.min(100, cpuPercent / c.cpuLimit) } : {}),
    memoryBytes: c.memoryBytes,
    memoryLimitBytes,
    memoryLimited: c.memoryLimitBytes !== undefined,
    memoryPercent: percent(c.memoryBytes, memoryLimitBytes),
    pids: c.pidsCurrent,
    ...(c.pidsMax !== undefined ? { pidsMax: c.pidsMax, pidsPercent: percent(c.pidsCurrent, c.pidsMax) } : {}),
    ...(current.net ? { netRxBytes: current.net.rxBytes, netTxBytes: current.net.txBytes } : {}),
    ...(current.blockIo ? { blockReadBytes: current.blockIo.readBytes, blockWriteBytes: current.blockIo.writeBytes } : {}),
    oomKills: c.oomKills,
    newOomKills: previous ? Math.max(0, c.oomKills - previous.cgroup.oomKills) : 0,
    throttledPeriods: c.cpuThrottledPeriods,
    newThrottledPeriods: previous ? Math.max(0, c.cpuThrottledPeriods - previous.cgroup.cpuThrottledPeriods) : 0,
  };
}
