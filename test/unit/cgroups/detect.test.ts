/** Choosing the cgroup version from mountinfo, and the small pure helpers around it. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { CgroupV1Driver, cpuQuotaUs, describeCgroups } from '../../../src/engine/cgroups/index.js';
import { Host } from '../../../src/engine/host.js';
import { v1Controllers } from '../../../src/engine/cgroups/detect.js';
import { parseKeyed, parseNumber, writeCgroupFile } from '../../../src/engine/cgroups/files.js';
import { parseMountinfo } from '../../../src/engine/observe/mountinfo.js';

const line = (id: number, mountPoint: string, fsType: string, options: string): string =>
  `${id} 23 0:${id} / ${mountPoint} rw,relatime - ${fsType} ${fsType} ${options}`;

const hybrid = [
  '25 1 8:1 / / rw,relatime - ext4 /dev/vda1 rw',
  line(31, '/sys/fs/cgroup', 'tmpfs', 'rw,mode=755'),
  line(32, '/sys/fs/cgroup/cpu', 'cgroup', 'rw,cpu'),
  line(33, '/sys/fs/cgroup/cpuacct', 'cgroup', 'rw,cpuacct'),
  line(35, '/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
  line(37, '/sys/fs/cgroup/freezer', 'cgroup', 'rw,freezer'),
  line(39, '/sys/fs/cgroup/pids', 'cgroup', 'rw,pids'),
  line(40, '/sys/fs/cgroup/systemd', 'cgroup', 'rw,xattr,name=systemd'),
  line(41, '/sys/fs/cgroup/unified', 'cgroup2', 'rw'),
].join('\n');

const noControllers = (): string[] => [];

t.test('hybrid: v1 controllers win even with a cgroup2 beside them', async (t) => {
  const info = describeCgroups(parseMountinfo(hybrid), noControllers);
  t.equal(info.version, 1);
  t.equal(info.mode, 'hybrid');
  t.same(info.controllers, ['cpu', 'cpuacct', 'freezer', 'memory', 'pids'], 'name=systemd is not a controller');
  t.equal(info.mounts.memory, '/sys/fs/cgroup/memory');
  t.equal(info.cgroup2, '/sys/fs/cgroup/unified', 'the cgroup2 beside them, for the doctor');
});

t.test('v1 mount options that are not controllers', async (t) => {
  t.same(v1Controllers({ superOptions: ['rw', 'xattr', 'release_agent=/x', 'name=systemd'] }), []);
  t.same(v1Controllers({ superOptions: ['ro', 'noprefix', 'clone_children', 'cpuset_v2_mode', 'favordynmods', 'all', 'none'] }), []);
  t.same(v1Controllers({ superOptions: ['rw', 'cpu', 'cpuacct'] }), ['cpu', 'cpuacct']);
  t.same(v1Controllers({ superOptions: ['rw', 'net_cls', 'net_prio'] }), ['net_cls', 'net_prio']);
});

t.test('legacy with cpu,cpuacct mounted together (and a space in a mount point)', async (t) => {
  const text = [
    line(32, '/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'),
    line(35, '/sys/fs/cgroup/my\\040memory', 'cgroup', 'rw,memory'),
    line(37, '/sys/fs/cgroup/freezer', 'cgroup', 'rw,freezer'),
    line(39, '/sys/fs/cgroup/pids', 'cgroup', 'rw,pids'),
    line(40, '/sys/fs/cgroup/devices', 'cgroup', 'rw,devices'),
  ].join('\n');
  const info = describeCgroups(parseMountinfo(text), noControllers);
  t.equal(info.mode, 'legacy');
  t.equal(info.cgroup2, undefined);
  t.equal(info.mounts.cpu, '/sys/fs/cgroup/cpu,cpuacct');
  t.equal(info.mounts.cpuacct, '/sys/fs/cgroup/cpu,cpuacct');
  t.equal(info.mounts.memory, '/sys/fs/cgroup/my memory');

  // The driver then has one directory (and one cgroup.procs) for cpu and cpuacct.
  const root = t.testdir({});
  const mounts = Object.fromEntries(Object.entries(info.mounts).map(([c, m]) => [c, join(root, m)]));
  for (const dir of new Set(Object.values(mounts))) mkdirSync(join(dir, 'tslab', 'x'), { recursive: true });
  const group = new CgroupV1Driver({ mounts, parent: 'tslab', host: new Host() }).open('x');
  t.ok(group);
  t.equal(group!.paths.cpu, group!.paths.cpuacct);
  t.equal(group!.procsFiles().length, 5);
});

t.test('a v1 host without the memory controller is told so by the driver', async (t) => {
  const driver = new CgroupV1Driver({ mounts: { cpu: '/x/cpu', cpuacct: '/x/cpu', pids: '/x/pids', freezer: '/x/f' }, parent: 'tslab', host: new Host() });
  await t.rejects(driver.create('c'), { code: 'E_CGROUP_NO_CONTROLLER', message: 'the memory controller is not available', hint: /cgroup_enable=memory/ });
});

t.test('unified: cgroup2 at /sys/fs/cgroup', async (t) => {
  const text = [line(31, '/sys/fs/cgroup', 'cgroup2', 'rw,nsdelegate,memory_recursiveprot')].join('\n');
  const info = describeCgroups(parseMountinfo(text), (mount) => (mount === '/sys/fs/cgroup' ? ['pids', 'cpu', 'memory'] : []));
  t.same(info, { version: 2, mode: 'unified', controllers: ['cpu', 'memory', 'pids'], mounts: { unified: '/sys/fs/cgroup' } });
});

t.test('no cgroup filesystem, or a cgroup2 without controllers: a clear error', async (t) => {
  t.throws(() => describeCgroups(parseMountinfo(hybrid.split('\n')[0]!), noControllers), {
    code: 'E_CGROUP_UNAVAILABLE',
    hint: /mount -t cgroup2/,
  });
  t.throws(() => describeCgroups(parseMountinfo(line(41, '/sys/fs/cgroup/unified', 'cgroup2', 'rw')), noControllers), {
    code: 'E_CGROUP_UNAVAILABLE',
    hint: /unified_cgroup_hierarchy/,
  });
});

t.test('helpers', async (t) => {
  t.equal(cpuQuotaUs(0.5), 50_000);
  t.equal(cpuQuotaUs(2), 200_000);
  t.equal(cpuQuotaUs(0.01), 1_000);
  t.same([...parseKeyed('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n')], [
    ['oom_kill_disable', '0'],
    ['under_oom', '0'],
    ['oom_kill', '3'],
  ]);
  t.equal(parseNumber('max', 'pids.max'), Number.POSITIVE_INFINITY);
  t.throws(() => parseNumber('lots', 'pids.max'), { code: 'E_CGROUP_PARSE' });
  const dir = t.testdir({});
  await t.rejects(writeCgroupFile(new Host(), join(dir, 'gone', 'memory.max'), '1'), { code: 'E_CGROUP_MISSING' });
});
