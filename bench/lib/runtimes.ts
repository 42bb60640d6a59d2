/** How each runtime starts /bin/true (or sleep) in the bench's environment. */
import { timed, type Timed } from './proc.js';
import { tslabBin, type BenchEnv } from './setup.js';

export type Runtime = 'tslab' | 'runc' | 'crun' | 'node -e 0';

export interface Capabilities {
  /** `tslab run` knows --net (and -p): the networking CLI has landed. */
  net: boolean;
  publish: boolean;
}

export async function tslabCapabilities(bench: BenchEnv): Promise<Capabilities> {
  const help = await timed(process.execPath, [tslabBin, 'run', '--help'], { env: bench.env });
  const text = help.stdout + help.stderr;
  return { net: /--net\b/.test(text), publish: /(^|[\s[])(-p|--publish)\b/.test(text) };
}

let counter = 0;
export const nextId = (bench: BenchEnv, runtime: string): string => `${bench.idPrefix}-${runtime}-${++counter}`;

export function tslabRunArgs(extra: readonly string[], command: readonly string[] = ['/bin/true']): string[] {
  return [tslabBin, 'run', '--rm', ...extra, 'busybox', ...command];
}

/** One start-to-exit of /bin/true, no network. */
export function startToExit(bench: BenchEnv, runtime: Runtime, caps: Capabilities): Promise<Timed> {
  switch (runtime) {
    case 'tslab':
      return timed(process.execPath, tslabRunArgs(caps.net ? ['--net', 'none'] : []), { env: bench.env });
    case 'runc':
      return timed('runc', ['--root', bench.runcRoot, 'run', '--bundle', bench.bundles.true, nextId(bench, 'runc')], { env: bench.env });
    case 'crun':
      return timed('crun', ['--root', bench.crunRoot, 'run', '--bundle', bench.bundles.true, nextId(bench, 'crun')], { env: bench.env });
    case 'node -e 0':
      return timed(process.execPath, ['-e', '0'], { env: bench.env });
  }
}

export async function versions(): Promise<Record<string, string>> {
  const first = async (file: string, args: string[]) => (await timed(file, args).catch(() => undefined))?.stdout.split('\n')[0]?.trim() ?? 'missing';
  return {
    runc: await first('runc', ['--version']),
    crun: await first('crun', ['--version']),
    node: process.version,
    tslab: await first(process.execPath, [tslabBin, '--version']),
  };
}
