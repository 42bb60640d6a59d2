/**
 * The holder: what keeps a created container waiting between `create` and
 * `start`, as runc's `runc init` waits on its exec fifo. The engine's shim
 * waits for `go` on a control socket owned by the process that started it,
 * so `create` starts this small detached process to run the engine's create
 * phases, hold that socket, and wait on a Unix socket of its own for `start`
 * (or `delete`). After `start` the shim carries on alone and the holder exits.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { createEngine, type Engine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { abortContainer, createContainer, startProcess, type PendingContainer } from '../engine/lifecycle/create.js';
import { applyOutside } from './outside.js';
import { runHooks } from './hooks.js';
import { controlSocket, ociState, readRecord, writeRecord, type RuntimeRecord } from './records.js';
import { engineName } from './names.js';
import { readBundle, type BundlePlan } from './spec-map.js';

/** `tslab oci _hold ROOT ID`: fd 3 gets one line, `ready PID` or `error JSON`. */
export async function holdContainer(root: string, id: string): Promise<number> {
  const report = createWriteStream('', { fd: 3 });
  const engine = createEngine();
  const record = await readRecord(root, id);
  let container: PendingContainer | undefined;
  let plan: BundlePlan;
  try {
    plan = readBundle(record.bundle, engineName(id));
    // An orphan shim: the supervisor above (conmon) must be the one to reap it and read its status.
    container = await createContainer(engine, plan.spec, { stdin: 'inherit', stdout: 'inherit', stderr: 'inherit', detached: false, orphan: true });
    record.engineId = container.state.id;
    await writeRecord(root, record);
    await applyOutside(engine.host, container.state.pid!, plan);
    record.phase = 'created';
    await writeRecord(root, record);
    const state = await ociState(engine, record);
    await runHooks(plan.hooks, ['createRuntime', 'prestart'], state);
  } catch (error) {
    if (container) await abortContainer(container);
    const e = error instanceof TslabError ? error : new TslabError('E_OCI_CREATE', (error as Error).message, { cause: error });
    report.end(`error ${JSON.stringify({ code: e.code, message: e.message, hint: e.hint })}\n`);
    return 1;
  }
  const server = await listen(root, id, engine, record, container, plan);
  report.end(`ready ${container.state.pid}\n`);
  await new Promise((resolve) => server.once('close', resolve));
  return 0;
}

async function listen(root: string, id: string, engine: Engine, record: RuntimeRecord, container: PendingContainer, plan: BundlePlan): Promise<net.Server> {
  const socket = controlSocket(root, id);
  await rm(socket, { force: true });
  const server = net.createServer((client) => {
    client.setEncoding('utf8');
    client.once('data', (request: string) => {
      void handle(request.trim()).then(
        (reply) => client.end(`${reply}\n`),
        (error: unknown) => client.end(`error ${JSON.stringify({ message: (error as Error).message, code: (error as TslabError).code })}\n`),
      ).finally(() => server.close());
    });
  });
  const handle = async (request: string): Promise<string> => {
    if (request === 'start') {
      await startProcess(container);
      container.shim?.detach();
      record.phase = 'started';
      await writeRecord(root, record);
      await runHooks(plan.hooks, ['poststart'], await ociState(engine, record)).catch(() => undefined);
      return 'ok';
    }
    await abortContainer(container);
    return 'ok';
  };
  await new Promise<void>((resolve, reject) => server.listen(socket, resolve).once('error', reject));
  return server;
}
