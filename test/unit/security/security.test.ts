import { readFileSync } from 'node:fs';
import t from 'tap';
import { CAPABILITIES, capabilityNumber, resolveCapabilities } from '../../../src/engine/security/capabilities.js';
import { DEFAULT_DEVICE_RULES, v1DeviceLine } from '../../../src/engine/security/devices.js';
import { validateSecurity } from '../../../src/engine/security/options.js';
import { securityRecords } from '../../../src/engine/security/records.js';
import { DEFAULT_SECCOMP_PROFILE } from '../../../src/engine/security/seccomp-default.js';
import { rulesFor, seccompRecords, validateProfile } from '../../../src/engine/security/seccomp.js';

t.test('capability numbers are the kernel header\'s', async (t) => {
  // linux-libc-dev comes with libc6-dev, which `tslab setup` installs to build the shim.
  const text = readFileSync('/usr/include/linux/capability.h', 'utf8');
  for (const name of CAPABILITIES) t.match(text, new RegExp(`#define ${name}\\s+${capabilityNumber(name)}\\b`), name);
});

t.test('cap-add and cap-drop follow docker: drop, then add; names with or without CAP_', async (t) => {
  const defaults = resolveCapabilities([], [], false);
  t.equal(defaults.length, 14);
  t.notOk(defaults.includes('CAP_NET_ADMIN'));
  const changed = resolveCapabilities(['net_admin'], ['CAP_CHOWN'], false);
  t.ok(changed.includes('CAP_NET_ADMIN'));
  t.notOk(changed.includes('CAP_CHOWN'));
  t.same(resolveCapabilities(['KILL'], ['ALL'], false), ['CAP_KILL']);
  t.equal(resolveCapabilities(['ALL'], [], false).length, CAPABILITIES.length);
  t.equal(resolveCapabilities([], [], true).length, CAPABILITIES.length);
  t.throws(() => resolveCapabilities(['FLY'], [], false), { code: 'E_BAD_CAPABILITY', hint: /NET_ADMIN/ });
});

t.test('security options', async (t) => {
  t.match(validateSecurity({}), { seccomp: 'default', noNewPrivileges: true, privileged: false });
  t.match(validateSecurity({ privileged: true }), { seccomp: 'unconfined', noNewPrivileges: false, privileged: true });
  t.match(validateSecurity({ securityOpt: ['seccomp=unconfined', 'no-new-privileges=false'] }), { seccomp: 'unconfined', noNewPrivileges: false });
  t.throws(() => validateSecurity({ securityOpt: ['label=disable'] }), { code: 'E_BAD_SECURITY_OPT' });
});

t.test('profiles are validated field by field', async (t) => {
  t.same(validateProfile({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ name: 'mkdir', action: 'SCMP_ACT_ERRNO' }] }, 'x'), {
    defaultAction: 'SCMP_ACT_ALLOW',
    syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO' }],
  });
  for (const bad of [null, {}, { defaultAction: 'ALLOW' }, { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['a b'], action: 'SCMP_ACT_ERRNO' }] },
    { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['clone'], action: 'SCMP_ACT_ERRNO', args: [{ index: 6, value: 1, op: 'SCMP_CMP_EQ' }] }] }])
    t.throws(() => validateProfile(bad, 'x'), { code: 'E_BAD_SECCOMP' }, JSON.stringify(bad));
});

t.test('the default profile: docker\'s refusals, opened by the capability that governs them', async (t) => {
  const denied = (caps: string[]) => new Set(rulesFor(DEFAULT_SECCOMP_PROFILE, caps).flatMap((r) => r.names));
  const plain = denied(resolveCapabilities([], [], false));
  for (const name of ['mount', 'unshare', 'setns', 'keyctl', 'bpf', 'ptrace', 'kexec_load', 'init_module', 'reboot', 'clock_settime', 'userfaultfd', 'io_uring_setup', 'clone3'])
    t.ok(plain.has(name), `${name} refused by default`);
  const admin = denied(resolveCapabilities(['SYS_ADMIN'], [], false));
  t.notOk(admin.has('mount'), 'CAP_SYS_ADMIN opens mount');
  t.ok(admin.has('keyctl'), 'the keyring stays closed');
  const records = seccompRecords(DEFAULT_SECCOMP_PROFILE, resolveCapabilities([], [], false));
  t.same(records[0], ['seccomp_default', 'SCMP_ACT_ALLOW 1']);
  t.ok(records.some(([k, v]) => k === 'seccomp_rule' && Array.isArray(v) && v[2] === 'clone' && v[3] === '0:SCMP_CMP_MASKED_EQ:268435456:268435456'), 'clone with CLONE_NEWUSER');
});

t.test('shim records: capabilities by number, no_new_privs, and no filter when unconfined', async (t) => {
  const records = securityRecords(validateSecurity({ capDrop: ['ALL'], capAdd: ['NET_RAW'], securityOpt: ['seccomp=unconfined'] }));
  t.same(records, [['cap', '13'], ['no_new_privs', '1']]);
});

t.test('device rules: deny all, then the standard devices', async (t) => {
  t.same(DEFAULT_DEVICE_RULES.map(v1DeviceLine).slice(0, 4), ['a *:* rwm', 'c *:* m', 'b *:* m', 'c 1:3 rwm']);
  t.ok(DEFAULT_DEVICE_RULES.map(v1DeviceLine).includes('c 136:* rwm'));
});
