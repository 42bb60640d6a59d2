import t from 'tap';
import { namespaceChecks, probeNamespaces } from '../../../src/engine/doctor/namespaces.js';
import { rootChecks } from '../../../src/engine/doctor/root.js';
import { ipForwardChecks, probeIpForward } from '../../../src/engine/doctor/ipforward.js';
import type { ProbeContext } from '../../../src/engine/doctor/types.js';
import { Host } from '../../../src/engine/host.js';

const all = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'];

t.test('probe reads a proc tree given as a root', async (t) => {
  const procRoot = t.testdir({
    self: { ns: Object.fromEntries(['ipc', 'mnt', 'pid', 'uts', 'user'].map((ns) => [ns, ''])) },
    sys: { user: { max_user_namespaces: '0\n' }, kernel: { unprivileged_userns_clone: '0\n' }, net: { ipv4: { ip_forward: '1\n' } } },
  });
  const ctx: ProbeContext = { host: new Host(), procRoot, env: {}, platform: 'linux', euid: 0 };
  const info = await probeNamespaces(ctx);
  t.same(info, { present: ['ipc', 'mnt', 'pid', 'user', 'uts'], maxUserNamespaces: 0, unprivilegedUsernsClone: 0 });
  const [ns, userns] = namespaceChecks(info);
  t.match(ns, { status: 'missing', required: true, detail: /missing: net cgroup/, fix: /CONFIG_NET_NS/ });
  t.match(userns, { status: 'warn', required: false, fix: 'sysctl -w user.max_user_namespaces=15000' });
  t.equal(await probeIpForward(ctx), 1);
});

t.test('all namespaces; unprivileged_userns_clone=0 does not matter to root', async (t) => {
  const [ns, userns] = namespaceChecks({ present: all, maxUserNamespaces: 63000, unprivilegedUsernsClone: 0 });
  t.match(ns, { status: 'ok', detail: 'pid uts ipc mnt net user cgroup' });
  t.match(userns, { status: 'ok', detail: /root does not need it/ });
  t.equal(namespaceChecks({ present: all, maxUserNamespaces: 63000, unprivilegedUsernsClone: undefined })[1]?.detail, 'enabled (max 63000)');
});

t.test('optional namespaces missing is a warning, unreadable /proc is missing', async (t) => {
  const present = all.filter((ns) => ns !== 'cgroup');
  t.equal(namespaceChecks({ present, maxUserNamespaces: 1, unprivilegedUsernsClone: undefined })[0]?.status, 'warn');
  t.equal(namespaceChecks({ present: undefined, maxUserNamespaces: undefined, unprivilegedUsernsClone: undefined })[0]?.status, 'missing');
});

t.test('root and ip_forward', async (t) => {
  t.equal(rootChecks(0)[0]?.status, 'ok');
  t.match(rootChecks(1000)[0], { status: 'missing', required: true, fix: /sudo/ });
  t.match(ipForwardChecks(0)[0], { status: 'warn', required: false, detail: /turns it on .* records that it did/, fix: 'sysctl -w net.ipv4.ip_forward=1' });
  t.equal(ipForwardChecks(1)[0]?.status, 'ok');
});
