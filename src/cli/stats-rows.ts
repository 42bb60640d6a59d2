/** What `tslab stats --no-stream` prints of a container's usage: docker's fields, and the raw numbers for scripts. */
import type { ContainerUsage } from '../engine/stats/index.js';
import type { Headers } from './format/render.js';

/** 1.5MiB: memory in binary units, as docker shows it. */
export function binaryBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(2).replace(/\.?0+$/, '')}${units[i]}`;
}

/** 1.5kB: traffic in decimal units, as docker shows it. */
export function decimalBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(2).replace(/\.?0+$/, '')}${units[i]}`;
}

const pair = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '--' : `${decimalBytes(a)} / ${decimalBytes(b)}`);

export function statsRow(u: ContainerUsage) {
  return {
    ID: u.id,
    Container: u.id,
    Name: u.name,
    CPUPerc: `${u.cpuPercent.toFixed(2)}%`,
    CPULimit: u.cpuLimit === undefined ? 'none' : String(u.cpuLimit),
    MemUsage: `${binaryBytes(u.memoryBytes)} / ${binaryBytes(u.memoryLimitBytes)}`,
    MemPerc: `${u.memoryPercent.toFixed(2)}%`,
    NetIO: pair(u.netRxBytes, u.netTxBytes),
    BlockIO: pair(u.blockReadBytes, u.blockWriteBytes),
    PIDs: String(u.pids),
    PidsLimit: u.pidsMax === undefined ? 'none' : String(u.pidsMax),
    OOMKills: String(u.oomKills),
    Throttled: String(u.throttledPeriods),
    /** The numbers themselves, for --format '{{json .Raw}}'. */
    Raw: u,
  };
}

export const statsHeaders: Headers = {
  ID: 'CONTAINER ID',
  Container: 'CONTAINER',
  Name: 'NAME',
  CPUPerc: 'CPU %',
  CPULimit: 'CPUS',
  MemUsage: 'MEM USAGE / LIMIT',
  MemPerc: 'MEM %',
  NetIO: 'NET I/O',
  BlockIO: 'BLOCK I/O',
  PIDs: 'PIDS',
  PidsLimit: 'PIDS LIMIT',
  OOMKills: 'OOM KILLS',
  Throttled: 'THROTTLED',
};

export const statsDefaultTable = '{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}';
