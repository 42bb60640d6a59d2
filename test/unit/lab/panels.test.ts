/** Panel text from observations: the parsers of ip -j and mountinfo, and the formatters. */
import t from 'tap';
import { CgroupSampler, type CgroupView } from '../../../src/engine/observe/cgroup.js';
import { parseSandboxMounts } from '../../../src/engine/observe/mounts.js';
import { parseIpAddr } from '../../../src/engine/observe/network.js';
import { formatCgroup, formatNetwork, sparkline } from '../../../src/lab/panels/format.js';
import { pickLang } from '../../../src/lab/lang.js';

t.test('ip -j addr: state, peer in another netns, addresses', async (t) => {
  const links = parseIpAddr(
    JSON.stringify([
      { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK'], operstate: 'DOWN', addr_info: [] },
      { ifindex: 12, link_index: 13, link_netnsid: 0, ifname: 'tsl-l1c', flags: ['BROADCAST', 'UP', 'LOWER_UP'], operstate: 'UP', linkinfo: { info_kind: 'veth' }, addr_info: [{ family: 'inet', local: '10.200.1.2', prefixlen: 24 }] },
    ]),
  );
  t.same(links[0], { name: 'lo', index: 1, state: 'DOWN', up: false, lowerUp: false, addresses: [] });
  t.match(links[1], { name: 'tsl-l1c', peer: 'if13', peerNetnsId: 0, kind: 'veth', up: true, addresses: ['10.200.1.2/24'] });
  const lines = formatNetwork({ links: [], routes: [] }, { netns: 'tslab-x', links, routes: [{ dst: '10.200.1.0/24', dev: 'tsl-l1c' }] });
  t.equal(lines[0], 'netns tslab-x', 'the sandbox netns comes first');
  t.match(lines.join('\n'), /lo\s+DOWN  no address/);
  t.match(lines.join('\n'), /tsl-l1c@if13\s+UP,LOWER_UP  10.200.1.2\/24  link-netns/);
  t.match(lines.join('\n'), /route 10.200.1.0\/24 dev tsl-l1c/);
});

t.test('mountinfo: the overlay root with its layers', async (t) => {
  const mounts = parseSandboxMounts('100 90 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l1:/l2,upperdir=/u,workdir=/w\n101 100 0:5 / /proc rw - proc proc rw\n');
  t.same(mounts[0]?.overlay, { lower: ['/l1', '/l2'], upper: '/u', work: '/w' });
  t.equal(mounts[1]?.fsType, 'proc');
});

t.test('cgroup panel: limits, usage, cpu percent from the sampler', async (t) => {
  const view: CgroupView = { version: 1, paths: { memory: '/sys/fs/cgroup/memory/tslab/x' }, memoryMax: 32 * 1024 * 1024, memoryBytes: 1024 * 1024, cpuQuotaUs: 50000, cpuPeriodUs: 100000, cpuUsageNanos: 0, pidsMax: 10, pidsCurrent: 3, oomKills: 1, procs: [42], files: [] };
  const sampler = new CgroupSampler(3);
  sampler.add(view, 1000);
  sampler.add({ ...view, cpuUsageNanos: 500_000_000 }, 2000);
  t.equal(sampler.history[1]?.cpuPercent, 50);
  const text = formatCgroup(view, sampler.history).join('\n');
  t.match(text, /memory  1.0 MiB \/ 32.0 MiB   oom_kill 1/);
  t.match(text, /cpu\s+50%  quota 50000\/100000/);
  t.match(text, /pids    3 \/ 10/);
  for (let i = 0; i < 5; i++) sampler.add(view, 3000 + i);
  t.equal(sampler.history.length, 3, 'a short history');
  t.equal(sparkline([0, 50, 100]), '▁▅█');
});

t.test('language from --lang, else LANG', async (t) => {
  t.equal(pickLang('zh-CN', {}), 'zh-CN');
  t.equal(pickLang('en', { LANG: 'zh_CN.UTF-8' }), 'en');
  t.equal(pickLang(undefined, { LANG: 'zh_CN.UTF-8' }), 'zh-CN');
  t.equal(pickLang(undefined, { LANG: 'C.UTF-8' }), 'en');
  t.throws(() => pickLang('fr', {}), { code: 'E_USAGE' });
});
