/**
 * ContainerSpec: what a container is, validated, before anything is made.
 * Shaped after the OCI runtime spec (process, root, mounts, resources,
 * namespaces) so running an OCI bundle later is a translation, not a rewrite.
 */
import type { DeviceRule } from '../cgroups/types.js';
import type { SeccompProfile } from '../security/seccomp.js';

export interface VolumeSpec {
  /** Absolute host path; it exists (checked at validation). */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  readonly: boolean;
}

export interface ResourceLimits {
  memoryBytes?: number;
  /** CPUs' worth of time per second, e.g. 0.5. */
  cpus?: number;
  pidsMax?: number;
  /** Device access (OCI linux.resources.devices): the standard devices only, unless --privileged. */
  devices?: DeviceRule[];
}

/** How the container is networked (docker's --net). */
export type NetworkSpec =
  | { mode: 'bridge'; network: string }
  | { mode: 'none' }
  | { mode: 'host' }
  | { mode: 'container'; container: string };

/** One -p mapping: host port (on hostIp, or every local address) -> container port. */
export interface PortSpec {
  hostIp?: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export type RootSource =
  | { kind: 'sandbox'; name: string }
  | { kind: 'dir'; path: string }
  /** A loaded image (src/engine/image/): its layers are the overlay's lowerdirs. */
  | { kind: 'image'; id: string; ref: string };

export interface ProcessSpec {
  args: string[];
  env: string[];
  cwd: string;
  terminal: boolean;
  /** Keep stdin open (docker's -i). */
  interactive: boolean;
  /** A tiny init stays PID 1, reaps zombies and forwards signals. */
  init: boolean;
  /** Ids the command runs as inside (an image's User); root when absent. */
  user?: { uid: number; gid: number };
}

/** What the container's processes may do (OCI: process.capabilities, noNewPrivileges, linux.seccomp). */
export interface SecuritySpec {
  /** Capability names kept in every set (bounding, permitted, effective, inheritable), e.g. CAP_CHOWN. */
  capabilities: string[];
  noNewPrivileges: boolean;
  /** tslab's default profile, none, or a profile from --security-opt seccomp=FILE. */
  seccomp: 'default' | 'unconfined' | { profile: SeccompProfile };
  /** --privileged: every capability, no seccomp, no masked paths, every device. */
  privileged: boolean;
}

export interface ContainerSpec {
  name: string;
  root: RootSource;
  process: ProcessSpec;
  hostname: string;
  volumes: VolumeSpec[];
  resources: ResourceLimits;
  /** Run in a new user namespace: root inside is an unprivileged uid on the host. */
  userns: boolean;
  detach: boolean;
  autoRemove: boolean;
  /** Absent in specs made before it existed: docker's defaults. */
  security?: SecuritySpec;
  /** Absent in specs made before networking: no network setup at all. */
  network?: NetworkSpec;
  ports?: PortSpec[];
  /** Instead of the default masked and read-only paths (an OCI bundle's maskedPaths, readonlyPaths). */
  maskedPaths?: string[];
  readonlyPaths?: string[];
  /** Existing namespaces to join by path (an OCI bundle's linux.namespaces[].path). */
  joinNamespaces?: Array<{ type: string; path: string }>;
}

/** The raw options `tslab run` (or a lesson) asks for, before validation. */
export interface RunRequest {
  name?: string;
  sandbox?: string;
  rootfs?: string;
  command: string[];
  env?: string[];
  workdir?: string;
  hostname?: string;
  volumes?: string[];
  memory?: string;
  cpus?: string;
  pidsLimit?: string;
  userns?: boolean;
  detach?: boolean;
  autoRemove?: boolean;
  tty?: boolean;
  interactive?: boolean;
  init?: boolean;
  /** bridge (default), none, host, container:NAME, or a network's name. */
  net?: string;
  /** -p [HOSTIP:]HOSTPORT:CTRPORT[/tcp|/udp] */
  publish?: string[];
  /** -u USER[:GROUP] as given; an image run resolves it into uid/gid (image/apply.ts). */
  user?: string;
  /** A loaded image as the root (its config already applied to command, env, workdir). */
  image?: { id: string; ref: string };
  uid?: number;
  gid?: number;
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  securityOpt?: string[];
}
