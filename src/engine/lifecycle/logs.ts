/** logs: what a detached container wrote to stdout and stderr; -f follows until it stops. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TslabError } from '../errors.js';
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';
import { containerProcessAlive } from './liveness.js';

export async function streamLogs(engine: Engine, state: ContainerState, out: NodeJS.WritableStream, follow: boolean): Promise<void> {
  const logPath = state.logPath;
  if (!logPath) {
    throw new TslabError('E_NO_LOGS', `container ${state.name} ran in the foreground: its output went to the terminal`, {
      hint: 'run it with -d to keep its output: `tslab run -d ...` then `tslab logs NAME`',
    });
  }
  let offset = 0;
  for (;;) {
    const size = (await stat(logPath).catch(() => ({ size: offset }))).size;
    if (size > offset) {
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(logPath, { start: offset, end: size - 1 });
        stream.on('error', reject).on('end', resolve);
        stream.pipe(out, { end: false });
      });
      offset = size;
    }
    if (!follow || !containerProcessAlive(state)) {
      if (follow && offset < (await stat(logPath).catch(() => ({ size: offset }))).size) continue;
      return;
    }
    await sleep(100);
  }
}
