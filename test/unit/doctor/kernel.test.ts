import t from 'tap';
import { kernelChecks, kernelVersion } from '../../../src/engine/doctor/kernel.js';

t.test('kernel releases', async (t) => {
  t.same(kernelVersion('6.1.0-18-amd64'), [6, 1]);
  t.same(kernelVersion('5.15.146.1-microsoft-standard-WSL2'), [5, 15]);
  t.equal(kernelVersion('weird'), undefined);
});

t.test('openat2 is required; close_range only warns (the shim has a fallback)', async (t) => {
  const byId = (release: string) => Object.fromEntries(kernelChecks(release).map((c) => [c.id, c]));
  t.match(byId('6.1.0'), { openat2: { status: 'ok' }, 'close-range': { status: 'ok' } });
  t.match(byId('5.10.0-28-amd64'), { openat2: { status: 'ok' }, 'close-range': { status: 'warn', required: false } });
  t.match(byId('5.4.0-150-generic'), { openat2: { status: 'missing', required: true, fix: /upgrade the kernel/ } });
  t.match(kernelChecks('x')[0], { status: 'warn', required: false });
});
