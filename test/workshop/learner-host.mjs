// Runs tslab as a learner on their own machine: started in the host's netns by
// nsenter and in a private mount namespace by unshare (never the host's), it puts a fresh tmpfs on
// /run/netns, so each learner's lesson namespace (always tslab-lesson1) is
// theirs alone, as on separate machines. Then it runs tslab with the rest of argv.
import { execFileSync, spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';

// Never over the host's own /run/netns: only in a mount namespace of our own, not the test's (our parent).
if (readlinkSync('/proc/self/ns/mnt') === readlinkSync(`/proc/${process.ppid}/ns/mnt`)) {
  console.error('learner-host: not in a mount namespace of its own; refusing to mount over /run/netns');
  process.exit(125);
}

execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tslab-test-netns', '/run/netns']);
const [bin, ...args] = process.argv.slice(2);
const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
