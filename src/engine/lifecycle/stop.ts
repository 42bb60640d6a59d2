/**
 * stop and kill. `stop` sends SIGTERM and waits; a PID 1 without a handler for
 * it ignores SIGTERM (the kernel protects a namespace's init), so after the
 * timeout comes SIGKILL, which init cannot ignore.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TslabError, errnoCode } from '../errors.js';
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive } from './liveness.js';
import { unpauseContainer } from './pause.js';
import { reapContainer } from './reap.js';

export async function killContainer(engine: Engine, state: ContainerState, signal: number): Promise<void> {
  if (state.status === 'stopped' || !containerProcessAlive(state) || state.pid === undefined) {
    throw new TslabError('E_NOT_RUNNING', `container ${state.name} is not running`, { hint: `start a new one with \`tslab run\`; see \`tslab ps -a\`` });
  }
  // A frozen process does not act on a signal until thawed; docker refuses likewise rather than return 0 and change nothing.
  if (state.status === 'paused') {
    throw new TslabError('E_CONTAINER_PAUSED', `container ${state.name} is paused: a frozen process cannot act on a signal`, {
      hint: `unpause it first (\`tslab unpause ${state.name}\`), or remove it with \`tslab rm -f ${state.name}\``,
    });
  }
  engine.host.record('command', `kill -${signal} ${state.pid}`);
  process.kill(state.pid, signal);
}

/** Signal the container's PID 1; it may end between our check and the kill (ESRCH), which is what we wanted. */
function signalIfAlive(engine: Engine, pid: number, signal: NodeJS.Signals): void {
  engine.host.record('command', `kill -${signal.slice(3)} ${pid}`);
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (errnoCode(error) !== 'ESRCH') throw error;
  }
}

/** Returns once the container has stopped and been reaped. */
export async function stopContainer(engine: Engine, state: ContainerState, timeoutSeconds: number): Promise<ContainerState | undefined> {
  if (state.status !== 'stopped' && containerProcessAlive(state) && state.pid !== undefined) {
    // A frozen process cannot act on SIGTERM; stop thaws first, as docker does.
    if (state.status === 'paused') await unpauseContainer(engine, state);
    signalIfAlive(engine, state.pid, 'SIGTERM');
    if (!(await waitForExit(state, timeoutSeconds * 1000)) && containerProcessAlive(state)) {
      signalIfAlive(engine, state.pid, 'SIGKILL');
      await waitForExit(state, 10_000);
    }
  }
  return waitForReap(engine, state.id);
}

async function waitForExit(state: ContainerState, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (containerProcessAlive(state)) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/**
 * The shim writes the exit file right after the process ends; give it a moment,
 * then reap. (A detached container's shim then runs its on_exit hook, which
 * finds the container reaped and ends; stop does not wait for it.)
 */
async function waitForReap(engine: Engine, id: string): Promise<ContainerState | undefined> {
  for (let i = 0; i < 500; i++) {
    const state = await reapContainer(engine, id);
    if (!state || state.status === 'stopped') return state;
    await sleep(10);
  }
  throw new TslabError('E_STOP_TIMEOUT', `container ${id} did not finish stopping`, { hint: 'run `tslab gc` to clean it up' });
}
