/**
 * One reading of a running container's usage: its cgroup through the cgroup
 * interface (usage, limits, OOM kills, throttling), its network namespace's
 * counters from /proc/PID/net/dev (the netns of that pid, no setns needed),
 * and block I/O from the group's io.stat, or where the group has no io
 * controller (v1, or v2 without io enabled) the sum of its processes' /proc/PID/io.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CgroupDriver, CgroupStats } from '../cgroups/types.js';
import type { ContainerState } from '../state.js';

export interface ContainerSample {
  id: string;
  name: string;
  /** When it was read, in ms (Date.now()). */
  at: number;
  cgroup: CgroupStats;
  /** Bytes through its interfaces other than lo; absent with --net host (those are the host's). */
  net?: { rxBytes: number; txBytes: number };
  blockIo?: { readBytes: number; writeBytes: number };
}

/** Sum of rx and tx bytes over /proc/PID/net/dev's interfaces, loopback left out. */
export function parseNetDev(text: string): { rxBytes: number; txBytes: number } {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split('\n').slice(2)) {
    const [name, counters] = line.split(':');
    if (counters === undefined || name!.trim() === 'lo') continue;
    const fields = counters.trim().split(/\s+/).map(Number);
    rxBytes += fields[0] ?? 0;
    txBytes += fields[8] ?? 0;
  }
  return { rxBytes, txBytes };
}

const readOrUndefined = (file: string) => readFile(file, 'utf8').catch(() => undefined);

async function processesIo(pids: readonly number[], procRoot: string): Promise<{ readBytes: number; writeBytes: number }> {
  let readBytes = 0;
  let writeBytes = 0;
  for (const pid of pids) {
    const text = await readOrUndefined(path.join(procRoot, String(pid), 'io'));
    readBytes += Number(/^read_bytes: (\d+)/m.exec(text ?? '')?.[1] ?? 0);
    writeBytes += Number(/^write_bytes: (\d+)/m.exec(text ?? '')?.[1] ?? 0);
  }
  return { readBytes, writeBytes };
}

/** undefined when the container has no cgroup any more (it ended while we looked). */
export async function sampleContainer(driver: CgroupDriver, state: ContainerState, procRoot = '/proc'): Promise<ContainerSample | undefined> {
  const group = driver.open(state.id);
  if (!group) return undefined;
  const cgroup = await group.stats().catch(() => undefined);
  if (!cgroup) return undefined;
  const sample: ContainerSample = { id: state.id, name: state.name, at: Date.now(), cgroup };
  if (state.pid !== undefined && state.spec.network?.mode !== 'host') {
    const netDev = await readOrUndefined(path.join(procRoot, String(state.pid), 'net', 'dev'));
    if (netDev !== undefined) sample.net = parseNetDev(netDev);
  }
  sample.blockIo =
    cgroup.ioReadBytes !== undefined ? { readBytes: cgroup.ioReadBytes, writeBytes: cgroup.ioWriteBytes ?? 0 } : await processesIo(await group.processes(), procRoot);
  return sample;
}
