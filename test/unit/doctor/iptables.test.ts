import t from 'tap';
import { iptablesChecks, parseIptablesVersion } from '../../../src/engine/doctor/iptables.js';

t.test('version strings', async (t) => {
  t.same(parseIptablesVersion('iptables v1.8.9 (nf_tables)'), { version: '1.8.9', backend: 'nf_tables' });
  t.same(parseIptablesVersion('iptables v1.8.7 (legacy)\n'), { version: '1.8.7', backend: 'legacy' });
  t.same(parseIptablesVersion('iptables v1.6.1'), { version: '1.6.1', backend: 'legacy' }, 'before 1.8 there was only legacy');
  t.same(parseIptablesVersion('iptables v1.8.10 (nf_tables): something'), { version: '1.8.10', backend: 'nf_tables' });
  t.equal(parseIptablesVersion('command not found'), undefined);
  t.equal(parseIptablesVersion(''), undefined);
});

t.test('checks', async (t) => {
  t.match(iptablesChecks({ installed: false })[0], { status: 'missing', required: true, fix: 'tslab setup' });
  t.match(iptablesChecks({ installed: true, raw: 'iptables v1.8.9 (nf_tables)', parsed: { version: '1.8.9', backend: 'nf_tables' } })[0], {
    status: 'ok',
    detail: /v1\.8\.9, nf_tables/,
  });
  t.match(iptablesChecks({ installed: false, offPath: '/usr/sbin/iptables' })[0], {
    status: 'missing',
    detail: '/usr/sbin/iptables is installed but /usr/sbin is not on PATH',
    fix: /sudo/,
  });
  t.match(iptablesChecks({ installed: true, raw: 'weird', parsed: undefined })[0], { status: 'warn', detail: /weird/ });
});
