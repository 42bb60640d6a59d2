/**
 * The v2 driver against a fake cgroupfs: a temp directory laid out like
 * /sys/fs/cgroup, where writes land in plain files. `ops` stands in for the two
 * things a plain directory cannot do like the kernel: rmdir of a directory full
 * of interface files, and processes dying on SIGKILL.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { type CgroupOps, CgroupV2Driver } from '../../../src/engine/cgroups/index.js';
import { Host } from '../../../src/engine/host.js';
import type { Transcript } from '../../../src/engine/transcript.js';

const read = (path: string): string => readFileSync(path, 'utf8');

interface Fake {
  root: string;
  driver: CgroupV2Driver;
  killed: Array<[number, string]>;
  removed: string[];
  transcript: Transcript;
  /** `echo VALUE > FILE` lines recorded while `fn` ran, paths relative to the root. */
  writes(fn: () => Promise<unknown>): Promise<string[]>;
}

/** A directory in tap's fixture syntax: name -> file contents or a nested directory. */
interface FixtureDir {
  [name: string]: string | FixtureDir;
}

function fakeTree(t: Test, files: FixtureDir = {}): Fake {
  const root = t.testdir({
    'cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n',
    'cgroup.subtree_control': '\n',
    ...files,
  });
  const killed: Array<[number, string]> = [];
  const removed: string[] = [];
  const ops: CgroupOps = {
    // The kernel removes a group's interface files with it; a plain directory needs rm -r.
    rmdir: async (path) => {
      removed.push(path.slice(root.length));
      await rm(path, { recursive: true });
    },
    // A killed process leaves every cgroup.procs it was listed in.
    kill: (pid, signal) => {
      killed.push([pid, signal]);
      for (const file of procsFiles(root)) {
        const left = read(file).split('\n').filter((line) => line !== '' && line !== String(pid));
        writeFileSync(file, left.join('\n'));
      }
    },
  };
  // A real host (writes land in the fixture's plain files), with its own transcript.
  const host = new Host();
  const transcript = host.transcript;
  const driver = new CgroupV2Driver({ root, parent: 'tslab', ops, host });
  return {
    root,
    driver,
    transcript,
    killed,
    removed,
    async writes(fn) {
      const mark = transcript.length;
      await fn();
      return transcript
        .since(mark)
        .filter((entry) => entry.kind === 'write')
        .map((entry) => entry.text.replaceAll(root, ''));
    },
  };
}

function procsFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) files.push(...procsFiles(join(dir, entry.name)));
    else if (entry.name === 'cgroup.procs') files.push(join(dir, entry.name));
  }
  return files;
}

t.test('create enables controllers, makes the group and writes exactly the limits', async (t) => {
  const fake = fakeTree(t);
  const writes = await fake.writes(() => fake.driver.create('c1', { memoryBytes: 32 << 20, cpus: 0.5, pidsMax: 20 }));
  t.same(writes, [
    'echo \'+memory +cpu +pids\' > /cgroup.subtree_control',
    'echo \'+memory +cpu +pids\' > /tslab/cgroup.subtree_control',
    'echo 33554432 > /tslab/c1/memory.max',
    "echo '50000 100000' > /tslab/c1/cpu.max",
    'echo 20 > /tslab/c1/pids.max',
  ]);
  t.equal(read(join(fake.root, 'tslab/c1/memory.max')), '33554432');
  t.equal(read(join(fake.root, 'tslab/c1/cpu.max')), '50000 100000');
  t.equal(read(join(fake.root, 'tslab/c1/pids.max')), '20');
  t.notOk(existsSync(join(fake.root, 'tslab/c1/memory.swap.max')), 'no swap file is invented without swap accounting');
  const mkdirs = fake.transcript.entries.filter((e) => e.kind === 'command' && e.text.startsWith('mkdir ') && e.text.includes(fake.root));
  t.same(mkdirs.map((e) => e.text.replace(fake.root, '')), ['mkdir /tslab', 'mkdir /tslab/c1']);
});

