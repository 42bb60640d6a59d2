import t from 'tap';
import { formatDoctorReport, wrap } from '../../../src/cli/doctor.js';
import type { DoctorReport } from '../../../src/engine/doctor/index.js';
import { isReady } from '../../../src/engine/doctor/index.js';

const report: DoctorReport = {
  ok: false,
  facts: { platform: 'linux', root: true },
  checks: [
    { id: 'platform', title: 'Platform', status: 'ok', detail: 'Linux 6.1.0-18-amd64', required: true },
    {
      id: 'ip_forward',
      title: 'IPv4 forwarding',
      status: 'warn',
      detail: 'off: tslab turns it on when a container needs outbound traffic and records that it did',
      fix: 'sysctl -w net.ipv4.ip_forward=1',
      required: false,
    },
    { id: 'overlayfs', title: 'overlayfs', status: 'missing', detail: 'not in /proc/filesystems', fix: 'modprobe overlay', required: true },
    { id: 'cgroup.memsw', title: 'Memory swap accounting with a very long title', status: 'ok', detail: 'on', required: false },
    { id: 'aufs', title: 'aufs (legacy)', status: 'unavailable', detail: 'not available in this kernel', required: false },
  ],
};

t.test('table fits 80 columns, fix on its own indented line', async (t) => {
  const text = formatDoctorReport(report);
  const lines = text.trimEnd().split('\n');
  for (const line of lines) t.ok(line.length <= 80, `fits: ${JSON.stringify(line)}`);
  t.match(lines[0], /^ok\s+Platform\s+Linux 6\.1\.0-18-amd64$/);
  const fix = lines.find((line) => line.includes('fix: sysctl'));
  t.match(fix, /^\s{20,}fix: sysctl -w net\.ipv4\.ip_forward=1$/);
  t.match(text, /^missing\s+overlayfs\s+not in \/proc\/filesystems\n\s+fix: modprobe overlay$/m);
  t.match(text, /1 required item is missing/);
  t.notMatch(text, /fix: .*\n.*Platform/, 'ok rows have no fix');
  t.match(text, /^n\/a\s+aufs \(legacy\)\s+not available in this kernel$/m, 'what is absent is never shown as ok');
});

t.test('ready summary', async (t) => {
  const ok = { ...report, ok: true, checks: report.checks.filter((c) => c.status !== 'missing') };
  t.ok(isReady(ok.checks));
  t.notOk(isReady(report.checks));
  t.match(formatDoctorReport(ok), /Ready: everything tslab needs is here \(1 note above\)\.\n$/);
});

t.test('wrap', async (t) => {
  t.same(wrap('a bb ccc dddd', 6), ['a bb', 'ccc', 'dddd']);
  t.same(wrap('', 10), ['']);
  t.same(wrap('averyveryverylongword x', 5), ['averyveryverylongword', 'x']);
});
