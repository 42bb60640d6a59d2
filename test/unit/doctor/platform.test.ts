import t from 'tap';
import { detectPlatform, platformChecks } from '../../../src/engine/doctor/platform.js';

const debian = 'Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)\n';
const wsl2 = 'Linux version 5.15.146.1-microsoft-standard-WSL2 (root@65c757a075e2) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.37) #1 SMP Thu Jan 11 04:09:03 UTC 2024\n';
const wsl2Old = 'Linux version 4.19.128-microsoft-standard (oe-user@oe-host) (gcc version 8.2.0 (GCC)) #1 SMP Tue Jun 23 12:58:10 UTC 2020\n';
const wsl1 = 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft Sat Sep 11 14:32:00 PST 2021\n';

t.test('/proc/version', async (t) => {
  t.same(detectPlatform('linux', debian, {}), { kind: 'linux', kernel: '6.1.0-18-amd64' });
  t.same(detectPlatform('linux', wsl2, {}), { kind: 'wsl2', kernel: '5.15.146.1-microsoft-standard-WSL2' });
  t.equal(detectPlatform('linux', wsl2Old, {}).kind, 'wsl2');
  t.equal(detectPlatform('linux', wsl1, { WSL_DISTRO_NAME: 'Ubuntu' }).kind, 'wsl1');
  t.equal(detectPlatform('linux', debian, { WSL_DISTRO_NAME: 'Debian' }).kind, 'wsl2', 'custom kernel under WSL2');
  t.equal(detectPlatform('linux', undefined, {}).kind, 'linux');
  t.same(detectPlatform('darwin', undefined, {}), { kind: 'darwin' });
  t.same(detectPlatform('win32', undefined, {}), { kind: 'win32' });
  t.same(detectPlatform('freebsd', undefined, {}), { kind: 'other' });
});

t.test('one clear message per platform', async (t) => {
  t.match(platformChecks({ kind: 'linux', kernel: '6.1.0' })[0], { status: 'ok', detail: 'Linux 6.1.0' });
  t.match(platformChecks({ kind: 'darwin' })[0], { status: 'missing', required: true, fix: /Linux VM.*multipass/ });
  t.match(platformChecks({ kind: 'win32' })[0], { status: 'missing', fix: /WSL2/ });
  t.match(platformChecks({ kind: 'wsl1' })[0], { status: 'missing', detail: /no namespaces or cgroups/, fix: /wsl --set-version/ });
  t.match(platformChecks({ kind: 'wsl2', kernel: '5.15' })[0], { status: 'warn', required: false, fix: /systemd=true.*wsl\.conf/ });
});
