import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseMountinfo } from '../../../src/engine/observe/mountinfo.js';
import { propagationChecks, rootPropagation } from '../../../src/engine/doctor/propagation.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

t.test('root propagation: systemd host is shared, this VM is private', async (t) => {
  t.same(rootPropagation(parseMountinfo(fixture('mountinfo-v2.txt'))), { kind: 'shared', peerGroup: 1 });
  t.same(rootPropagation(parseMountinfo(fixture('mountinfo-hybrid.txt'))), { kind: 'private' });
  t.equal(rootPropagation([]), undefined);
});

t.test('root propagation comes from the mount on top when / is mounted over', async (t) => {
  const mounts = parseMountinfo(
    '1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n' + '2 1 0:40 / / rw master:1 - overlay overlay rw,lowerdir=/a\n',
  );
  t.equal(rootPropagation(mounts)?.kind, 'slave');
});

t.test('propagation check explains shared mounts and pivot_root', async (t) => {
  const [shared] = propagationChecks({ kind: 'shared', peerGroup: 1 });
  t.equal(shared?.status, 'ok');
  t.match(shared?.detail, /make-rprivate/);
  t.equal(propagationChecks(undefined)[0]?.status, 'warn');
});
