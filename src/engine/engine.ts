/**
 * The engine's handle: where its state lives, and the host it acts on (the
 * host-command runner and the transcript of everything it did). Lessons and
 * the CLI call the same functions with it; tests give it a fake host.
 */
import { Host, type HostCommands } from './host.js';
import { tslabPaths, type TslabPaths } from './paths.js';
import { StateStore } from './state.js';
import { Transcript } from './transcript.js';

export interface Engine {
  paths: TslabPaths;
  store: StateStore;
  /** Runs host tools and writes kernel files, recording each in its transcript. */
  host: Host;
  /** Record the shim's syscalls in the transcript (lessons and --trace want them). */
  trace: boolean;
}

export interface EngineOptions {
  trace?: boolean;
  /** Replace what reaches the machine (tests: a recording fake). */
  commands?: HostCommands;
}

export function createEngine(env: NodeJS.ProcessEnv = process.env, options: EngineOptions = {}): Engine {
  const paths = tslabPaths(env);
  return { paths, store: new StateStore(paths), host: new Host(new Transcript(), options.commands), trace: options.trace ?? false };
}
