/**
 * The engine's host seam, without root: a recording fake stands in for the
 * machine, so the lifecycle and gc logic run for real against a temporary
 * state directory while nothing on the host is touched.
 */
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { collectGarbage } from '../../../src/engine/gc.js';
import { abortContainer, registerContainer } from '../../../src/engine/lifecycle/create.js';
import { removeContainer } from '../../../src/engine/lifecycle/remove.js';
import { reserveNetwork } from '../../../src/engine/network/reserve.js';
import { writeAttachment, listAttachments } from '../../../src/engine/network/ipam.js';
import { validateRunRequest } from '../../../src/engine/spec/validate.js';
import { fakeEngine, RecordingCommands } from '../../helpers/fake-host.js';

const spec = (name: string) =>
  validateRunRequest({ name, command: ['true'], detach: true, net: 'none' }, { knownSandboxes: ['busybox'], hostCpus: 2, hostEnv: {} });

t.test('each engine has its own transcript; commands and kernel writes are recorded as a learner would type them', async (t) => {
  const a = fakeEngine(t);
  const b = fakeEngine(t);
  await a.engine.host.run('ip', ['link', 'set', 'tslx', 'up']);
  await a.engine.host.run('iptables-restore', ['-w', '--noflush'], { input: '*nat\nCOMMIT\n' });
  await a.engine.host.writeKernelFile('/proc/sys/net/ipv4/ip_forward', '1');
  await a.engine.host.run('ip', ['-j', 'link'], { quiet: true });
  t.same(
    a.engine.host.transcript.entries.map((e) => e.text),
    ['ip link set tslx up', "iptables-restore -w --noflush <<'EOF'\n*nat\nCOMMIT\nEOF", 'echo 1 > /proc/sys/net/ipv4/ip_forward'],
  );
  t.equal(b.engine.host.transcript.length, 0, 'another engine saw nothing');
  t.same(a.commands.writes, [{ path: '/proc/sys/net/ipv4/ip_forward', value: '1' }], 'the write reached the seam, not the kernel');
  t.equal(a.commands.calls.length, 3, 'quiet probes still run, unrecorded');
});

t.test('a failing host tool is a TslabError with the tool and its last stderr line', async (t) => {
  const { engine } = fakeEngine(t);
  const failing = fakeEngine(t, new RecordingCommands(() => ({ exitCode: 2, stderr: 'warning\nRTNETLINK answers: File exists' })));
  await t.rejects(failing.engine.host.run('ip', ['netns', 'add', 'tslab-x']), { code: 'E_HOST_COMMAND', message: /RTNETLINK answers: File exists/ });
  t.equal((await failing.engine.host.run('ip', ['netns', 'add', 'tslab-x'], { allowFailure: true })).exitCode, 2);
  t.equal(engine.host.transcript.length, 0);
});

t.test('gc removes a container whose creator died before it started, and its network attachment', async (t) => {
  const { engine, commands } = fakeEngine(t);
  const container = await registerContainer(engine, spec('lesson-x'));
  const dead = spawnSync('true').pid;
  await engine.store.write({ ...container.state, creatorPid: dead, creatorStartTime: 1 });
  await writeAttachment(engine.paths, { container: container.state.id, netns: `tslab-${container.state.id}`, hostVeth: `tsl${container.state.id}`, ports: [] });

  const report = await collectGarbage(engine, { all: false });
  t.same(await engine.store.list(), [], 'the state is gone');
  t.same(await listAttachments(engine.paths), [], 'the attachment is released');
  t.match(report.removed.join('\n'), /container lesson-x/);
  t.match(report.removed.join('\n'), new RegExp(`network attachment ${container.state.id}`));
  t.notOk(commands.lines().some((l) => /netns add|link add/.test(l)), 'gc only removes');
});

t.test('gc leaves a container whose creator is still alive (a lesson in progress)', async (t) => {
  const { engine } = fakeEngine(t);
  const container = await registerContainer(engine, spec('lesson-y'));
  await writeAttachment(engine.paths, { container: container.state.id, netns: `tslab-${container.state.id}`, ports: [] });
  const report = await collectGarbage(engine, { all: false });
  t.same(report.removed, []);
  t.equal((await engine.store.list()).length, 1);
  t.equal((await listAttachments(engine.paths)).length, 1);
});

t.test('a lesson sandbox reserves its names before anything is made, and removing it removes them', async (t) => {
  const { engine, commands } = fakeEngine(t);
  const container = await registerContainer(engine, spec('lesson-z'));
  const names = await reserveNetwork(engine, container.state);
  t.equal(names.netns, `tslab-${container.state.id}`);
  t.same((await listAttachments(engine.paths)).map((a) => [a.netns, a.hostVeth]), [[names.netns, names.hostVeth]], 'the intent is on disk first');
  t.equal((await engine.store.read(container.state.id))?.network?.netns, names.netns, 'and in the state, for reap and the panels');
  t.equal(commands.calls.length, 0, 'nothing was made yet');

  await removeContainer(engine, (await engine.store.read(container.state.id))!, { force: true });
  t.same(await engine.store.list(), []);
  t.same(await listAttachments(engine.paths), [], 'reap released the attachment (its netns and veth go with it)');
});

t.test('a failed start undoes what the phases made: state, attachment', async (t) => {
  const { engine } = fakeEngine(t);
  const container = await registerContainer(engine, spec('broken'));
  await reserveNetwork(engine, container.state);
  await abortContainer(container);
  t.same(await engine.store.list(), []);
  t.same(await listAttachments(engine.paths), []);
});
