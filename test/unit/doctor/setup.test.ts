import t, { type Test } from 'tap';
import { chmodSync } from 'node:fs';
import { ensureHostTools } from '../../../src/engine/setup.js';
import { TslabError } from '../../../src/engine/errors.js';
import type { ProbeContext } from '../../../src/engine/doctor/types.js';

/** A PATH with nothing on it but, optionally, a fake apt-get that must never run. */
function context(t: Test, opts: { apt: boolean; euid: number }): ProbeContext {
  const dir = t.testdir(opts.apt ? { 'apt-get': '#!/bin/sh\nexit 99\n' } : {});
  if (opts.apt) chmodSync(`${dir}/apt-get`, 0o755);
  return { procRoot: '/proc', env: { PATH: dir }, platform: 'linux', euid: opts.euid };
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

t.test('not Linux', async (t) => {
  const ctx = { ...context(t, { apt: true, euid: 0 }), platform: 'darwin' as const };
  t.match(await ensureHostTools({ context: ctx }).catch((e: unknown) => e), { code: 'E_SETUP_PLATFORM' });
});
