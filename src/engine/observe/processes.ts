/**
 * The processes of a sandbox's PID namespace, each with both PIDs: the host's
 * and the one it has inside (the last NSpid field). Found by comparing every
 * /proc/N/ns/pid with the sandbox's; no process is spawned.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';

export interface SandboxProcess {
  hostPid: number;
  /** PID inside the sandbox's namespace. */
  pid: number;
  /** Every level of NSpid, outermost first. */
  nspid: number[];
  ppid: number;
  command: string;
  state: string;
}

export function observeProcesses(sandboxPid: number): SandboxProcess[] {
  let target: number;
  try {
    target = statSync(`/proc/${sandboxPid}/ns/pid`).ino;
  } catch {
    return [];
  }
  const found: SandboxProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (statSync(`/proc/${name}/ns/pid`).ino !== target) continue;
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const field = (key: string) => new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
      const nspid = field('NSpid').split(/\s+/).filter(Boolean).map(Number);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      found.push({
        hostPid: Number(name),
        pid: nspid[nspid.length - 1] ?? Number(name),
        nspid,
        ppid: Number(field('PPid')),
        command: cmdline || `[${field('Name')}]`,
        state: field('State').split(' ')[0] ?? '?',
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return found.sort((a, b) => a.pid - b.pid);
}
