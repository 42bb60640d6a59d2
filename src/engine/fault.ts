/**
 * Fault injection for the crash tests. TSLAB_CRASH_AT=<point> makes the engine
 * SIGKILL itself at that point, exactly as a learner's Ctrl-\ or an OOM kill
 * would; TSLAB_CRASH_AT=<point>:shim or <point>:pid1 SIGKILLs the container's
 * shim or its first process there instead. Tests use them to prove that ps
 * stays true and `tslab rm -f` / `tslab gc` clean up after a crash anywhere.
 */
import { isSameProcess } from './observe/proc.js';

export type CrashPoint = 'after-register' | 'after-rootfs' | 'after-cgroup' | 'after-namespaces' | 'after-network' | 'after-start';

/** The processes a fault can hit; absent before the namespaces phase. */
export interface CrashTargets {
  pid?: number;
  shimPid?: number;
}

export function crashPoint(point: CrashPoint, targets: CrashTargets = {}): void {
  const [where, who = 'cli'] = (process.env.TSLAB_CRASH_AT ?? '').split(':');
  if (where !== point) return;
  if (who === 'cli') process.kill(process.pid, 'SIGKILL');
  const pid = who === 'shim' ? targets.shimPid : who === 'pid1' ? targets.pid : undefined;
  if (pid === undefined) return;
  process.kill(pid, 'SIGKILL');
  // Synchronously, so the next phase meets the process already dead (a zombie counts as dead).
  const tick = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 500 && isSameProcess(pid, undefined); i++) Atomics.wait(tick, 0, 0, 5);
}
