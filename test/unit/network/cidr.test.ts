import t from 'tap';
import { formatIp, formatSubnet, macForIp, nextFreeAddress, overlaps, parseIp, parseSubnet, routeSubnets } from '../../../src/engine/network/cidr.js';
import { subnetConflict, pickSubnet, bridgeNameFor, type NetworkRecord } from '../../../src/engine/network/networks.js';

t.test('subnets parse, with host bits zero and a sane prefix', async (t) => {
  t.equal(formatSubnet(parseSubnet('10.88.0.0/16')), '10.88.0.0/16');
  t.throws(() => parseSubnet('10.88.0.5/16'), { code: 'E_BAD_SUBNET', message: /did you mean 10\.88\.0\.0\/16/ });
  for (const bad of ['10.88.0.0', '10.88.0.0/33', '10.88.0/16', '10.256.0.0/16', '10.0.0.0/4', '10.0.0.0/31']) t.throws(() => parseSubnet(bad), { code: 'E_BAD_SUBNET' }, bad);
});

t.test('overlap', async (t) => {
  t.ok(overlaps(parseSubnet('10.88.0.0/16'), parseSubnet('10.88.5.0/24')));
  t.ok(overlaps(parseSubnet('10.88.5.0/24'), parseSubnet('10.88.0.0/16')));
  t.notOk(overlaps(parseSubnet('10.88.0.0/16'), parseSubnet('10.89.0.0/16')));
});

t.test('addresses: lowest free after the gateway; MAC from the address', async (t) => {
  const subnet = parseSubnet('10.89.0.0/29');
  const gw = parseIp('10.89.0.1')!;
  t.equal(formatIp(nextFreeAddress(subnet, gw, new Set())!), '10.89.0.2');
  t.equal(formatIp(nextFreeAddress(subnet, gw, new Set([parseIp('10.89.0.2')!]))!), '10.89.0.3');
  const full = new Set([2, 3, 4, 5, 6].map((n) => parseIp(`10.89.0.${n}`)!));
  t.equal(nextFreeAddress(subnet, gw, full), undefined, 'network and broadcast addresses are never given out');
  t.equal(macForIp(parseIp('10.88.0.2')!), '02:42:0a:58:00:02');
});

t.test('subnet conflicts with tslab networks and host routes; auto pick skips them', async (t) => {
  const net: NetworkRecord = { name: 'a', bridge: 'tsl-a', subnet: '10.89.0.0/24', gateway: '10.89.0.1', default: false, createdAt: '' };
  const routes = [{ dst: 'default', dev: 'eth0' }, { dst: '10.89.1.0/24', dev: 'eth1' }, { dst: '10.89.2.0/24', dev: 'tsl-b' }];
  t.match(subnetConflict(parseSubnet('10.89.0.0/16'), [net], [], ''), /tslab network a/);
  t.match(subnetConflict(parseSubnet('10.89.1.128/25'), [], routes, ''), /host route 10\.89\.1\.0\/24 dev eth1/);
  t.equal(subnetConflict(parseSubnet('10.89.2.0/24'), [], routes, 'tsl-b'), undefined, 'the network\'s own bridge route is not a conflict');
  t.equal(formatSubnet(pickSubnet([net], routes)), '10.89.3.0/24', 'a route on another tslab bridge counts');
  t.same(routeSubnets([{ dst: '192.0.2.7', dev: 'x' }]).map((r) => formatSubnet(r.subnet)), ['192.0.2.7/32']);
});

t.test('bridge names fit IFNAMSIZ', async (t) => {
  t.equal(bridgeNameFor('backend'), 'tsl-backend');
  const long = bridgeNameFor('a-very-long-network-name');
  t.ok(long.length <= 15 && long.startsWith('tsl-'), long);
  t.not(bridgeNameFor('a-very-long-network-name'), bridgeNameFor('a-very-long-network-other'));
});

t.test('ranges the kernel routes specially are refused: no container can be given 127.0.0.2', async (t) => {
  for (const bad of ['127.0.0.0/24', '0.0.0.0/24', '224.0.0.0/24', '239.1.0.0/16', '169.254.0.0/24', '255.255.255.0/24', '240.0.0.0/8'])
    t.throws(() => parseSubnet(bad), { code: 'E_BAD_SUBNET', message: /cannot hold containers' addresses/ }, bad);
  for (const good of ['10.89.0.0/24', '172.16.0.0/12', '192.168.5.0/24', '100.64.0.0/10']) t.doesNotThrow(() => parseSubnet(good), good);
});
