/** Read-only facts about host processes from /proc. */
import { readFileSync } from 'node:fs';

interface StatFields {
  state: string;
  startTime: number;
}

/** Fields of /proc/PID/stat after the command name, which may hold spaces and parentheses. */
function readStat(pid: number): StatFields | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', startTime: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** Start time in clock ticks since boot (field 22 of /proc/PID/stat), or undefined if gone. */
export function processStartTime(pid: number): number | undefined {
  return readStat(pid)?.startTime;
}

/**
 * Is this the same process we recorded (not a later one that reused the pid),
 * and still running? A zombie has ended: it only waits for its parent to read
 * its status, which for a detached shim may be a while.
 */
export function isSameProcess(pid: number | undefined, startTime: number | undefined): boolean {
  if (pid === undefined) return false;
  const stat = readStat(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}

/** The lines of /proc/PID/status as a map (Name, NSpid, Uid...). */
export function processStatus(pid: number): Map<string, string> {
  const status = new Map<string, string>();
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) status.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return status;
}
