/**
 * The one way the engine touches the host: host tools run through execa with an
 * argument array (never a shell), kernel files are written directly; both are
 * recorded in the transcript as the command a learner could type instead.
 */
import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { TslabError, errnoCode } from './errors.js';
import { shellQuote, transcript } from './transcript.js';

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

const missingToolHint = 'Run `tslab setup` to install the host tools tslab needs.';

export async function runHost(tool: string, args: readonly string[], options: RunHostOptions = {}): Promise<HostResult> {
  if (!options.quiet) {
    const shown = [tool, ...args].map(shellQuote).join(' ');
    transcript.record('command', options.input === undefined ? shown : `${shown} <<'EOF'\n${options.input.trimEnd()}\nEOF`);
  }
  try {
    // execa costs ~150 ms to import; commands that never run a host tool should not pay for it.
    const { execa } = await import('execa');
    const result = await execa(tool, args, {
      input: options.input ?? '',
      reject: false,
      stripFinalNewline: true,
    });
    if (result.failed && result.exitCode === undefined) {
      throw result;
    }
    const exitCode = result.exitCode ?? 1;
    if (exitCode !== 0 && !options.allowFailure) {
      throw new TslabError('E_HOST_COMMAND', `${tool} ${args.join(' ')} failed: ${lastLine(result.stderr) || `exit ${exitCode}`}`, {
        context: { tool, args, exitCode, stderr: result.stderr },
      });
    }
    return { stdout: result.stdout, stderr: result.stderr, exitCode };
  } catch (error) {
    if (error instanceof TslabError) throw error;
    if (errnoCode(error) === 'ENOENT') {
      throw new TslabError('E_TOOL_MISSING', `${tool} is not installed on this machine`, { hint: missingToolHint, cause: error });
    }
    throw new TslabError('E_HOST_COMMAND', `could not run ${tool}: ${(error as Error).message}`, { cause: error });
  }
}

/** Write a kernel (cgroupfs, procfs, sysfs) file, recorded as `echo VALUE > PATH`. */
export async function writeKernelFile(path: string, value: string): Promise<void> {
  transcript.record('write', `echo ${shellQuote(value)} > ${shellQuote(path)}`);
  await writeFile(path, value);
}

/** Synchronous variant for the rare places that must not yield (signal handlers, exit paths). */
export function writeKernelFileSync(path: string, value: string): void {
  transcript.record('write', `echo ${shellQuote(value)} > ${shellQuote(path)}`);
  writeFileSync(path, value);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
