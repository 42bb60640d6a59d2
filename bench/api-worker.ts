/**
 * Case 2: the engine's API from an already-running Node process, the way a
 * lesson step calls it. Loaded once, warmed up, then each `run` line on stdin
 * times create -> exit -> reap of /bin/true (--net none) inside this process
 * and answers one JSON line. `phases` does the same through the phase
 * functions one by one and answers how long each took (for the profile).
 *
 * The engine is imported from dist/ at run time; the few types used are
 * declared here so the bench compiles without pulling src/ into its program.
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/setup.js';

type Spec = { network?: unknown };
type Engine = object;
interface Running {
  wait(): Promise<{ exitCode: number }>;
}
interface Pending {
  state: { id: string };
  shim?: { waitExit(): Promise<{ code: number }> };
}
interface EngineApi {
  createEngine(env: NodeJS.ProcessEnv): Engine;
  validateRunRequest(request: object, context: object): Spec;
  listSandboxes(): string[];
  runContainer(engine: Engine, spec: Spec): Promise<Running>;
  create: Record<string, ((...args: never[]) => Promise<unknown>) | undefined>;
  reapContainer(engine: Engine, id: string): Promise<unknown>;
  preflightNetwork?: (engine: Engine, spec: Spec) => Promise<unknown[]>;
}

const dist = (relative: string) => pathToFileURL(path.join(repoRoot, 'dist', 'src', 'engine', relative)).href;

async function loadApi(): Promise<EngineApi> {
  const [engine, validate, sandbox, run, create, reap] = await Promise.all([
    import(dist('engine.js')),
    import(dist('spec/validate.js')),
    import(dist('rootfs/sandbox.js')),
    import(dist('lifecycle/run.js')),
    import(dist('lifecycle/create.js')),
    import(dist('lifecycle/reap.js')),
  ]);
  const attach = await import(dist('network/attach.js')).catch(() => undefined);
  return {
    createEngine: engine.createEngine,
    validateRunRequest: validate.validateRunRequest,
    listSandboxes: sandbox.listSandboxes,
    runContainer: run.runContainer,
    create,
    reapContainer: reap.reapContainer,
    ...(attach?.preflightNetwork ? { preflightNetwork: attach.preflightNetwork } : {}),
  };
}

function makeSpec(api: EngineApi): Spec {
  return api.validateRunRequest(
    { sandbox: 'busybox', command: ['/bin/true'], autoRemove: true, net: 'none' },
    { knownSandboxes: api.listSandboxes(), hostCpus: availableParallelism(), hostEnv: process.env },
  );
}

async function runOnce(api: EngineApi, engine: Engine): Promise<{ ms: number; exitCode: number }> {
  const start = performance.now();
  const container = await api.runContainer(engine, makeSpec(api));
  const { exitCode } = await container.wait();
  return { ms: performance.now() - start, exitCode };
}

/** The same run, one phase at a time (create.ts's public phases), each timed. */
async function runPhases(api: EngineApi, engine: Engine): Promise<Record<string, number>> {
  const phases: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await fn();
    phases[name] = performance.now() - start;
    return result;
  };
  const call = (name: string, ...args: unknown[]) => {
    const fn = api.create[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    return fn ? fn(...args) : Promise.resolve(undefined);
  };
  const total = performance.now();
  const spec = await time('validate', async () => makeSpec(api));
  if (api.preflightNetwork) await time('preflightNetwork', () => api.preflightNetwork!(engine, spec));
  const container = (await time('registerContainer', () => call('registerContainer', engine, spec))) as Pending;
  await time('prepareRootfs', () => call('prepareRootfs', container));
  await time('createCgroup', () => call('createCgroup', container));
  await time('startNamespaces', () => call('startNamespaces', container, { stdin: 'ignore', stdout: 'inherit', stderr: 'inherit', detached: false }));
  if (api.create.connectNetwork) await time('connectNetwork', () => call('connectNetwork', container));
  await time('startProcess', () => call('startProcess', container));
  await time('waitExit', () => container.shim!.waitExit());
  await time('reapContainer', () => api.reapContainer(engine, container.state.id));
  phases.total = performance.now() - total;
  return phases;
}

const loadStart = performance.now();
const api = await loadApi();
const engine = api.createEngine(process.env);
const loadMs = performance.now() - loadStart;
for (let i = 0; i < 2; i++) await runOnce(api, engine); // warm: JIT, fs caches, the sandbox built

console.log(JSON.stringify({ ready: true, loadMs }));
for await (const line of createInterface({ input: process.stdin })) {
  try {
    if (line === 'run') console.log(JSON.stringify(await runOnce(api, engine)));
    else if (line === 'phases') console.log(JSON.stringify({ phases: await runPhases(api, engine) }));
    else if (line === 'quit') break;
  } catch (error) {
    console.log(JSON.stringify({ error: String((error as Error).stack ?? error) }));
  }
}
