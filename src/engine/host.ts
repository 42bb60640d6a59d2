/**
 * The one way the engine touches the host: host tools run through execa with an
 * argument array (never a shell), kernel files are written directly; both are
 * recorded in the engine's transcript as the command a learner could type instead.
 *
 * `Host` is a member of the Engine, not a module global: each engine has its own
 * transcript, and tests give it a recording fake (`HostCommands`) so lifecycle,
 * network and gc logic run without root and without touching the machine.
 */
import { writeFile } from 'node:fs/promises';
import { TslabError, errnoCode } from './errors.js';
import { shellQuote, Transcript, type TranscriptKind } from './transcript.js';

export interface HostResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunHostOptions {
  /** Data for the tool's stdin (e.g. an `ip -batch -` or `iptables-restore` script). */
  input?: string;
  /** Return a non-zero exit as a result instead of throwing. */
  allowFailure?: boolean;
  /** Do not record (read-only probes that would drown the transcript). */
  quiet?: boolean;
}

/** The seam: what actually reaches the machine. A non-zero exit is a result, not a throw. */
export interface HostCommands {
  run(tool: string, args: readonly string[], input: string): Promise<HostResult>;
  writeFile(path: string, value: string): Promise<void>;
}

const realHostCommands: HostCommands = {
  async run(tool, args, input) {
    // execa costs ~150 ms to import; commands that never run a host tool should not pay for it.
    const { execa } = await import('execa');
    const result = await execa(tool, args, { input, reject: false, stripFinalNewline: true });
    if (result.failed && result.exitCode === undefined) throw result;
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? 1 };
  },
  writeFile: (path, value) => writeFile(path, value),
};

const missingToolHint = 'Run `tslab setup` to install the host tools tslab needs.';

export class Host {
  constructor(
    readonly transcript: Transcript = new Transcript(),
    readonly commands: HostCommands = realHostCommands,
  ) {}

  /** Record what was done in-process (mkdir, rmdir, kill) as the command a learner would type. */
  record(kind: TranscriptKind, text: string): void {
    this.transcript.record(kind, text);
  }

  async run(tool: string, args: readonly string[], options: RunHostOptions = {}): Promise<HostResult> {
    if (!options.quiet) this.record('command', commandText(tool, args, options.input));
    let result: HostResult;
    try {
      result = await this.commands.run(tool, args, options.input ?? '');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') {
        throw new TslabError('E_TOOL_MISSING', `${tool} is not installed on this machine`, { hint: missingToolHint, cause: error });
      }
      throw new TslabError('E_HOST_COMMAND', `could not run ${tool}: ${(error as Error).message}`, { cause: error });
    }
    if (result.exitCode !== 0 && !options.allowFailure) {
      throw new TslabError('E_HOST_COMMAND', `${tool} ${args.join(' ')} failed: ${lastLine(result.stderr) || `exit ${result.exitCode}`}`, {
        context: { tool, args, exitCode: result.exitCode, stderr: result.stderr },
      });
    }
    return result;
  }

  /** Write a kernel (cgroupfs, procfs, sysfs) file, recorded as `echo VALUE > PATH`. */
  async writeKernelFile(path: string, value: string): Promise<void> {
    this.record('write', writeText(path, value));
    await this.commands.writeFile(path, value);
  }
}

/** A command as a learner would type it; stdin shown as a here-document. */
function commandText(tool: string, args: readonly string[], input?: string): string {
  const shown = [tool, ...args].map(shellQuote).join(' ');
  return input === undefined ? shown : `${shown} <<'EOF'\n${input.trimEnd()}\nEOF`;
}

const writeText = (path: string, value: string): string => `echo ${shellQuote(value)} > ${shellQuote(path)}`;

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
