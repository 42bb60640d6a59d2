/**
 * `tslab run`: every phase in order. Foreground containers share the CLI's
 * terminal and the CLI waits for them; detached ones write to a log file and
 * the shim, on its own, reaps them through its on_exit hook.
 */
import type { Engine } from '../engine.js';
import { crashPoint } from '../fault.js';
import type { ContainerSpec } from '../spec/types.js';
import type { ContainerState } from '../state.js';
import { abortContainer, createContainer, startProcess, type PendingContainer } from './create.js';
import { reapContainer } from './reap.js';
import { explainSetupFailure } from './setup-failure.js';

export interface RunningContainer {
  state: ContainerState;
  /** Foreground only: resolves with the exit code once the container ended and was reaped. */
  wait(): Promise<{ exitCode: number; state: ContainerState | undefined }>;
}

export async function runContainer(engine: Engine, spec: ContainerSpec): Promise<RunningContainer> {
  const container = await createContainer(engine, spec, {
    stdin: spec.detach ? 'ignore' : spec.process.interactive || spec.process.terminal ? 'inherit' : 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    detached: spec.detach,
  });
  try {
    await startProcess(container);
    crashPoint('after-start', container.state);
  } catch (error) {
    // Explained before the abort, which ends the shim and the container itself.
    const explained = explainSetupFailure(container.state, error);
    await abortContainer(container);
    throw explained;
  }
  if (spec.detach) container.shim?.detach();
  return { state: container.state, wait: () => waitForeground(engine, container) };
}

async function waitForeground(engine: Engine, container: PendingContainer): Promise<{ exitCode: number; state: ContainerState | undefined }> {
  const exit = await container.shim!.waitExit();
  const state = await reapContainer(engine, container.state.id);
  await container.shim!.release();
  return { exitCode: exit.code, state };
}
