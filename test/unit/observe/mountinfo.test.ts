import t from 'tap';
import { mountAt, parseMountinfo, propagationOf } from '../../../src/engine/observe/mountinfo.js';

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

t.test('a cgroup v1 line without optional fields: the controllers are in the super options', async (t) => {
  const [entry] = parseMountinfo('32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct');
  t.match(entry, {
    root: '/',
    mountPoint: '/sys/fs/cgroup/cpu,cpuacct',
    optional: [],
    fsType: 'cgroup',
    source: 'cgroup',
    superOptions: ['rw', 'cpu', 'cpuacct'],
  });
});

t.test('propagation from optional fields', async (t) => {
  t.same(propagationOf({ optional: ['shared:1'] }), { kind: 'shared', peerGroup: 1 });
  t.same(propagationOf({ optional: ['master:4'] }), { kind: 'slave', masterGroup: 4 });
  t.same(propagationOf({ optional: ['shared:7', 'master:2'] }), { kind: 'shared+slave', peerGroup: 7, masterGroup: 2 });
  t.same(propagationOf({ optional: [] }), { kind: 'private' });
  t.same(propagationOf({ optional: ['unbindable'] }), { kind: 'unbindable' });
});

t.test('the mount on top wins when / is mounted over', async (t) => {
  const mounts = parseMountinfo(
    '1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n' + '2 1 0:40 / / rw master:1 - overlay overlay rw,lowerdir=/a\n',
  );
  t.equal(mountAt(mounts, '/')?.id, 2);
  t.equal(mountAt(mounts, '/nowhere'), undefined);
});
