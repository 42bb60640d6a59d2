/**
 * Processes for the bench: spawn and time them (argument arrays, never a shell),
 * and read what the kernel says about a process (RSS, CPU time, children).
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface Timed {
  ms: number;
  /** CPU (user + system) of the process and every descendant it waited for, ms; meaningful when runs do not overlap. */
  cpuMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: 'ignore' | 'pipe';
  /** 'ignore' for programs that leave a process holding their output (runc/crun run -d). */
  output?: 'pipe' | 'ignore';
  timeoutMs?: number;
  cwd?: string;
}

/** Run a program to its end; `ms` is wall time from spawn to exit, as seen by this process. */
export function timed(file: string, args: readonly string[], options: RunOptions = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const output = options.output ?? 'pipe';
    const stdio: StdioOptions = [options.stdin ?? 'ignore', output, output];
    const start = performance.now();
    const cpuBefore = childrenCpuMs();
    const child = spawn(file, args, { stdio, env: options.env ?? process.env, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - start, cpuMs: childrenCpuMs() - cpuBefore, code: code ?? (signal ? 128 : null), stdout, stderr });
    });
  });
}

/** Like `timed`, but a non-zero exit is an error that says what ran and what it printed. */
export async function must(file: string, args: readonly string[], options: RunOptions = {}): Promise<Timed> {
  const result = await timed(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 800)}`);
  }
  return result;
}

export function commandExists(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  return dirs.some((dir) => {
    try {
      return readdirSync(dir).includes(name);
    } catch {
      return false;
    }
  });
}

export interface Memory {
  /** VmRSS, KiB. */
  rss: number;
  rssAnon: number;
  rssFile: number;
  /** Proportional set size (shared pages divided among sharers), KiB. */
  pss?: number;
}

export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    let pss: number | undefined;
    try {
      pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]);
    } catch {
      pss = undefined;
    }
    return { rss: field('VmRSS'), rssAnon: field('RssAnon'), rssFile: field('RssFile'), ...(pss === undefined ? {} : { pss }) };
  } catch {
    return undefined;
  }
}

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command: state is index 0, utime 11, stime 12 (man 5 proc, fields 14 and 15).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** cutime + cstime of this process: CPU of every waited-for descendant, ms. */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) / clockTicks) * 1000;
}

/** USER_HZ; 100 on every Linux architecture Node runs on. */
const clockTicks = 100;

export function commOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Every process whose environment has NAME=VALUE (how the bench finds what it started). */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    });
}

/** The process and all its descendants (from /proc/PID/task/TID/children). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let children: number[] = [];
    try {
      children = readdirSync(`/proc/${p}/task`).flatMap((tid) =>
        readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
    } catch {
      children = [];
    }
    for (const child of children) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

export const sleep = (msec: number) => new Promise((resolve) => setTimeout(resolve, msec));
