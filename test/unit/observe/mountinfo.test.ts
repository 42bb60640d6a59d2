import t from 'tap';
import { readFileSync } from 'node:fs';
import { mountAt, parseMountinfo, propagationOf } from '../../../src/engine/doctor/mountinfo.js';
import { propagationChecks, rootPropagation } from '../../../src/engine/doctor/propagation.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

t.test('parses the proc(5) example line, optional fields and escapes', async (t) => {
  const [entry] = parseMountinfo('36 35 98:0 /mnt1 /mnt/my\\040dir rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n');
  t.match(entry, {
    id: 36,
    parentId: 35,
    root: '/mnt1',
    mountPoint: '/mnt/my dir',
    options: ['rw', 'noatime'],
    optional: ['master:1'],
    fsType: 'ext3',
    source: '/dev/root',
    superOptions: ['rw', 'errors=continue'],
  });
  t.same(parseMountinfo('garbage\n\n'), []);
});

t.test('propagation from optional fields', async (t) => {
  t.same(propagationOf({ optional: ['shared:1'] }), { kind: 'shared', peerGroup: 1 });
  t.same(propagationOf({ optional: ['master:4'] }), { kind: 'slave', masterGroup: 4 });
  t.same(propagationOf({ optional: ['shared:7', 'master:2'] }), { kind: 'shared+slave', peerGroup: 7, masterGroup: 2 });
  t.same(propagationOf({ optional: [] }), { kind: 'private' });
  t.same(propagationOf({ optional: ['unbindable'] }), { kind: 'unbindable' });
});

t.test('root propagation: systemd host is shared, this VM is private', async (t) => {
  t.same(rootPropagation(parseMountinfo(fixture('mountinfo-v2.txt'))), { kind: 'shared', peerGroup: 1 });
  t.same(rootPropagation(parseMountinfo(fixture('mountinfo-hybrid.txt'))), { kind: 'private' });
  t.equal(rootPropagation([]), undefined);
});

t.test('the mount on top wins when / is mounted over', async (t) => {
  const mounts = parseMountinfo(
    '1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n' + '2 1 0:40 / / rw master:1 - overlay overlay rw,lowerdir=/a\n',
  );
  t.equal(mountAt(mounts, '/')?.id, 2);
  t.equal(rootPropagation(mounts)?.kind, 'slave');
});

t.test('propagation check explains shared mounts and pivot_root', async (t) => {
  const [shared] = propagationChecks({ kind: 'shared', peerGroup: 1 });
  t.equal(shared?.status, 'ok');
  t.match(shared?.detail, /make-rprivate/);
  t.equal(propagationChecks(undefined)[0]?.status, 'warn');
});
