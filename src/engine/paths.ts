/**
 * Where tslab keeps its state and data on the host. Every path tslab writes under
 * comes from here, so tests (and curious learners) can point a whole run somewhere
 * else with environment variables and `tslab gc` knows exactly what is its own.
 */
import path from 'node:path';

export interface TslabPaths {
  /** Runtime state: containers' state.json, locks, shim sockets. Gone on reboot. */
  runDir: string;
  /** Persistent data: built sandboxes, containers' upper layers, logs. */
  dataDir: string;
  /** Name of the cgroup directory under each hierarchy that holds every container. */
  cgroupParent: string;
}

export function tslabPaths(env: NodeJS.ProcessEnv = process.env): TslabPaths {
  return {
    runDir: path.resolve(env.TSLAB_RUN_DIR ?? '/run/tslab'),
    dataDir: path.resolve(env.TSLAB_DATA_DIR ?? '/var/lib/tslab'),
    cgroupParent: env.TSLAB_CGROUP_PARENT ?? 'tslab',
  };
}

export const containersRunDir = (p: TslabPaths): string => path.join(p.runDir, 'containers');
export const containerRunDir = (p: TslabPaths, id: string): string => path.join(containersRunDir(p), id);
export const namesDir = (p: TslabPaths): string => path.join(p.runDir, 'names');
export const containersDataDir = (p: TslabPaths): string => path.join(p.dataDir, 'containers');
export const containerDataDir = (p: TslabPaths, id: string): string => path.join(containersDataDir(p), id);
export const sandboxesDir = (p: TslabPaths): string => path.join(p.dataDir, 'sandboxes');
/** Network records, attachments (IPAM) and the ip_forward record. */
export const networkDir = (p: TslabPaths): string => path.join(p.dataDir, 'network');
