/**
 * argv -> command. Each command group lives in its own module, loaded only when
 * used, so `tslab run` never pays for the TUI's Ink and React.
 */
import { isTslabError, ExitCode } from '../engine/errors.js';
import { printError } from './output.js';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).runCommand,
  ps: async () => (await import('./containers.js')).psCommand,
  exec: async () => (await import('./exec.js')).execCommand,
  stop: async () => (await import('./containers.js')).stopCommand,
  kill: async () => (await import('./containers.js')).killCommand,
  rm: async () => (await import('./containers.js')).rmCommand,
  logs: async () => (await import('./containers.js')).logsCommand,
  inspect: async () => (await import('./inspect.js')).inspectCommand,
  port: async () => (await import('./port.js')).portCommand,
  network: async () => (await import('./network.js')).networkCommand,
  pause: async () => (await import('./containers.js')).pauseCommand,
  unpause: async () => (await import('./containers.js')).unpauseCommand,
  gc: async () => (await import('./gc.js')).gcCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
  start: async () => (await import('./start.js')).startCommand,
  lessons: async () => (await import('./lessons.js')).lessonsCommand,
  lesson: async () => (await import('./lessons.js')).lessonCommand,
  // Internal: the shim's on_exit hook for detached containers.
  _reap: async () => (await import('./gc.js')).reapCommand,
};

const usage = `tslab — learn how containers work by building one

Usage: tslab COMMAND [OPTIONS]

Containers:
  run [OPTIONS] SANDBOX [CMD...]   run a command in a new container
  ps [-a] [--json]                 list containers
  exec [-it] NAME CMD...           run a command in a running container
  stop [-t SECONDS] NAME...        SIGTERM, then SIGKILL after the timeout
  kill [-s SIGNAL] NAME...         send a signal to a container's PID 1
  rm [-f] NAME...                  remove containers
  logs [-f] NAME                   output of a detached container
  inspect NAME...                  everything tslab and the kernel know about it
  port NAME                        published ports (-p) of a container
  pause | unpause NAME...          freeze and thaw with the cgroup freezer
  gc [--all]                       remove whatever tslab left behind

Networks:
  network create [--subnet CIDR] NAME   a bridge network of its own
  network ls | inspect NAME | rm NAME   list, show, remove networks

Lessons:
  start [--lang en|zh-CN]          the lessons, step by step, with live kernel panels
  lessons [list|lint|map]          the lessons and your progress; check the course; the course map
  lesson run ID [--step N] [--json]  run a lesson without a terminal UI

Machine:
  doctor [--json]                  which kernel features this machine has
  setup                            install the host tools tslab needs

Run 'tslab COMMAND --help' for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === 'version') {
    const { packageVersion } = await import('./version.js');
    console.log(`tslab ${packageVersion()}`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    printError(new Error(`unknown command ${JSON.stringify(name)}`), 'see `tslab --help` for the commands');
    return ExitCode.engine;
  }
  try {
    return await (await load())(rest);
  } catch (error) {
    printError(error);
    return isTslabError(error) ? error.exitCode : ExitCode.engine;
  }
}
