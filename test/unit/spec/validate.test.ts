import t from 'tap';
import { DEFAULT_DEVICE_RULES } from '../../../src/engine/security/devices.js';
import { validateRunRequest, type ValidateContext } from '../../../src/engine/spec/validate.js';

const context: ValidateContext = { knownSandboxes: ['busybox'], hostCpus: 2, hostEnv: { FROM_HOST: 'yes' } };

t.test('a plain request gets docker-like defaults', async (t) => {
  const spec = validateRunRequest({ sandbox: 'busybox', command: ['echo', 'hello'], name: 'web-1' }, context);
  t.equal(spec.name, 'web-1');
  t.same(spec.root, { kind: 'sandbox', name: 'busybox' });
  t.same(spec.process.args, ['echo', 'hello']);
  t.equal(spec.process.cwd, '/');
  t.equal(spec.hostname, 'web-1');
  t.ok(spec.process.env.some((e) => e.startsWith('PATH=/usr/local/sbin')));
  t.same(spec.resources, { devices: DEFAULT_DEVICE_RULES });
  t.equal(spec.userns, false);
  t.match(spec.security, { seccomp: 'default', noNewPrivileges: true, privileged: false });
});

t.test('no command runs sh; a generated name is valid', async (t) => {
  const spec = validateRunRequest({ sandbox: 'busybox', command: [] }, context);
  t.same(spec.process.args, ['sh']);
  t.match(spec.name, /^[a-z]+_[a-z]+_\d+$/);
});

t.test('limits are parsed', async (t) => {
  const spec = validateRunRequest({ sandbox: 'busybox', command: [], memory: '64m', cpus: '0.5', pidsLimit: '10' }, context);
  t.same(spec.resources, { memoryBytes: 64 * 1024 * 1024, cpus: 0.5, pidsMax: 10, devices: DEFAULT_DEVICE_RULES });
});

t.test('env: user values override defaults, -e NAME takes the host value', async (t) => {
  const spec = validateRunRequest({ sandbox: 'busybox', command: [], env: ['PATH=/bin', 'A=1', 'FROM_HOST'] }, context);
  t.ok(spec.process.env.includes('PATH=/bin'));
  t.notOk(spec.process.env.some((e) => e.startsWith('PATH=/usr')));
  t.ok(spec.process.env.includes('A=1'));
  t.ok(spec.process.env.includes('FROM_HOST=yes'));
});

t.test('volumes', async (t) => {
  const spec = validateRunRequest({ sandbox: 'busybox', command: [], volumes: ['/tmp:/data:ro', '/tmp:/rw'] }, context);
  t.same(spec.volumes, [
    { source: '/tmp', target: '/data', readonly: true },
    { source: '/tmp', target: '/rw', readonly: false },
  ]);
});

t.test('bad input: one clear error with a hint each', async (t) => {
  const cases: Array<[string, Parameters<typeof validateRunRequest>[0], string]> = [
    ['unknown sandbox', { sandbox: 'alpine', command: [] }, 'E_UNKNOWN_SANDBOX'],
    ['missing rootfs', { rootfs: '/nonexistent/rootfs', command: [] }, 'E_NO_ROOTFS'],
    ['bad size', { sandbox: 'busybox', command: [], memory: '12x' }, 'E_BAD_SIZE'],
    ['tiny memory', { sandbox: 'busybox', command: [], memory: '1m' }, 'E_BAD_SIZE'],
    ['negative cpus', { sandbox: 'busybox', command: [], cpus: '-1' }, 'E_BAD_NUMBER'],
    ['too many cpus', { sandbox: 'busybox', command: [], cpus: '64' }, 'E_BAD_NUMBER'],
    ['bad name', { sandbox: 'busybox', command: [], name: '-bad' }, 'E_BAD_NAME'],
    ['name with slash', { sandbox: 'busybox', command: [], name: 'a/b' }, 'E_BAD_NAME'],
    ['volume source missing', { sandbox: 'busybox', command: [], volumes: ['/nonexistent/x:/x'] }, 'E_VOLUME_SOURCE_MISSING'],
    ['relative volume', { sandbox: 'busybox', command: [], volumes: ['tmp:/x'] }, 'E_BAD_VOLUME'],
    ['volume mode', { sandbox: 'busybox', command: [], volumes: ['/tmp:/x:rx'] }, 'E_BAD_VOLUME'],
    ['volume target with ..', { sandbox: 'busybox', command: [], volumes: ['/tmp:/x/../../etc'] }, 'E_BAD_PATH'],
    ['volume over the root', { sandbox: 'busybox', command: [], volumes: ['/tmp:/'] }, 'E_BAD_VOLUME'],
    ['volume over the root, spelled //.', { sandbox: 'busybox', command: [], volumes: ['/tmp://.'] }, 'E_BAD_VOLUME'],
    ['relative workdir', { sandbox: 'busybox', command: [], workdir: 'tmp' }, 'E_BAD_PATH'],
    ['bad hostname', { sandbox: 'busybox', command: [], hostname: 'bad_host!' }, 'E_BAD_HOSTNAME'],
    ['bad env', { sandbox: 'busybox', command: [], env: ['1X=2'] }, 'E_BAD_ENV'],
  ];
  for (const [what, request, code] of cases) {
    t.throws(() => validateRunRequest(request, context), { code, hint: /\S/, exitCode: 125 }, what);
  }
});
