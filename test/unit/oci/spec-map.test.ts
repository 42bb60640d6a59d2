/** config.json -> ContainerSpec: what maps where, and each refusal names its field. */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { mapConfig } from '../../../src/oci/spec-map.js';
import { defaultConfig } from '../../../src/oci/spec-template.js';
import type { OciConfig } from '../../../src/oci/config-types.js';

const bundle = mkdtempSync(path.join(tmpdir(), 'tslab-bundle-'));
mkdirSync(path.join(bundle, 'rootfs'));
t.teardown(() => rmSync(bundle, { recursive: true, force: true }));

function config(edit: (c: OciConfig) => void = () => undefined): OciConfig {
  const c = defaultConfig(['echo', 'hi']);
  edit(c);
  return c;
}

t.test('the default config maps onto the engine defaults', async (t) => {
  const { spec, rlimits } = mapConfig(config(), bundle, 'c1');
  t.same(spec.root, { kind: 'dir', path: path.join(bundle, 'rootfs') });
  t.same(spec.process.args, ['echo', 'hi']);
  t.equal(spec.hostname, 'tslab');
  t.same(spec.volumes, [], 'the standard mounts are the engine\'s own');
  t.same(spec.network, { mode: 'none' }, 'a new network namespace, nothing in it');
  t.equal(spec.security?.capabilities.length, 14);
  t.equal(spec.security?.seccomp, 'unconfined', 'as runc: no filter unless linux.seccomp gives one');
  t.equal(spec.security?.noNewPrivileges, true, "the template's noNewPrivileges");
  t.same(rlimits, [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }]);
});

t.test('resources, users, joins, binds and a missing network namespace', async (t) => {
  const { spec, sysctl } = mapConfig(config((c) => {
    c.process.user = { uid: 1000, gid: 100 };
    c.linux!.resources = { memory: { limit: 64 << 20 }, cpu: { quota: 50_000, period: 100_000 }, pids: { limit: 20 } };
    c.linux!.namespaces = c.linux!.namespaces!.filter((n) => n.type !== 'network').map((n) => (n.type === 'ipc' ? { type: 'ipc', path: '/proc/1/ns/ipc' } : n));
    c.linux!.sysctl = { 'net.ipv4.ip_forward': '1' };
    c.mounts!.push({ destination: '/data', type: 'bind', source: bundle, options: ['rbind', 'ro'] });
  }), bundle, 'c2');
  t.same(spec.process.user, { uid: 1000, gid: 100 });
  t.same(spec.resources, { memoryBytes: 64 << 20, cpus: 0.5, pidsMax: 20 });
  t.same(spec.network, { mode: 'host' }, 'no network namespace: the host\'s');
  t.same(spec.joinNamespaces, [{ type: 'ipc', path: '/proc/1/ns/ipc' }]);
  t.same(spec.volumes, [{ source: bundle, target: '/data', readonly: true }]);
  t.same(sysctl, { 'net.ipv4.ip_forward': '1' });
});

t.test('linux.seccomp becomes the container\'s filter, checked; without it there is none (as runc)', async (t) => {
  t.equal(mapConfig(config(), bundle, 'c1').spec.security?.seccomp, 'unconfined');
  const { spec } = mapConfig(config((c) => (c.linux!.seccomp = { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }] })), bundle, 'c1');
  t.same(spec.security?.seccomp, { profile: { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }] } });
  t.throws(() => mapConfig(config((c) => (c.linux!.seccomp = { defaultAction: 'SCMP_ACT_NOPE' })), bundle, 'x'), { code: 'E_BAD_SECCOMP', message: /linux\.seccomp: defaultAction/ });
});

t.test('unsupported fields are refused by name', async (t) => {
  const cases: Array<[string, (c: OciConfig) => void]> = [
    ['linux.intelRdt', (c) => (c.linux!.intelRdt = { closID: 'x' })],
    ['process.terminal', (c) => (c.process.terminal = true)],
    ['process.oomScoreAdj', (c) => (c.process.oomScoreAdj = 100)],
    ['linux.sysctl kernel.hostname', (c) => (c.linux!.sysctl = { 'kernel.hostname': 'x' })],
    ['linux.namespaces without pid', (c) => (c.linux!.namespaces = c.linux!.namespaces!.filter((n) => n.type !== 'pid'))],
    ['linux.uidMappings', (c) => (c.linux!.uidMappings = [{ containerID: 0, hostID: 1000, size: 1 }])],
    ['hooks.createContainer', (c) => (c.hooks = { createContainer: [{ path: '/bin/true' }] })],
    ['process.capabilities.effective differing from bounding', (c) => (c.process.capabilities!.effective = ['CAP_KILL'])],
    ['linux.resources.devices (allow rules)', (c) => (c.linux!.resources = { devices: [{ allow: true, type: 'c', major: 10, minor: 200, access: 'rwm' }] })],
  ];
  for (const [field, edit] of cases) {
    t.throws(() => mapConfig(config(edit), bundle, 'x'), { code: 'E_OCI_UNSUPPORTED', message: `config.json: ${field} is not supported by tslab` }, field);
  }
  t.throws(() => mapConfig(config((c) => (c.process.args = [])), bundle, 'x'), { code: 'E_OCI_CONFIG', message: /process.args/ });
  t.throws(() => mapConfig(config((c) => (c.root.path = 'missing')), bundle, 'x'), { code: 'E_OCI_CONFIG', message: /root.path/ });
});
