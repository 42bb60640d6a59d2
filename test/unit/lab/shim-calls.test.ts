/** The shim line of "what tslab did" names the calls the shim reported, not a fixed list. */
import t from 'tap';
import { shimCalls } from '../../../src/lab/shim-calls.js';
import type { TranscriptEntry } from '../../../src/engine/transcript.js';

const entry = (kind: TranscriptEntry['kind'], text: string): TranscriptEntry => ({ kind, text, at: 0 });

t.test('a plain exec: setns and chroot, counted, no clone or pivot_root', async (t) => {
  const exec = [
    entry('command', 'tslab exec lesson-02 uname -n'),
    ...['ipc', 'uts', 'net', 'pid', 'cgroup', 'mnt'].map((ns) => entry('syscall', `setns(open("/proc/7/ns/${ns}"), CLONE_NEW${ns.toUpperCase()})`)),
    entry('syscall', 'chroot(".")'),
  ];
  t.same(shimCalls(exec), { total: 7, calls: 'setns ×6, chroot' });
});

t.test('a start: in order of first use', async (t) => {
  const start = ['unshare(CLONE_NEWNS)', 'mount(NULL, "/", NULL, MS_REC|MS_PRIVATE, NULL)', 'clone(CLONE_NEWPID|SIGCHLD) = 42', 'mount("proc", "/proc", "proc", MS_NOSUID)', 'pivot_root(".", ".")'];
  t.same(shimCalls(start.map((s) => entry('syscall', s))), { total: 5, calls: 'unshare, mount ×2, clone, pivot_root' });
});

t.test('no shim, no line', async (t) => {
  t.equal(shimCalls([entry('command', 'ip netns add tslab-x')]), undefined);
});
