/** Read-only facts about host processes from /proc. */
import { readFileSync } from 'node:fs';

/** Start time in clock ticks since boot (field 22 of /proc/PID/stat), or undefined if gone. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** Is this the same process we recorded (not a later one that reused the pid)? */
export function isSameProcess(pid: number | undefined, startTime: number | undefined): boolean {
  if (pid === undefined) return false;
  const now = processStartTime(pid);
  return now !== undefined && (startTime === undefined || now === startTime);
}

/** The process state letter (R, S, Z, T...) from /proc/PID/stat. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
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
