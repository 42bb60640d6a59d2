/** tslab run [OPTIONS] SANDBOX [CMD...] */
import { availableParallelism } from 'node:os';
import { createEngine } from '../engine/engine.js';
import { TslabError } from '../engine/errors.js';
import { runContainer } from '../engine/lifecycle/run.js';
import { listSandboxes } from '../engine/rootfs/sandbox.js';
import type { RunRequest } from '../engine/spec/types.js';
import { validateRunRequest } from '../engine/spec/validate.js';
import { flag, parseArgs, value, values, type OptionSpec } from './args.js';
import { requireRoot } from './require-root.js';
import { printTranscript } from './trace.js';

const usage = 'tslab run [-d] [--rm] [--name NAME] [--hostname H] [--memory 64m] [--cpus 0.5] [--pids-limit N] [--userns] [-e K=V] [-v HOST:CTR[:ro]] [-w DIR] [--init] [-it] [--rootfs DIR] [--net bridge|none|host|container:NAME|NETWORK] [-p [HOSTIP:]HOSTPORT:CTRPORT[/udp]] [--cap-add CAP] [--cap-drop CAP] [--security-opt OPT] [--privileged] [--trace] SANDBOX [CMD...]';

const options: OptionSpec[] = [
  { name: 'detach', short: 'd' },
  { name: 'rm' },
  { name: 'name', value: true },
  { name: 'hostname', short: 'h', value: true },
  { name: 'memory', short: 'm', value: true },
  { name: 'cpus', value: true },
  { name: 'pids-limit', value: true },
  { name: 'userns' },
  { name: 'env', short: 'e', value: true, repeatable: true },
  { name: 'volume', short: 'v', value: true, repeatable: true },
  { name: 'workdir', short: 'w', value: true },
  { name: 'init' },
  { name: 'interactive', short: 'i' },
  { name: 'tty', short: 't' },
  { name: 'rootfs', value: true },
  { name: 'net', value: true },
  { name: 'network', value: true },
  { name: 'publish', short: 'p', value: true, repeatable: true },
  { name: 'cap-add', value: true, repeatable: true },
  { name: 'cap-drop', value: true, repeatable: true },
  { name: 'privileged' },
  { name: 'security-opt', value: true, repeatable: true },
  { name: 'trace' },
  { name: 'help' },
];

const securityHelp = `security (docker's defaults unless changed; see the README's "Security model"):
  --cap-add CAP, --cap-drop CAP   keep or drop a capability (NET_ADMIN, ALL...)
  --security-opt seccomp=unconfined|PROFILE.json   no syscall filter, or a docker/OCI profile
  --security-opt no-new-privileges=false           let setuid programs gain privileges
  --privileged   every capability, no seccomp filter, no masked /proc paths, every device:
                 root in the container is then root on the host. For seeing what the
                 defaults do, never for running something you do not trust.`;

export async function runCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, options, usage, { stopAtPositional: true });
  if (flag(args, 'help')) {
    console.log(`usage: ${usage}\n\n${securityHelp}`);
    return 0;
  }
  // With --rootfs there is no sandbox name: every positional is the command.
  const rootfs = value(args, 'rootfs');
  const sandbox = rootfs === undefined ? args.positionals[0] : undefined;
  const command = rootfs === undefined ? args.positionals.slice(1) : args.positionals;
  // As docker run needs an image: without one, `run --rm` would quietly run a shell in busybox.
  if (sandbox === undefined && rootfs === undefined) {
    throw new TslabError('E_USAGE', 'run needs a sandbox (or --rootfs DIR)', { hint: `e.g. tslab run --rm busybox echo hello; usage: ${usage}` });
  }
  const request: RunRequest = {
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
    capAdd: values(args, 'cap-add'),
    capDrop: values(args, 'cap-drop'),
    privileged: flag(args, 'privileged'),
    securityOpt: values(args, 'security-opt'),
  };
  const spec = validateRunRequest(request, { knownSandboxes: listSandboxes(), hostCpus: availableParallelism(), hostEnv: process.env });
  requireRoot('run');
  const trace = flag(args, 'trace');
  const engine = createEngine(process.env, { trace });
  if (trace) printTranscript();

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
