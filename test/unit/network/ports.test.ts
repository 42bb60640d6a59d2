import t from 'tap';
import { checkPortConflicts, describeMapping, parseProcNet, parsePublish, parsePublishList } from '../../../src/engine/network/ports.js';

t.test('-p forms docker accepts', async (t) => {
  t.same(parsePublish('8080:80'), { hostPort: 8080, containerPort: 80, protocol: 'tcp' });
  t.same(parsePublish('127.0.0.1:18080:80/tcp'), { hostIp: '127.0.0.1', hostPort: 18080, containerPort: 80, protocol: 'tcp' });
  t.same(parsePublish('5353:53/udp'), { hostPort: 5353, containerPort: 53, protocol: 'udp' });
  t.equal(describeMapping(parsePublish('8080:80')), '80/tcp -> 0.0.0.0:8080');
});

t.test('malformed -p: a clear error with an example', async (t) => {
  for (const bad of ['80', '0:80', '8080:70000', 'a:b', '8080:80/sctp', '300.1.1.1:80:80', '1.2.3:80:80', '', '8080:80:']) {
    t.throws(() => parsePublish(bad), { code: 'E_BAD_PUBLISH', hint: /-p 8080:80/ }, bad);
  }
});

t.test('the same host port twice in one run is refused; tcp and udp may share', async (t) => {
  t.throws(() => parsePublishList(['8080:80', '8080:81']), { code: 'E_BAD_PUBLISH' });
  t.throws(() => parsePublishList(['127.0.0.1:8080:80', '8080:81']), { code: 'E_BAD_PUBLISH' });
  t.equal(parsePublishList(['8080:80', '8080:80/udp']).length, 2);
  t.equal(parsePublishList(['127.0.0.1:8080:80', '127.0.0.2:8080:80']).length, 2);
});

const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 100 0 0 10 0
   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 100 0 0 10 0
`;

t.test('/proc/net/tcp: listeners only, addresses decoded', async (t) => {
  t.same(parseProcNet(tcp, 'tcp'), [
    { protocol: 'tcp', address: '127.0.0.1', port: 8080 },
    { protocol: 'tcp', address: '0.0.0.0', port: 22 },
  ]);
});

t.test('conflicts: another container, or a host listener', async (t) => {
  const sockets = parseProcNet(tcp, 'tcp');
  t.throws(() => checkPortConflicts([parsePublish('22:22')], [], sockets), { code: 'E_PORT_IN_USE', message: /process on the host/ });
  t.throws(() => checkPortConflicts([parsePublish('8080:80')], [], sockets), { code: 'E_PORT_IN_USE' });
  t.doesNotThrow(() => checkPortConflicts([parsePublish('10.0.0.5:8080:80')], [], sockets), 'a listener on 127.0.0.1 does not block another address');
  t.throws(() => checkPortConflicts([parsePublish('9000:80')], [{ container: 'abc', port: parsePublish('9000:81') }], sockets), { code: 'E_PORT_IN_USE', message: /container abc/ });
  t.doesNotThrow(() => checkPortConflicts([parsePublish('9000:80/udp')], [{ container: 'abc', port: parsePublish('9000:81') }], sockets));
});
