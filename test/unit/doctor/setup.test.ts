import t, { type Test } from 'tap';
import { chmodSync } from 'node:fs';
import { ensureHostTools } from '../../../src/engine/setup.js';
import { TslabError } from '../../../src/engine/errors.js';
import type { ProbeContext } from '../../../src/engine/doctor/types.js';
import { Host } from '../../../src/engine/host.js';

/**
 * A PATH with nothing on it but, optionally, a fake apt-get (exit 99): ensureHostTools
 * runs the apt-get it found on the context's PATH, so these tests never touch the real one.
 */
function context(t: Test, opts: { apt: boolean; euid: number; sbin?: Record<string, string> }): ProbeContext {
  const dir = t.testdir({ bin: opts.apt ? { 'apt-get': '#!/bin/sh\nexit 99\n' } : {}, sbin: opts.sbin ?? {} });
  if (opts.apt) chmodSync(`${dir}/bin/apt-get`, 0o755);
  for (const name of Object.keys(opts.sbin ?? {})) chmodSync(`${dir}/sbin/${name}`, 0o755);
  return { host: new Host(), procRoot: '/proc', env: { PATH: `${dir}/bin` }, platform: 'linux', euid: opts.euid, offPathDirs: [`${dir}/sbin`] };
}

t.test('not Debian: the error lists the packages to install by hand', async (t) => {
  const error = await ensureHostTools({ context: context(t, { apt: false, euid: 0 }) }).catch((e: unknown) => e);
  t.ok(error instanceof TslabError);
  t.match(error, { code: 'E_SETUP_NO_APT', hint: /iproute2.*iptables.*busybox-static.*gcc \+ libc6-dev.*make/ });
});

t.test('not root: a clear error, nothing run', async (t) => {
  const error = await ensureHostTools({ context: context(t, { apt: true, euid: 1000 }) }).catch((e: unknown) => e);
  t.match(error, { code: 'E_SETUP_NOT_ROOT', hint: /sudo tslab setup/ });
});

t.test('dry run names the packages and installs nothing', async (t) => {
  const lines: string[] = [];
  const result = await ensureHostTools({ dryRun: true, log: (line) => lines.push(line), context: context(t, { apt: true, euid: 1000 }) });
  t.same(result.packages.slice(0, 3), ['iproute2', 'iptables', 'busybox-static']);
  t.ok(result.packages.includes('make'));
  t.match(lines.at(-1), /^would run: apt-get install -y --no-install-recommends iproute2 iptables busybox-static/);
});

t.test('installed but not on PATH: says so instead of reinstalling', async (t) => {
  const ctx = context(t, { apt: true, euid: 0, sbin: { make: '#!/bin/sh\n' } });
  t.match(await ensureHostTools({ context: ctx }).catch((e: unknown) => e), { code: 'E_SETUP_PATH', message: /make/ });
});

t.test('as root it runs the apt-get it found, and reports its failure', async (t) => {
  const error = await ensureHostTools({ context: context(t, { apt: true, euid: 0 }) }).catch((e: unknown) => e);
  t.match(error, { code: 'E_HOST_COMMAND', context: { tool: 'env', exitCode: 99 } });
  t.match((error as TslabError).context?.args, ['DEBIAN_FRONTEND=noninteractive', /\/bin\/apt-get$/, 'update']);
});

t.test('not Linux', async (t) => {
  const ctx = { ...context(t, { apt: true, euid: 0 }), platform: 'darwin' as const };
  t.match(await ensureHostTools({ context: ctx }).catch((e: unknown) => e), { code: 'E_SETUP_PLATFORM' });
});
