/** The parts of the OCI runtime spec's config.json that tslab reads (runtime-spec config.md, config-linux.md). */

export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export interface OciHook {
  path: string;
  args?: string[];
  env?: string[];
  timeout?: number;
}

export interface OciConfig {
  ociVersion: string;
  process: {
    terminal?: boolean;
    user?: { uid?: number; gid?: number; umask?: number; additionalGids?: number[] };
    args: string[];
    env?: string[];
    cwd?: string;
    capabilities?: Partial<Record<'bounding' | 'effective' | 'permitted' | 'inheritable' | 'ambient', string[]>>;
    rlimits?: Array<{ type: string; hard: number; soft: number }>;
    noNewPrivileges?: boolean;
    [other: string]: unknown;
  };
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts?: OciMount[];
  hooks?: Record<string, OciHook[]>;
  annotations?: Record<string, string>;
  linux?: {
    namespaces?: Array<{ type: string; path?: string }>;
    uidMappings?: unknown[];
    gidMappings?: unknown[];
    sysctl?: Record<string, string>;
    resources?: {
      memory?: { limit?: number; [other: string]: unknown };
      cpu?: { quota?: number; period?: number; [other: string]: unknown };
      pids?: { limit?: number };
      devices?: Array<{ allow: boolean; type?: string; major?: number; minor?: number; access?: string }>;
      [other: string]: unknown;
    };
    cgroupsPath?: string;
    maskedPaths?: string[];
    readonlyPaths?: string[];
    /** The seccomp profile, in the shape docker's profiles share (validated by the engine). */
    seccomp?: unknown;
    [other: string]: unknown;
  };
  [other: string]: unknown;
}
