/**
 * docker inspect's names for what tslab records, so a recipe from Docker's
 * documentation (`{{.State.Pid}}`, `{{.NetworkSettings.IPAddress}}`,
 * `{{json .Mounts}}`) works on tslab unchanged. Values are the container's
 * own; where docker prints a zero value for "none" (Pid 0 when not running,
 * Memory 0 for no limit), so do we.
 */
import type { PortSpec } from '../spec/types.js';
import type { ContainerState } from '../state.js';

/** Go's zero time, which docker prints for a time that never happened. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

type PortBindings = Record<string, Array<{ HostIp: string; HostPort: string }>>;

function portBindings(ports: readonly PortSpec[]): PortBindings {
  const out: PortBindings = {};
  for (const p of ports) (out[`${p.containerPort}/${p.protocol}`] ??= []).push({ HostIp: p.hostIp ?? '0.0.0.0', HostPort: String(p.hostPort) });
  return out;
}

export function dockerNames(state: ContainerState) {
  const { spec } = state;
  const running = state.status === 'running' || state.status === 'paused';
  const net = state.network;
  const endpoint = { IPAddress: net?.ip ?? '', IPPrefixLen: net?.prefixLength ?? 0, Gateway: net?.gateway ?? '', MacAddress: net?.mac ?? '' };
  const networkMode = !net ? 'none' : net.mode === 'bridge' ? (net.network ?? 'bridge') : net.mode === 'container' ? `container:${net.sharedWith ?? ''}` : net.mode;
  const ports = running ? portBindings(net?.ports ?? []) : {};
  return {
    Id: state.id,
    Created: state.createdAt,
    Path: spec.process.args[0] ?? '',
    Args: spec.process.args.slice(1),
    Name: `/${state.name}`,
    State: {
      Status: state.status === 'stopped' ? 'exited' : state.status,
      Running: running,
      Paused: state.status === 'paused',
      OOMKilled: state.oomKilled,
      Dead: false,
      Pid: running ? (state.pid ?? 0) : 0,
      ExitCode: state.exitCode ?? 0,
      StartedAt: state.startedAt ?? ZERO_TIME,
      FinishedAt: state.finishedAt ?? ZERO_TIME,
    },
    Config: {
      Hostname: spec.hostname,
      Env: spec.process.env,
      Cmd: spec.process.args,
      WorkingDir: spec.process.cwd,
      Image: spec.root.kind === 'sandbox' ? spec.root.name : spec.root.kind === 'image' ? spec.root.ref : spec.root.path,
      Tty: spec.process.terminal,
      OpenStdin: spec.process.interactive,
    },
    HostConfig: {
      Memory: spec.resources.memoryBytes ?? 0,
      // Swap is off for the group, so memory+swap is the memory limit itself.
      MemorySwap: spec.resources.memoryBytes ?? 0,
      NanoCpus: Math.round((spec.resources.cpus ?? 0) * 1e9),
      PidsLimit: spec.resources.pidsMax ?? 0,
      NetworkMode: networkMode,
      PortBindings: portBindings(spec.ports ?? []),
      Binds: spec.volumes.map((v) => `${v.source}:${v.target}${v.readonly ? ':ro' : ''}`),
      AutoRemove: spec.autoRemove,
      Init: spec.process.init,
      UsernsMode: spec.userns ? 'private' : '',
    },
    Mounts: spec.volumes.map((v) => ({ Type: 'bind', Source: v.source, Destination: v.target, Mode: v.readonly ? 'ro' : '', RW: !v.readonly, Propagation: 'rprivate' })),
    NetworkSettings: {
      ...endpoint,
      Ports: ports,
      SandboxKey: net?.netns ? `/run/netns/${net.netns}` : '',
      Networks: net && net.mode === 'bridge' ? { [net.network ?? 'bridge']: endpoint } : {},
    },
    GraphDriver: {
      Name: 'overlay',
      Data: { LowerDir: state.rootfs.lower.join(':'), UpperDir: state.rootfs.upper, WorkDir: state.rootfs.work, MergedDir: state.rootfs.merged },
    },
  };
}
