import t from 'tap';
import { withCapabilities } from '../../../src/engine/security/capabilities.js';
import { DEFAULT_CAPABILITIES } from '../../../src/engine/container-defaults.js';
import { execConfig, runConfig } from '../../../src/engine/shim/config.js';
import { validateRunRequest } from '../../../src/engine/spec/validate.js';

const spec = validateRunRequest(
  { sandbox: 'busybox', command: ['httpd', '-f'], name: 'web', userns: true, init: true, volumes: ['/tmp:/data:ro'] },
  { knownSandboxes: ['busybox'], hostCpus: 2, hostEnv: {} },
);
const rootfs = { lower: ['/l'], upper: '/u', work: '/w', merged: '/m' };

t.test('run config carries the spec', async (t) => {
  const records = runConfig({ spec, rootfs, exitFile: '/run/x/exit', onExit: ['node', 'tslab', '_reap', 'id'], trace: true });
  const get = (key: string) => records.filter(([k]) => k === key).map(([, v]) => v);
  t.same(get('mode'), ['run']);
  t.same(get('ns'), ['pid,uts,ipc,mnt,net,cgroup,user']);
  t.same(get('arg'), ['httpd', '-f']);
  t.same(get('hostname'), ['web']);
  t.same(get('init'), ['1']);
  t.same(get('trace'), ['1']);
  t.same(get('on_exit'), ['node', 'tslab', '_reap', 'id']);
  t.same(get('cap').length, Object.keys(DEFAULT_CAPABILITIES).length);
  t.ok(get('mount').some((m) => Array.isArray(m) && m[0] === 'proc' && m[2] === '/proc'));
  t.same(get('mount').at(-1), ['bind', '/tmp', '/data', 'rbind,ro', ''], 'volumes come after the default mounts');
});

t.test('a joined namespace is not also created', async (t) => {
  const records = runConfig({ spec, rootfs, exitFile: '/e', onExit: [], trace: false, joins: [{ type: 'net', path: '/run/netns/tslab-x' }] });
  t.same(records.find(([k]) => k === 'ns')?.[1], 'pid,uts,ipc,mnt,cgroup,user');
  t.same(records.find(([k]) => k === 'join')?.[1], ['net', '/run/netns/tslab-x']);
  t.notOk(records.some(([k]) => k === 'trace'));
});

t.test('exec config joins every namespace of the target', async (t) => {
  const records = execConfig({
    targetPid: 42,
    joins: [{ type: 'mnt', path: '/proc/42/ns/mnt' }],
    process: { args: ['ps'], env: ['PATH=/bin'], cwd: '/', terminal: true },
    trace: false,
  });
  t.same(records.slice(0, 3), [['mode', 'exec'], ['target_pid', '42'], ['join', ['mnt', '/proc/42/ns/mnt']]]);
  t.ok(records.some(([k, v]) => k === 'tty' && v === '1'));
  t.notOk(records.some(([k, v]) => k === 'cap' && v === '21'), 'no CAP_SYS_ADMIN by default');
});

t.test('an exec can keep more than the default capabilities, named as in man 7 capabilities', async (t) => {
  const caps = (add: string[]) => execConfig({ targetPid: 1, joins: [], process: { args: ['hostname', 'x'], env: [], cwd: '/', terminal: false }, security: withCapabilities(undefined, add), trace: false })
    .filter(([k]) => k === 'cap')
    .map(([, v]) => Number(v));
  t.ok(caps(['CAP_SYS_ADMIN']).includes(21));
  t.ok(caps(['sys_admin']).includes(21));
  t.equal(caps(['CAP_CHOWN']).length, caps([]).length, 'a default one is not added twice');
  t.throws(() => withCapabilities(undefined, ['CAP_NOPE']), { code: 'E_BAD_CAPABILITY' });
});
