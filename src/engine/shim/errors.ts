/**
 * Turns the shim's `E STAGE ERRNO TEXT` into an error a learner can act on,
 * with docker's exit codes for a command that is not found or not executable.
 */
import { ExitCode, TslabError } from '../errors.js';

const ENOENT = 2;
const EACCES = 13;
const ENOEXEC = 8;
const EPERM = 1;
const EINVAL = 22;

export function shimError(stage: string, errno: number, text: string): TslabError {
  const code = `E_SHIM_${stage.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const context = { stage, errno, text };
  if (stage === 'exec') {
    if (errno === ENOENT) {
      return new TslabError(code, `command not found in the container: ${text}`, {
        exitCode: ExitCode.notFound,
        context,
        hint: 'the sandbox only has what its root filesystem holds: list it with `tslab run --rm busybox ls /bin`',
      });
    }
    if (errno === EACCES || errno === ENOEXEC) {
      return new TslabError(code, `command is not executable in the container: ${text}`, {
        exitCode: ExitCode.notExecutable,
        context,
        hint: 'check the file is a program for this machine with its x bit set (chmod +x)',
      });
    }
  }
  return new TslabError(code, `container setup failed at ${stage}: ${text}`, { context, hint: hintFor(errno) });
}

function hintFor(errno: number): string | undefined {
  switch (errno) {
    case EPERM:
      return 'this needs CAP_SYS_ADMIN on the host: run tslab as root (sudo)';
    case EINVAL:
      return 'the kernel rejected the arguments; `tslab doctor` shows which features this kernel has';
    case ENOENT:
      return 'a path the container needs is missing; `tslab gc` clears half-made containers';
    default:
      return undefined;
  }
}
