/**
 * What a bundle asks for that is set on the created process from outside,
 * while it waits for `start`: rlimits (prlimit, like any process's) and
 * namespaced sysctls (written from inside its net/ipc namespaces by nsenter).
 * Host tools through the engine's host, so the transcript shows them.
 */
import type { Host } from '../engine/host.js';
import type { BundlePlan } from './spec-map.js';

export async function applyOutside(host: Host, pid: number, plan: BundlePlan): Promise<void> {
  for (const limit of plan.rlimits) {
    // RLIMIT_NOFILE -> --nofile: prlimit's options are the lowercased names.
    const option = `--${limit.type.slice('RLIMIT_'.length).toLowerCase()}=${limit.soft}:${limit.hard}`;
    await host.run('prlimit', ['--pid', String(pid), option]);
  }
  for (const [key, value] of Object.entries(plan.sysctl)) {
    const ns = key.startsWith('net.') ? `--net=/proc/${pid}/ns/net` : `--ipc=/proc/${pid}/ns/ipc`;
    await host.run('nsenter', [ns, '--', 'sysctl', '-w', `${key}=${value}`]);
  }
}
