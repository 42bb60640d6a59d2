import t from 'tap';
import { readFileSync } from 'node:fs';
import {
  cgroupChecks,
  cgroupLayout,
  kernelAtLeast,
  locateController,
  parseProcCgroups,
  type CgroupInfo,
} from '../../../src/engine/doctor/cgroups.js';
import { parseMountinfo } from '../../../src/engine/observe/mountinfo.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');
/** cgroup.controllers of the fixtures' cgroup2 mounts: the v2 host's root, and the hybrid host's unified one. */
const controllersOf = (mountPoint: string): string[] =>
  mountPoint === '/sys/fs/cgroup' ? ['cpuset', 'cpu', 'io', 'memory', 'pids'] : mountPoint === '/sys/fs/cgroup/unified' ? ['hugetlb'] : [];
const layoutOf = (name: string) => cgroupLayout(parseMountinfo(fixture(name)), controllersOf);
const line = (id: number, mountPoint: string, fsType: string, options: string): string =>
  `${id} 23 0:${id} / ${mountPoint} rw,relatime - ${fsType} ${fsType} ${options}`;

const info = (overrides: Partial<CgroupInfo>): CgroupInfo => ({
  version: 'v2',
  v1: {},
  v2Mount: '/sys/fs/cgroup',
  v2Controllers: ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc'],
  procCgroups: undefined,
  kernelRelease: '6.1.0-18-amd64',
  swapAccounting: true,
  ...overrides,
});

t.test('pure v2: cgroup2 at /sys/fs/cgroup, no v1 hierarchies', async (t) => {
  t.same(layoutOf('mountinfo-v2.txt'), {
    version: 'v2',
    v1: {},
    v2Mount: '/sys/fs/cgroup',
    v2Controllers: ['cpu', 'cpuset', 'io', 'memory', 'pids'],
  });
});

t.test('the layout is the engine\'s choice: v1 hierarchies beside cgroup2 at /sys/fs/cgroup are not used', async (t) => {
  const text = [line(31, '/sys/fs/cgroup', 'cgroup2', 'rw'), line(32, '/sys/fs/cgroup/net_cls', 'cgroup', 'rw,net_cls')].join('\n');
  t.same(cgroupLayout(parseMountinfo(text), controllersOf), {
    version: 'v2',
    v1: {},
    v2Mount: '/sys/fs/cgroup',
    v2Controllers: ['cpu', 'cpuset', 'io', 'memory', 'pids'],
  });
});

t.test('v1: one hierarchy per controller, co-mounted ones and name=systemd', async (t) => {
  const layout = layoutOf('mountinfo-v1.txt');
  t.equal(layout.version, 'v1');
  t.equal(layout.v2Mount, undefined);
  t.equal(layout.v1.cpu, '/sys/fs/cgroup/cpu,cpuacct');
  t.equal(layout.v1.cpuacct, '/sys/fs/cgroup/cpu,cpuacct');
  t.equal(layout.v1.memory, '/sys/fs/cgroup/memory');
  t.notOk('name=systemd' in layout.v1, 'a named hierarchy carries no controller');
  t.notOk('xattr' in layout.v1, 'mount options are not controllers');
  t.same(layout.v2Controllers, []);
  t.notOk(Object.keys(layout.v1).some((key) => key.startsWith('release_agent')));
});

t.test('hybrid: v1 controllers plus cgroup2 at /sys/fs/cgroup/unified', async (t) => {
  const layout = layoutOf('mountinfo-hybrid.txt');
  t.equal(layout.version, 'hybrid');
  t.equal(layout.v2Mount, '/sys/fs/cgroup/unified');
  t.equal(layout.v1.memory, '/sys/fs/cgroup/memory');
  t.equal(layout.v1.freezer, '/sys/fs/cgroup/freezer');
  t.same(layout.v2Controllers, ['hugetlb']);
  t.equal(
    cgroupChecks(info({ ...layout, kernelRelease: '4.19.0' }))[0]?.detail,
    'hybrid: the controllers tslab uses are on v1, a tree of their own each; a cgroup v2 tree at /sys/fs/cgroup/unified holds only hugetlb, which tslab does not use',
  );
});