t.test('controllers already enabled are not written again; a second group only mkdirs', async (t) => {
  const fake = fakeTree(t, {
    'cgroup.subtree_control': 'cpu io memory pids\n',
    tslab: { 'cgroup.subtree_control': 'memory cpu pids\n', c0: {} },
  });
  const writes = await fake.writes(() => fake.driver.create('c2', { cpus: 2 }));
  t.same(writes, ["echo '200000 100000' > /tslab/c2/cpu.max"]);
  t.same(await fake.driver.list(), ['c0', 'c2']);
});

t.test('memory.swap.max is set to 0 where the kernel has it', async (t) => {
  // An empty leftover group of the same id is reused, as the kernel would show it.
  const fake = fakeTree(t, { tslab: { c3: { 'memory.swap.max': 'max\n', 'cgroup.procs': '' } } });
  const writes = await fake.writes(() => fake.driver.create('c3', { memoryBytes: 1 << 20 }));
  t.same(writes.slice(-2), ['echo 1048576 > /tslab/c3/memory.max', 'echo 0 > /tslab/c3/memory.swap.max']);
});

t.test('a leftover group with processes is refused', async (t) => {
  const fake = fakeTree(t, { tslab: { c4: { 'cgroup.procs': '4242\n' } } });
  await t.rejects(fake.driver.create('c4'), { code: 'E_CGROUP_EXISTS' });
});

t.test('a controller the root does not offer is named, with a hint, before anything is created', async (t) => {
  const fake = fakeTree(t, { 'cgroup.controllers': 'cpu pids\n' });
  await t.rejects(fake.driver.create('c5', {}), {
    code: 'E_CGROUP_NO_CONTROLLER',
    message: 'the memory controller is not available',
    hint: /cgroup_enable=memory/,
  });
  t.notOk(existsSync(join(fake.root, 'tslab')));
});

t.test('stats parse the kernel files', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('s1');
  const dir = group.paths.unified!;
  writeFileSync(join(dir, 'memory.current'), '1048576\n');
  writeFileSync(join(dir, 'memory.peak'), '2097152\n');
  writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\n');
  writeFileSync(join(dir, 'pids.current'), '3\n');
  writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 1\noom_group_kill 0\n');
  for (const [file, text] of [['memory.max', 'max\n'], ['cpu.max', 'max 100000\n'], ['pids.max', 'max\n']]) writeFileSync(join(dir, file!), text!);
  t.same(await group.stats(), { memoryBytes: 1048576, memoryPeakBytes: 2097152, cpuUsageNanos: 1_500_000, cpuThrottledPeriods: 0, cpuThrottledNanos: 0, pidsCurrent: 3, oomKills: 1 }, 'no limits: none reported');
  writeFileSync(join(dir, 'memory.max'), '67108864\n');
  writeFileSync(join(dir, 'cpu.max'), '50000 100000\n');
  writeFileSync(join(dir, 'pids.max'), '50\n');
  writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 1500\nnr_periods 40\nnr_throttled 12\nthrottled_usec 3000\n');
  writeFileSync(join(dir, 'io.stat'), '8:0 rbytes=4096 wbytes=8192 rios=1 wios=2\n259:0 rbytes=100 wbytes=0 rios=1 wios=0\n');
  t.match(await group.stats(), { memoryLimitBytes: 67108864, cpuLimit: 0.5, pidsMax: 50, cpuThrottledPeriods: 12, cpuThrottledNanos: 3_000_000, ioReadBytes: 4196, ioWriteBytes: 8192 }, 'limits, throttling and io as the files say');
  await rm(join(dir, 'memory.peak'));
  t.equal((await group.stats()).memoryPeakBytes, 1048576, 'before Linux 5.19 the peak falls back to current');
  writeFileSync(join(dir, 'memory.events'), 'low 0\n');
  await t.rejects(group.stats(), { code: 'E_CGROUP_PARSE' });
});

t.test('addProcess, procsFiles, processes', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('p1');
  t.same(group.procsFiles(), [join(fake.root, 'tslab/p1/cgroup.procs')]);
  t.same(await fake.writes(() => group.addProcess(1234)), ['echo 1234 > /tslab/p1/cgroup.procs']);
  writeFileSync(join(fake.root, 'tslab/p1/cgroup.procs'), '30\n1234\n7\n');
  t.same(await group.processes(), [7, 30, 1234]);
});

