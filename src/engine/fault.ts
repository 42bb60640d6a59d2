/**
 * Fault injection for the crash tests: with TSLAB_CRASH_AT=<point>, the engine
 * SIGKILLs itself at that point, exactly as a learner's Ctrl-\ or an OOM kill
 * would, so tests can prove `tslab gc` cleans up after a crash at every phase.
 */
export type CrashPoint = 'after-register' | 'after-rootfs' | 'after-cgroup' | 'after-namespaces' | 'after-network' | 'after-start';

export function crashPoint(point: CrashPoint): void {
  if (process.env.TSLAB_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
