/**
 * Observations -> the lines a panel shows. Plain text, so the TUI (which
 * highlights lines that changed) and the headless runner print the same thing.
 */
import type { CgroupSample, CgroupView } from '../../engine/observe/cgroup.js';
import type { SandboxMount } from '../../engine/observe/mounts.js';
import type { NetLink, NetView } from '../../engine/observe/network.js';
import type { NamespaceRow } from '../../engine/observe/ns-compare.js';
import type { SandboxProcess } from '../../engine/observe/processes.js';

export function formatNamespaces(rows: NamespaceRow[]): string[] {
  const lines = [`${'ns'.padEnd(17)}${'sandbox'.padEnd(12)}${'host'.padEnd(12)}`];
  for (const row of rows) {
    const mark = row.sandbox === undefined ? '' : row.differs ? '* new' : '= same';
    lines.push(`${row.type.padEnd(17)}${String(row.sandbox ?? '-').padEnd(12)}${String(row.host ?? '-').padEnd(12)}${mark}`);
  }
  return lines;
}

function linkLine(link: NetLink): string {
  const name = link.peer ? `${link.name}@${link.peer}` : link.name;
  const flags = [link.up ? 'UP' : 'DOWN', ...(link.up && !link.lowerUp ? ['NO-CARRIER'] : []), ...(link.lowerUp && link.name !== 'lo' ? ['LOWER_UP'] : [])];
  const state = link.state === 'UNKNOWN' || link.state === (link.up ? 'UP' : 'DOWN') ? '' : ` state ${link.state}`;
  const v4 = link.addresses.filter((a) => !a.includes(':'));
  const extra = [link.peerNetnsId !== undefined ? 'link-netns' : '', link.master ? `master ${link.master}` : ''].filter(Boolean).join(' ');
  return `  ${name.padEnd(17)} ${flags.join(',')}${state}${v4.length ? `  ${v4.join(' ')}` : link.addresses.length ? '' : '  no address'}${extra ? `  ${extra}` : ''}`;
}

export function formatNetwork(host: NetView, inside: NetView | undefined): string[] {
  // The sandbox's netns first: on a small screen it is what the step is about.
  const lines: string[] = [];
  if (inside) {
    lines.push(`netns ${inside.netns ?? 'sandbox'}`);
    if (inside.error) lines.push(`  ${inside.error}`);
    for (const link of inside.links) lines.push(linkLine(link));
    if (!inside.error && inside.routes.length === 0) lines.push('  routes: none');
    for (const route of inside.routes) lines.push(`  route ${route.dst}${route.gateway ? ` via ${route.gateway}` : ''} dev ${route.dev}`);
  }
  lines.push('host');
  if (host.error) lines.push(`  ${host.error}`);
  for (const link of host.links) lines.push(linkLine(link));
  return lines;
}

const MiB = 1024 * 1024;
const mib = (bytes: number | undefined) => (bytes === undefined ? 'max' : `${(bytes / MiB).toFixed(1)} MiB`);
const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], max = 100): string {
  return values.map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.round((v / max) * (BARS.length - 1))))]).join('');
}

export function formatCgroup(view: CgroupView, history: CgroupSample[]): string[] {
  const dir = view.version === 2 ? view.paths.unified : view.paths.memory;
  const last = history[history.length - 1];
  const quota = view.cpuQuotaUs === undefined ? 'no quota' : `quota ${view.cpuQuotaUs}/${view.cpuPeriodUs ?? '?'}`;
  return [
    `cgroup v${view.version}  ${dir ?? '-'}${view.version === 1 ? '  (+cpu, pids...)' : ''}`,
    `procs   ${view.procs.join(' ') || 'none'}`,
    `memory  ${mib(view.memoryBytes)} / ${mib(view.memoryMax)}   oom_kill ${view.oomKills ?? 0}`,
    `cpu     ${(last?.cpuPercent ?? 0).toFixed(0).padStart(3)}%  ${quota}   nr_throttled ${view.nrThrottled ?? 0}`,
    `pids    ${view.pidsCurrent ?? 0} / ${view.pidsMax ?? 'max'}   refused (pids.events max) ${view.pidsRefused ?? 0}`,
    `cpu%    ${sparkline(history.map((s) => s.cpuPercent))}`,
  ];
}

export function formatMounts(mounts: SandboxMount[]): string[] {
  const lines: string[] = [];
  for (const mount of mounts) {
    lines.push(`${mount.mountPoint.padEnd(14)} ${mount.fsType.padEnd(8)} ${mount.source}${mount.readonly ? ' (ro)' : ''}`);
    if (mount.overlay) {
      for (const lower of mount.overlay.lower) lines.push(`  lower (read-only) ${lower}`);
      if (mount.overlay.upper) lines.push(`  upper (writable)  ${mount.overlay.upper}`);
      if (mount.overlay.work) lines.push(`  work (overlay's)  ${mount.overlay.work}`);
    }
  }
  return lines.length ? lines : ['no mounts (the sandbox is not running)'];
}

export function formatProcesses(processes: SandboxProcess[]): string[] {
  const lines = [`${'PID'.padStart(5)} ${'HOST PID'.padStart(8)}  S  COMMAND`];
  for (const p of processes) lines.push(`${String(p.pid).padStart(5)} ${String(p.hostPid).padStart(8)}  ${p.state}  ${p.command}`);
  return processes.length ? lines : ['no processes (the sandbox is not running)'];
}