t.test('no cgroup filesystem at all', async (t) => {
  t.same(cgroupLayout([], controllersOf), { version: 'none', v1: {}, v2Controllers: [] });
  const bare = parseMountinfo(line(41, '/mnt/cgroup2', 'cgroup2', 'rw'));
  t.equal(cgroupLayout(bare, controllersOf).version, 'none', 'a cgroup2 without controllers is not usable');
  t.equal(cgroupChecks(info({ version: 'none', v2Mount: undefined, v2Controllers: [] }))[0]?.status, 'missing');
});

t.test('/proc/cgroups', async (t) => {
  const parsed = parseProcCgroups(fixture('proc-cgroups-hybrid.txt'));
  t.same(parsed.memory, { hierarchy: 4, enabled: true });
  t.same(parsed.hugetlb, { hierarchy: 0, enabled: true });
  t.notOk('#subsys_name' in parsed);
  t.same(parseProcCgroups('#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t0\t1\t0\n').memory, { hierarchy: 0, enabled: false });
});

t.test('controllers: v1 wins in hybrid, v2 from cgroup.controllers, freezer built into v2 since 5.2', async (t) => {
  const hybrid = info({ ...layoutOf('mountinfo-hybrid.txt'), v2Controllers: [] });
  t.same(locateController(hybrid, 'memory'), { where: 'v1', path: '/sys/fs/cgroup/memory' });
  const v2 = info({});
  t.same(locateController(v2, 'pids'), { where: 'v2', path: '/sys/fs/cgroup' });
  t.same(locateController(v2, 'freezer'), { where: 'v2', path: '/sys/fs/cgroup' });
  t.equal(locateController(info({ kernelRelease: '4.19.0-6-amd64' }), 'freezer').where, 'none');
  t.ok(kernelAtLeast('5.2.0', 5, 2));
  t.notOk(kernelAtLeast('5.1.21', 5, 2));
  t.ok(kernelAtLeast('6.0', 5, 2));
  t.notOk(kernelAtLeast(undefined, 5, 2));
});

t.test('checks: all ok on a v2 host', async (t) => {
  const checks = cgroupChecks(info({}));
  t.same(
    checks.map((c) => [c.id, c.status]),
    [
      ['cgroups', 'ok'],
      ['cgroup.memory', 'ok'],
      ['cgroup.cpu', 'ok'],
      ['cgroup.pids', 'ok'],
      ['cgroup.freezer', 'ok'],
      ['cgroup.memsw', 'ok'],
    ],
  );
  t.match(checks.find((c) => c.id === 'cgroup.freezer')?.detail, /cgroup\.freeze/);
});

t.test('checks: missing controllers say how to fix them', async (t) => {
  const checks = cgroupChecks(
    info({
      version: 'hybrid',
      v1: { cpu: '/sys/fs/cgroup/cpu' },
      v2Mount: '/sys/fs/cgroup/unified',
      v2Controllers: [],
      procCgroups: { memory: { hierarchy: 0, enabled: false }, pids: { hierarchy: 0, enabled: true } },
      kernelRelease: '4.15.0',
      swapAccounting: false,
    }),
  );
  const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
  t.match(byId['cgroup.memory'], { status: 'missing', required: true, fix: /cgroup_disable=memory/ });
  t.match(byId['cgroup.pids'], { status: 'missing', detail: /not mounted/, fix: 'mkdir -p /sys/fs/cgroup/pids && mount -t cgroup -o pids cgroup /sys/fs/cgroup/pids' });
  t.match(byId['cgroup.freezer'], { status: 'warn', required: false, fix: /CONFIG_CGROUP_FREEZER/ });
  t.match(byId['cgroup.memsw'], { status: 'warn', fix: /swapaccount/ });
  t.equal(byId['cgroup.cpu']?.status, 'ok');
});
