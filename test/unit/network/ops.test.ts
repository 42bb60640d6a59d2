/** The network phase's one executor: the same ops, one recorded `ip` each for a lesson, batched per netns for `tslab run`. */
import t from 'tap';
import { bridgeAttachOps } from '../../../src/engine/network/attach.js';
import { applyNetOps, type NetOp } from '../../../src/engine/network/ops.js';
import { networkNames } from '../../../src/engine/network/reserve.js';
import { fakeEngine, RecordingCommands } from '../../helpers/fake-host.js';

const [host, inside] = bridgeAttachOps({
  bridge: [{ op: 'bridge-add', link: 'tslab0' }],
  netns: 'tslab-0123456789ab',
  pid: 4242,
  hostVeth: 'tsl0123456789ab',
  master: 'tslab0',
  mac: '02:42:0a:58:00:02',
  cidr: '10.88.0.2/16',
  gateway: '10.88.0.1',
});
const ops: NetOp[] = [...host, ...inside];

t.test('batch: one ip -batch per namespace, the lines tslab run has always sent', async (t) => {
  const { engine, commands } = fakeEngine(t);
  await applyNetOps(engine.host, ops, 'batch');
  t.same(commands.lines(), ['ip -batch -', 'ip -n tslab-0123456789ab -batch -']);
  t.same(commands.calls[0]!.input.trimEnd().split('\n'), [
    'link add tslab0 type bridge',
    'netns attach tslab-0123456789ab 4242',
    'link add tsl0123456789ab master tslab0 up type veth peer name eth0 address 02:42:0a:58:00:02 netns tslab-0123456789ab',
  ]);
  t.same(commands.calls[1]!.input.trimEnd().split('\n'), ['addr add 10.88.0.2/16 dev eth0', 'link set eth0 up', 'route add default via 10.88.0.1']);
});

t.test('step: the same ops, one recorded ip command each, as a learner types them', async (t) => {
  const { engine, commands } = fakeEngine(t);
  await applyNetOps(engine.host, ops, 'step');
  t.equal(commands.calls.length, ops.length);
  t.same(engine.host.transcript.entries.map((e) => e.text).slice(-3), [
    'ip -n tslab-0123456789ab addr add 10.88.0.2/16 dev eth0',
    'ip -n tslab-0123456789ab link set eth0 up',
    'ip -n tslab-0123456789ab route add default via 10.88.0.1',
  ]);
});

t.test('step: removing what is already gone is fine, any other failure is an error', async (t) => {
  const gone = fakeEngine(t, new RecordingCommands(() => ({ exitCode: 1, stderr: 'Cannot find device "tslx"' })));
  await applyNetOps(gone.engine.host, [{ op: 'link-delete', link: 'tslx' }], 'step');
  await t.rejects(applyNetOps(gone.engine.host, [{ op: 'link-up', link: 'tslx' }], 'step'), { code: 'E_HOST_COMMAND' });
});

t.test('names are checked before anything runs: only tslab-* netns and tsl* host links', async (t) => {
  const { engine, commands } = fakeEngine(t);
  await t.rejects(applyNetOps(engine.host, [{ op: 'link-up', link: 'lo' }, { op: 'link-delete', link: 'eth0' }], 'step'), { code: 'E_NET_NAME' });
  await t.rejects(applyNetOps(engine.host, [{ op: 'netns-add', netns: 'other' }], 'batch'), { code: 'E_NET_NAME' });
  await t.rejects(applyNetOps(engine.host, [{ op: 'addr-add', link: 'tslx', cidr: '10.0.0.1' }], 'step'), { code: 'E_NET_ADDR' });
  t.same(commands.calls, [], 'nothing ran');
});

t.test("a lesson's names are the engine's, per container id, within IFNAMSIZ", async (t) => {
  const a = networkNames('7b76fa6b1544');
  t.same(a, { netns: 'tslab-7b76fa6b1544', hostVeth: 'tsl7b76fa6b1544', peer: 'tslc7b76fa6b154', hostCidr: '10.200.237.217/30', peerCidr: '10.200.237.218/30' });
  t.not(networkNames('0000aaaaaaaa').hostCidr, networkNames('0001aaaaaaaa').hostCidr, 'two learners get two subnets');
});
