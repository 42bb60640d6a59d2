/**
 * `tslab stats` on a pure cgroup v2 host, through the v2 driver, against a
 * temp directory laid out like /sys/fs/cgroup (and a /proc with the
 * container's net/dev): two readings a second apart become docker's row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { statsRow } from '../../../src/cli/stats-rows.js';
import { CgroupV2Driver } from '../../../src/engine/cgroups/index.js';
import { Host } from '../../../src/engine/host.js';
import { sampleContainer, usageBetween } from '../../../src/engine/stats/index.js';
import type { ContainerState } from '../../../src/engine/state.js';
import { StatsHistory } from '../../../src/tui/stats/history.js';

const state = { id: 'c0ffee000001', name: 'web', pid: 4242, spec: { network: { mode: 'bridge', network: 'bridge' } } } as unknown as ContainerState;

t.test('v2 files -> usage against each limit -> the row docker prints', async (t) => {
  // One fixture per test (tap replaces it on a second call): the cgroupfs and a /proc side by side.
  const base = t.testdir({
    cgroup: {
      'cgroup.controllers': 'cpu io memory pids\n',
      'cgroup.subtree_control': 'cpu io memory pids\n',
      tslab: { 'cgroup.subtree_control': 'cpu io memory pids\n', c0ffee000001: { 'cgroup.procs': '' } },
    },
    proc: {
      '4242': {
        net: { dev: 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0\n  eth0: 1500 10 0 0 0 0 0 0 2500 20 0 0 0 0 0 0\n' },
      },
    },
  });
  const root = join(base, 'cgroup');
  const proc = join(base, 'proc');
  const dir = join(root, 'tslab', 'c0ffee000001');
  const files = (usageUsec: number, memory: number, throttled: number, ooms: number) => {
    writeFileSync(join(dir, 'memory.current'), `${memory}\n`);
    writeFileSync(join(dir, 'memory.max'), `${64 * 1024 * 1024}\n`);
    writeFileSync(join(dir, 'memory.events'), `low 0\nhigh 0\nmax 0\noom ${ooms}\noom_kill ${ooms}\n`);
    writeFileSync(join(dir, 'cpu.stat'), `usage_usec ${usageUsec}\nnr_periods 10\nnr_throttled ${throttled}\nthrottled_usec 500\n`);
    writeFileSync(join(dir, 'cpu.max'), '50000 100000\n');
    writeFileSync(join(dir, 'pids.current'), '3\n');
    writeFileSync(join(dir, 'pids.max'), '50\n');
    writeFileSync(join(dir, 'io.stat'), '8:0 rbytes=2000000 wbytes=1000 rios=3 wios=1\n');
  };
  const driver = new CgroupV2Driver({ root, parent: 'tslab', host: new Host() });
  files(1_000_000, 16 * 1024 * 1024, 2, 0);
  const first = (await sampleContainer(driver, state, proc))!;
  files(1_250_000, 32 * 1024 * 1024, 5, 1);
  const second = (await sampleContainer(driver, state, proc))!;
  second.at = first.at + 1000;
  const usage = usageBetween(first, second, 8 * 1024 ** 3);
  t.match(usage, {
    cpuPercent: 25, // 250ms of CPU in 1s
    cpuLimit: 0.5,
    cpuOfLimitPercent: 50,
    memoryBytes: 32 * 1024 * 1024,
    memoryLimitBytes: 64 * 1024 * 1024,
    memoryLimited: true,
    memoryPercent: 50,
    pids: 3,
    pidsMax: 50,
    pidsPercent: 6,
    netRxBytes: 1500,
    netTxBytes: 2500,
    blockReadBytes: 2_000_000,
    blockWriteBytes: 1000,
    oomKills: 1,
    newOomKills: 1,
    throttledPeriods: 5,
    newThrottledPeriods: 3,
  });
  t.match(statsRow(usage), { CPUPerc: '25.00%', MemUsage: '32MiB / 64MiB', MemPerc: '50.00%', NetIO: '1.5kB / 2.5kB', BlockIO: '2MB / 1kB', PIDs: '3', PidsLimit: '50' });

  const history = new StatsHistory();
  t.same(history.record([usage], 0).map((e) => e.text), ['web: OOM kill, 1 in all', 'web: CPU throttled'], 'an OOM kill and the start of throttling are logged');
  t.same(history.record([{ ...usage, newOomKills: 0 }], 1).map((e) => e.text), [], 'throttling that goes on is counted, not logged again');
  t.equal(history.series(usage.id).length, 2);
});

t.test('no limits: memory against the host, no quota, and a gone group reads as gone', async (t) => {
  const base = t.testdir({ proc: { 'README': 'no pid here' }, cgroup: { tslab: { c0ffee000001: { 'memory.current': '1024\n', 'memory.max': 'max\n', 'memory.events': 'oom_kill 0\n', 'cpu.stat': 'usage_usec 1\n', 'cpu.max': 'max 100000\n', 'pids.current': '1\n', 'pids.max': 'max\n' } } } });
  const driver = new CgroupV2Driver({ root: join(base, 'cgroup'), parent: 'tslab', host: new Host() });
  const sample = (await sampleContainer(driver, state, join(base, 'proc')))!;
  t.notOk(sample.net, 'no /proc/PID/net/dev: no network numbers');
  const usage = usageBetween(undefined, sample, 1024 * 1024);
  t.match(usage, { memoryLimited: false, memoryLimitBytes: 1024 * 1024, cpuPercent: 0 });
  t.notOk('cpuLimit' in usage || 'pidsMax' in usage);
  t.equal(await sampleContainer(driver, { ...state, id: 'c0ffee000002' } as ContainerState, '/proc'), undefined);
});
