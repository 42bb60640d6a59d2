/**
 * Starts tslab-shim and speaks its control protocol over fd 3. The shim is
 * tslab's own binary, not a host tool, so it is spawned directly with the extra
 * socket the protocol needs.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { TslabError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { Transcript } from '../transcript.js';
import { shimError } from './errors.js';
import { decodeMessage, encodeConfig, EXEC_MESSAGE, GO_MESSAGE, LineSplitter, REAPED_MESSAGE, type ConfigRecord, type ShimMessage } from './protocol.js';

export function shimBinary(): string {
  return path.join(packageRoot(), 'native', 'build', 'tslab-shim');
}

export type StdioTarget = 'inherit' | 'ignore' | number;

export interface ShimStartOptions {
  stdin: StdioTarget;
  stdout: StdioTarget;
  stderr: StdioTarget;
  /** Own session and process group: the shim outlives the CLI (tslab run -d). */
  detached: boolean;
  /** Where the shim's trace lines (the syscalls it made) are recorded. */
  transcript: Transcript;
  /**
   * Started through `setsid -f`, so this process is never the shim's parent and never reaps it:
   * a subreaper above (an OCI supervisor such as conmon) gets its exit status. Its pid is then
   * only known from the shim's `1 pid` message.
   */
  orphan?: boolean;
}

type Closed = { tag: 'closed'; exitCode: number | null };
/** A line that could not be read: the session ends with this error instead of an uncaught throw in a stream handler. */
type Invalid = { tag: 'invalid'; error: unknown };

export class ShimSession {
  readonly #child: ChildProcess;
  readonly #control: Duplex;
  readonly #transcript: Transcript;
  readonly #queue: Array<ShimMessage | Closed | Invalid> = [];
  #waiter: ((message: ShimMessage | Closed | Invalid) => void) | undefined;
  #closed = false;
  #exited: Promise<number | null>;

  private constructor(child: ChildProcess, transcript: Transcript) {
    this.#child = child;
    this.#transcript = transcript;
    this.#control = child.stdio[3] as Duplex;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
      // The binary could not be started (EACCES while it is rebuilt, ENOEXEC): no 'exit' follows.
      child.once('error', (error) => {
        this.#deliver({ tag: 'invalid', error: new TslabError('E_SHIM_START', `could not start ${shimBinary()}: ${error.message}`, { hint: 'rebuild it with `npm run build` (a build may be running right now), then run again', cause: error }) });
        resolve(null);
      });
    });
    const splitter = new LineSplitter();
    this.#control.setEncoding('utf8');
    this.#control.on('data', (chunk: string) => {
      try {
        for (const line of splitter.push(chunk)) this.#receive(decodeMessage(line));
      } catch (error) {
        this.#deliver({ tag: 'invalid', error });
        this.#control.destroy();
        this.#child.kill('SIGKILL');
      }
    });
    this.#control.on('error', () => undefined);
    this.#control.on('close', () => {
      if (this.#closed) return;
      this.#closed = true;
      void this.#exited.then((exitCode) => this.#deliver({ tag: 'closed', exitCode }));
    });
  }

  static start(records: readonly ConfigRecord[], options: ShimStartOptions): ShimSession {
    const binary = shimBinary();
    if (!existsSync(binary)) {
      throw new TslabError('E_SHIM_MISSING', `the native helper ${binary} is not built`, { hint: 'build it with `npm run build` (needs a C compiler: `tslab setup`)' });
    }
    const stdio: StdioOptions = [options.stdin, options.stdout, options.stderr, 'pipe'];
    const child = options.orphan
      ? spawn('setsid', ['-f', binary], { stdio, detached: options.detached, env: process.env })
      : spawn(binary, [], { argv0: 'tslab-shim', stdio, detached: options.detached, env: process.env });
    const session = new ShimSession(child, options.transcript);
    (session.#control as Duplex).write(encodeConfig(records));
    return session;
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  /** Wait for `1 pid`: the container process exists and waits for `go`. */
  async waitForPid(): Promise<number> {
    const message = await this.#expect('pid');
    return message.pid;
  }

  go(): void {
    this.#control.write(GO_MESSAGE);
  }

  /** Run mode, after `go`: wait for `5 inside` (mounts made, root pivoted, nothing of the user's run yet). */
  async waitInside(): Promise<void> {
    await this.#expect('inside');
  }

  /** Run mode, after `5 inside`: exec the command (or init). */
  exec(): void {
    this.#control.write(EXEC_MESSAGE);
  }

  async waitStarted(): Promise<void> {
    await this.#expect('started');
  }

  /** Wait for `4 exit`; then call `release` once the exit is recorded. */
  async waitExit(): Promise<{ code: number; signal: number }> {
    const message = await this.#expect('exit');
    return { code: message.code, signal: message.signal };
  }

  /** Tell the shim its exit was reaped (`7 reaped`), so it ends without running its on_exit hook; wait for it to end. */
  async release(): Promise<void> {
    if (!this.#control.destroyed) this.#control.write(REAPED_MESSAGE);
    await this.#exited;
  }

  /** Stop listening: the shim carries on alone and runs its on_exit hook when the container ends. */
  detach(): void {
    this.#closed = true;
    this.#control.destroy();
    this.#child.unref();
  }

  /** Abort a start: closing the control socket before `go` makes the shim kill the container. */
  async abort(): Promise<void> {
    this.#closed = true;
    this.#control.destroy();
    await this.#exited;
  }

  async #expect<T extends ShimMessage['tag']>(tag: T): Promise<Extract<ShimMessage, { tag: T }>> {
    const message = await this.#next();
    if (message.tag === tag) return message as Extract<ShimMessage, { tag: T }>;
    if (message.tag === 'error') throw shimError(message.stage, message.errno, message.text);
    if (message.tag === 'invalid') throw message.error;
    if (message.tag === 'closed') {
      throw new TslabError('E_SHIM_DIED', `tslab-shim ended unexpectedly (exit ${message.exitCode ?? 'by signal'}) while waiting for "${tag}"`, {
        hint: 'run `tslab doctor` to check the kernel features, and `tslab gc` to clean up',
      });
    }
    throw new TslabError('E_SHIM_PROTOCOL', `tslab-shim sent "${message.tag}" while tslab waited for "${tag}"`);
  }

  #receive(message: ShimMessage): void {
    if (message.tag === 'trace') {
      this.#transcript.record('syscall', message.text);
      return;
    }
    this.#deliver(message);
  }

  #deliver(message: ShimMessage | Closed | Invalid): void {
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter(message);
    } else {
      this.#queue.push(message);
    }
  }

  #next(): Promise<ShimMessage | Closed | Invalid> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }
}
