import t from 'tap';
import { chainNames, networkRules, parseSave, portRules, presentRemoval, removalScript, restoreScript, ruleOwner } from '../../../src/engine/network/iptables.js';
import { allocateAddress, type Attachment } from '../../../src/engine/network/ipam.js';
import type { NetworkRecord } from '../../../src/engine/network/networks.js';

const c = chainNames('TSLAB');
const net = { name: 'bridge', bridge: 'tslab0', subnet: '10.88.0.0/16' };

t.test('first network up: own chains, one jump per built-in chain, the network\'s rules', async (t) => {
  const script = restoreScript({ createChains: c, add: networkRules(c, net), remove: [] });
  t.match(script, /^\*nat\n:TSLAB-DNAT - \[0:0\]\n:TSLAB-POST - \[0:0\]\n/);
  t.match(script, /-A PREROUTING -m addrtype --dst-type LOCAL -j TSLAB-DNAT\n-A OUTPUT -m addrtype --dst-type LOCAL -j TSLAB-DNAT\n-A POSTROUTING -j TSLAB-POST\n/);
  t.match(script, /-I FORWARD 1 -j TSLAB-FWD\n/);
  t.match(script, /-A TSLAB-POST -s 10\.88\.0\.0\/16 ! -o tslab0 -m comment --comment "tslab-net:bridge" -j MASQUERADE/);
  t.match(script, /-A TSLAB-POST -s 127\.0\.0\.0\/8 -o tslab0/);
  t.notMatch(script, /^-F (PREROUTING|OUTPUT|POSTROUTING|FORWARD|INPUT)/m, 'never flushes a built-in chain');
  t.equal((script.match(/COMMIT/g) ?? []).length, 2, 'both tables in one script');
});

t.test('ports: one DNAT per mapping, owned by the container; removal mirrors addition', async (t) => {
  const rules = portRules(c, 'abc123abc123', '10.88.0.2', [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }, { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' }]);
  t.equal(rules[0]!.spec, '-p tcp -m tcp --dport 18080 -m comment --comment "tslab:abc123abc123" -j DNAT --to-destination 10.88.0.2:80');
  t.equal(rules[1]!.spec, '-d 127.0.0.1/32 -p udp -m udp --dport 5353 -m comment --comment "tslab:abc123abc123" -j DNAT --to-destination 10.88.0.2:53');
  t.equal(ruleOwner(rules[0]!), 'tslab:abc123abc123');
  t.equal(restoreScript({ add: [], remove: rules }), `*nat\n-D TSLAB-DNAT ${rules[0]!.spec}\n-D TSLAB-DNAT ${rules[1]!.spec}\nCOMMIT\n`);
  t.equal(restoreScript({ add: [], remove: [] }), '', 'nothing to do: no process');
});

t.test('last network down: jumps deleted, own chains flushed and deleted', async (t) => {
  const script = restoreScript({ deleteChains: c, add: [], remove: [] });
  t.equal(script, '*nat\n-D PREROUTING -m addrtype --dst-type LOCAL -j TSLAB-DNAT\n-D OUTPUT -m addrtype --dst-type LOCAL -j TSLAB-DNAT\n-D POSTROUTING -j TSLAB-POST\n-F TSLAB-DNAT\n-X TSLAB-DNAT\n-F TSLAB-POST\n-X TSLAB-POST\nCOMMIT\n*filter\n-D FORWARD -j TSLAB-FWD\n-F TSLAB-FWD\n-X TSLAB-FWD\nCOMMIT\n');
});

const saved = `*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:TSLAB-DNAT - [0:0]
:TSLAB-POST - [0:0]
-A PREROUTING -j SOMEONE-ELSE
-A PREROUTING -m addrtype --dst-type LOCAL -j TSLAB-DNAT
-A TSLAB-DNAT -p tcp -m tcp --dport 1 -m comment --comment "tslab:gone" -j DNAT --to-destination 10.88.0.9:1
-A TSLAB-DNAT -p tcp -m tcp --dport 2 -m comment --comment "tslab:alive" -j DNAT --to-destination 10.88.0.8:1
COMMIT
`;

t.test('what is still there, from iptables-save: only the named owners, never another rule', async (t) => {
  const parsed = parseSave(saved);
  const plan = presentRemoval(parsed, c, new Set(['tslab:gone']), false);
  t.equal(removalScript(plan), '*nat\n-D TSLAB-DNAT -p tcp -m tcp --dport 1 -m comment --comment "tslab:gone" -j DNAT --to-destination 10.88.0.9:1\nCOMMIT\n');
  const all = removalScript(presentRemoval(parsed, c, new Set(), true));
  t.equal(all, '*nat\n-D PREROUTING -m addrtype --dst-type LOCAL -j TSLAB-DNAT\n-F TSLAB-DNAT\n-X TSLAB-DNAT\n-F TSLAB-POST\n-X TSLAB-POST\nCOMMIT\n');
  t.notMatch(all, /SOMEONE-ELSE/);
});

t.test('IPAM: allocations skip used addresses and the gateway; a full network says so', async (t) => {
  const record: NetworkRecord = { name: 'small', bridge: 'tsl-small', subnet: '10.89.0.0/30', gateway: '10.89.0.1', default: false, createdAt: '' };
  const used: Attachment[] = [];
  t.equal(allocateAddress(record, used), '10.89.0.2');
  used.push({ container: 'a', network: 'small', ip: '10.89.0.2', netns: 'tslab-a', ports: [] });
  t.throws(() => allocateAddress(record, used), { code: 'E_NETWORK_FULL' });
  t.equal(allocateAddress({ ...record, name: 'other' }, used), '10.89.0.2', 'other networks\' addresses do not count');
});
