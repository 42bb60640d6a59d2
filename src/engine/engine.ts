/**
 * The engine's handle: where its state lives and which cgroup driver the host
 * needs. One per process; lessons and the CLI share the same functions.
 */
import { tslabPaths, type TslabPaths } from './paths.js';
import { StateStore } from './state.js';

export interface Engine {
  paths: TslabPaths;
  store: StateStore;
  /** Record the shim's syscalls in the transcript (lessons and --debug want them). */
  trace: boolean;
}

export function createEngine(env: NodeJS.ProcessEnv = process.env, options: { trace?: boolean } = {}): Engine {
  const paths = tslabPaths(env);
  return { paths, store: new StateStore(paths), trace: options.trace ?? false };
}
