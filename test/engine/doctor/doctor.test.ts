/**
 * runDoctor() on the real host. This VM is the reference machine: Debian 12,
 * hybrid cgroups (v1 controllers + empty cgroup2 at /sys/fs/cgroup/unified),
 * overlay in the kernel, iptables with the nf_tables backend.
 * Root only; under CI a skip is a failure.
 */
import t from 'tap';
import { doctorCommand } from '../../../src/cli/doctor.js';
import { runDoctor } from '../../../src/engine/doctor/index.js';
import { ensureHostTools } from '../../../src/engine/setup.js';
import { needsRoot } from '../../helpers/tslab.js';

if (needsRoot(t)) {
  t.test('runDoctor reports this host as it is', async (t) => {
    const report = await runDoctor();
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    t.equal(report.facts.platform, 'linux');
    t.equal(report.facts.root, true);
    t.equal(report.facts.cgroupVersion, 'hybrid');
    t.same(report.facts.cgroupControllers, { memory: 'v1', cpu: 'v1', pids: 'v1', freezer: 'v1' });
    t.equal(report.facts.swapAccounting, true, 'memory.memsw.* present on v1');
    t.equal(report.facts.overlay, 'present');
    t.equal(report.facts.iptablesBackend, 'nf_tables');
    for (const ns of ['pid', 'uts', 'ipc', 'mnt', 'net', 'user', 'cgroup']) t.ok(report.facts.namespaces?.includes(ns), `namespace ${ns}`);
    t.match(byId.cgroups?.detail, /^hybrid/);
    t.match(byId['cgroup.memory'], { status: 'ok', detail: 'v1 at /sys/fs/cgroup/memory' });
    t.match(byId.overlayfs, { status: 'ok' });
    t.match(byId.iptables, { status: 'ok', detail: /nf_tables/ });
    for (const tool of ['tool.ip', 'tool.busybox', 'tool.cc', 'tool.make']) t.equal(byId[tool]?.status, 'ok', tool);
    t.ok(report.ok, 'nothing required is missing');
    t.ok(report.checks.every((c) => c.status === 'ok' || c.fix), 'every check that is not ok has a fix');
  });

  t.test('doctorCommand exits 0 and --json is the report', async (t) => {
    let out = '';
    const io = { stdout: (text: string) => (out += text), stderr: (text: string) => (out += text) };
    t.equal(await doctorCommand([], io), 0);
    for (const line of out.split('\n')) t.ok(line.length <= 80, `fits 80 columns: ${line}`);
    out = '';
    t.equal(await doctorCommand(['--json'], io), 0);
    t.equal(JSON.parse(out).facts.cgroupVersion, 'hybrid');
    await t.rejects(doctorCommand(['--bogus'], io), { code: 'E_USAGE', message: /unknown option --bogus/ });
  });

  t.test('ensureHostTools does nothing when the tools are there', async (t) => {
    const lines: string[] = [];
    const result = await ensureHostTools({ log: (line) => lines.push(line) });
    t.same(result, { missing: [], packages: [] });
    t.same(lines, []);
  });
}
