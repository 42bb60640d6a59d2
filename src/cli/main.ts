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
  stats: async () => (await import('./stats.js')).statsCommand,
  image: async () => (await import('./image.js')).imageCommand,
  images: async () => async (args: string[]) => (await import('./image.js')).imageCommand(['ls', ...args]),
  export: async () => (await import('./export.js')).exportCommand,
  commit: async () => (await import('./export.js')).commitCommand,
  oci: async () => (await import('./oci.js')).ociCommand,
  spec: async () => (await import('./oci.js')).specCommand,
  gc: async () => (await import('./gc.js')).gcCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
  start: async () => (await import('./start.js')).startCommand,
  lessons: async () => (await import('./lessons.js')).lessonsCommand,
  lesson: async () => (await import('./lessons.js')).lessonCommand,
  completion: async () => (await import('./completion.js')).completionCommand,
  version: async () => (await import('./version.js')).versionCommand,
  workshop: async () => (await import('./workshop.js')).workshopCommand,
  join: async () => (await import('./workshop.js')).joinCommand,
  // Internal: what the completion scripts call to list candidates.
  __complete: async () => (await import('./completion.js')).completeCommand,
  // Internal: the shim's on_exit hook for detached containers.
  _reap: async () => (await import('./gc.js')).reapCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    const { formatOverview } = await import('./help.js');
    process.stdout.write(formatOverview());
    return name === undefined ? 1 : 0;
  }
  if (name === 'help') {
    const { helpFor } = await import('./help.js');
    const text = helpFor(rest);
    if (text === undefined) {
      printError(new Error(`no such command: ${rest.join(' ')}`), 'see `tslab --help` for the commands');
      return ExitCode.engine;
    }
    process.stdout.write(text);
    return 0;
  }
  if (name === '--version') {
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
