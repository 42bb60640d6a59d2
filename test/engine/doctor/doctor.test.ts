/**
 * runDoctor() on the real host: Debian 12, overlay in the kernel, iptables with
 * the nf_tables backend, and whatever cgroup layout the kernel gives, as the
 * engine detects it: hybrid on the project's machine (v1 controllers beside a
 * cgroup2), pure v2 in the VM of `npm run test:v2`.
 * Root only; under CI a skip is a failure.
 */
import t from 'tap';
import { doctorCommand } from '../../../src/cli/doctor.js';
import { runDoctor } from '../../../src/engine/doctor/index.js';
import { ensureHostTools } from '../../../src/engine/setup.js';
import { hostCgroups, needsRoot } from '../../helpers/tslab.js';

/** What doctor must say about cgroups here, from the engine's own detection. */
function expectedCgroups() {
  const info = hostCgroups();
  if (info.version === 2) {
    const at = info.mounts.unified!;
    return { version: 'v2', controllers: { memory: 'v2', cpu: 'v2', pids: 'v2', freezer: 'v2' }, summary: /^v2/, memory: `v2 at ${at}` };
  }
  const version = info.mode === 'hybrid' ? 'hybrid' : 'v1';
  return { version, controllers: { memory: 'v1', cpu: 'v1', pids: 'v1', freezer: 'v1' }, summary: new RegExp(`^${version}`), memory: `v1 at ${info.mounts.memory}` };
}

if (needsRoot(t)) {
  t.test('runDoctor reports this host as it is', async (t) => {
    const report = await runDoctor();
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    t.equal(report.facts.platform, 'linux');
    t.equal(report.facts.root, true);
    const cgroups = expectedCgroups();
    t.equal(report.facts.cgroupVersion, cgroups.version);
    t.same(report.facts.cgroupControllers, cgroups.controllers);
    // Debian's kernel accounts swap; pure v2 can only tell from a child cgroup, which a fresh VM may not have yet.
    if (cgroups.version === 'v2') t.not(report.facts.swapAccounting, false, 'memory.swap.max wherever a child cgroup shows it');
    else t.equal(report.facts.swapAccounting, true, 'memory.memsw.* present on v1');
    t.equal(report.facts.overlay, 'present');
    t.equal(report.facts.iptablesBackend, 'nf_tables');
    for (const ns of ['pid', 'uts', 'ipc', 'mnt', 'net', 'user', 'cgroup']) t.ok(report.facts.namespaces?.includes(ns), `namespace ${ns}`);
    t.match(byId.cgroups?.detail, cgroups.summary);
    t.match(byId['cgroup.memory'], { status: 'ok', detail: cgroups.memory });
    t.match(byId.overlayfs, { status: 'ok' });
    t.match(byId.iptables, { status: 'ok', detail: /nf_tables/ });
    for (const tool of ['tool.ip', 'tool.busybox', 'tool.cc', 'tool.make']) t.equal(byId[tool]?.status, 'ok', tool);
    t.ok(report.ok, 'nothing required is missing');
    // `unavailable` is an optional thing this kernel does without (aufs): nothing to fix.
    t.ok(report.checks.every((c) => c.status === 'ok' || c.status === 'unavailable' || c.fix), 'every check that is not ok or optional has a fix');
  });

  t.test('doctorCommand exits 0 and --json is the report', async (t) => {
    let out = '';
    const io = { stdout: (text: string) => (out += text), stderr: (text: string) => (out += text) };
    t.equal(await doctorCommand([], io), 0);
    for (const line of out.split('\n')) t.ok(line.length <= 80, `fits 80 columns: ${line}`);
    out = '';
    t.equal(await doctorCommand(['--json'], io), 0);
    t.equal(JSON.parse(out).facts.cgroupVersion, expectedCgroups().version);
    await t.rejects(doctorCommand(['--bogus'], io), { code: 'E_USAGE', message: /unknown option --bogus/ });
  });

  t.test('ensureHostTools does nothing when the tools are there', async (t) => {
    const lines: string[] = [];
    const result = await ensureHostTools({ log: (line) => lines.push(line) });
    t.same(result, { missing: [], packages: [] });
    t.same(lines, []);
  });
}
