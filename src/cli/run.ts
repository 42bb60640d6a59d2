/** tslab run [OPTIONS] SANDBOX [CMD...] */
import { availableParallelism } from 'node:os';
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { runContainer } from '../engine/lifecycle/run.js';
import { applyImage } from '../engine/image/apply.js';
import { listImages, matchImage } from '../engine/image/store.js';
import { listSandboxes } from '../engine/rootfs/sandbox.js';
import { tslabPaths } from '../engine/paths.js';
import type { RunRequest } from '../engine/spec/types.js';
import { validateRunRequest } from '../engine/spec/validate.js';
import { flag, value, values } from './args.js';
import { run } from './commands/run.js';
import { parseCommand, usageLine } from './help.js';
import { requireRoot } from './require-root.js';
import { printTranscript } from './trace.js';

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseCommand(run, argv);
  if (!args) return 0;
  // With --rootfs there is no sandbox name: every positional is the command.
  const rootfs = value(args, 'rootfs');
  const sandbox = rootfs === undefined ? args.positionals[0] : undefined;
  const command = rootfs === undefined ? args.positionals.slice(1) : args.positionals;
  // As docker run needs an image: without one, `run --rm` would quietly run a shell in busybox.
  if (sandbox === undefined && rootfs === undefined) {
    throw new TslabError('E_USAGE', 'run needs a sandbox or an image (or --rootfs DIR)', { hint: `e.g. tslab run --rm busybox echo hello; usage: ${usageLine(run)}` });
  }
  let request: RunRequest = {
    name: value(args, 'name'),
    sandbox,
    rootfs,
    command,
    env: values(args, 'env'),
    volumes: values(args, 'volume'),
    workdir: value(args, 'workdir'),
    hostname: value(args, 'hostname'),
    memory: value(args, 'memory'),
    cpus: value(args, 'cpus'),
    pidsLimit: value(args, 'pids-limit'),
    userns: flag(args, 'userns'),
    detach: flag(args, 'detach'),
    autoRemove: flag(args, 'rm'),
    tty: flag(args, 'tty'),
    interactive: flag(args, 'interactive'),
    init: flag(args, 'init'),
    net: value(args, 'net') ?? value(args, 'network'),
    publish: values(args, 'publish'),
    user: value(args, 'user'),
    capAdd: values(args, 'cap-add'),
    capDrop: values(args, 'cap-drop'),
    privileged: flag(args, 'privileged'),
    securityOpt: values(args, 'security-opt'),
  };
  // Not a sandbox's name: maybe a loaded image's (name:tag or id).
  const knownSandboxes = listSandboxes();
  if (sandbox !== undefined && !knownSandboxes.includes(sandbox)) {
    const paths = tslabPaths(process.env);
    const image = matchImage(await listImages(paths), sandbox);
    if (image) request = await applyImage(paths, image, sandbox, request);
  }
  const spec = validateRunRequest(request, { knownSandboxes, hostCpus: availableParallelism(), hostEnv: process.env });
  requireRoot('run');
  const trace = flag(args, 'trace');
  const engine = createEngine(process.env, { trace });
  if (trace) printTranscript(engine.host.transcript);

  const container = await runContainer(engine, spec);
  if (spec.detach) {
    console.log(container.state.id);
    return 0;
  }
  // The terminal sends Ctrl-C to the container itself (same process group);
  // the CLI stays to report how it ended. Signals sent to the CLI alone go on to the container.
  const ignore = () => undefined;
  const forward = (signal: NodeJS.Signals) => () => {
    if (container.state.pid !== undefined) process.kill(container.state.pid, signal);
  };
  const handlers: Array<[NodeJS.Signals, () => void]> = [
    ['SIGINT', ignore],
    ['SIGQUIT', ignore],
    ['SIGTERM', forward('SIGTERM')],
    ['SIGHUP', forward('SIGHUP')],
  ];
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    const { exitCode } = await container.wait();
    return exitCode;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