t.test('freeze writes cgroup.freeze and waits for cgroup.events frozen 1; thaw writes 0', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('f1');
  const dir = group.paths.unified!;
  writeFileSync(join(dir, 'cgroup.events'), 'populated 1\nfrozen 0\n');
  let resolved = false;
  const freezing = group.freeze({ timeoutMs: 2000 }).then(() => (resolved = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(read(join(dir, 'cgroup.freeze')), '1');
  t.equal(resolved, false, 'still waiting for the kernel');
  writeFileSync(join(dir, 'cgroup.events'), 'populated 1\nfrozen 1\n');
  await freezing;
  t.equal(await group.isFrozen(), true);
  await group.thaw();
  t.equal(read(join(dir, 'cgroup.freeze')), '0');
});

t.test('a freeze that never completes times out and thaws again', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('f2');
  writeFileSync(join(group.paths.unified!, 'cgroup.events'), 'populated 1\nfrozen 0\n');
  await t.rejects(group.freeze({ timeoutMs: 50 }), { code: 'E_CGROUP_FREEZE_TIMEOUT' });
  t.equal(read(join(group.paths.unified!, 'cgroup.freeze')), '0');
});

t.test('destroy SIGKILLs what is left (nested groups too), then removes deepest first', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('d1');
  const dir = group.paths.unified!;
  writeFileSync(join(dir, 'cgroup.procs'), '101\n102\n');
  mkdirSync(join(dir, 'inner'));
  writeFileSync(join(dir, 'inner/cgroup.procs'), '103\n');
  const kill = fake.killed;
  await group.destroy({ timeoutMs: 2000 });
  t.same(kill.map(([pid]) => pid).sort(), [101, 102, 103]);
  t.ok(kill.every(([, signal]) => signal === 'SIGKILL'));
  t.same(fake.removed, ['/tslab/d1/inner', '/tslab/d1']);
  t.notOk(existsSync(dir));
  await group.destroy(); // idempotent
  t.equal(fake.driver.open('d1'), undefined);
});

t.test('destroy thaws a frozen group and uses cgroup.kill where the kernel has it', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('d2');
  const dir = group.paths.unified!;
  writeFileSync(join(dir, 'cgroup.freeze'), '1\n');
  writeFileSync(join(dir, 'cgroup.kill'), '');
  const writes = await fake.writes(() => group.destroy());
  t.same(writes, ['echo 0 > /tslab/d2/cgroup.freeze', 'echo 1 > /tslab/d2/cgroup.kill']);
  t.same(fake.killed, []);
  t.notOk(existsSync(dir));
});

t.test('destroy gives up with a clear error when processes do not die', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('d3');
  writeFileSync(join(group.paths.unified!, 'cgroup.procs'), '666\n');
  // This kill does nothing: the process stays listed.
  const stuck = new CgroupV2Driver({ root: fake.root, parent: 'tslab', ops: { rmdir: async () => undefined, kill: () => undefined }, host: new Host() });
  await t.rejects(stuck.open('d3')!.destroy({ timeoutMs: 50 }), { code: 'E_CGROUP_BUSY', message: /666/ });
});

t.test('removeParentIfEmpty keeps a parent with groups and removes an empty one', async (t) => {
  const fake = fakeTree(t);
  const group = await fake.driver.create('r1');
  t.equal(await fake.driver.removeParentIfEmpty(), false);
  t.ok(existsSync(join(fake.root, 'tslab')));
  await group.destroy();
  t.same(await fake.driver.list(), []);
  t.equal(await fake.driver.removeParentIfEmpty(), true);
  t.notOk(existsSync(join(fake.root, 'tslab')));
  t.equal(await fake.driver.removeParentIfEmpty(), true, 'already gone is fine');
});

t.test('names that could escape the parent are refused', async (t) => {
  const fake = fakeTree(t);
  await t.rejects(fake.driver.create('../c'), { code: 'E_CGROUP_BAD_NAME' });
  await t.rejects(fake.driver.create('a/b'), { code: 'E_CGROUP_BAD_NAME' });
  t.throws(() => new CgroupV2Driver({ root: fake.root, parent: '..', host: new Host() }), { code: 'E_CGROUP_BAD_NAME' });
  await t.rejects(fake.driver.create('ok', { pidsMax: 0 }), { code: 'E_CGROUP_BAD_LIMIT' });
  t.notOk(existsSync(join(fake.root, 'tslab')));
});
