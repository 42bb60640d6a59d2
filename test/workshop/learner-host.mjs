// Runs tslab as a learner on their own machine: started by `ip netns exec HOST`
// (a mount namespace of its own, not shared back), it puts a fresh tmpfs on
// /run/netns, so each learner's lesson namespace (always tslab-lesson1) is
// theirs alone, as on separate machines. Then it runs tslab with the rest of argv.
import { execFileSync, spawnSync } from 'node:child_process';

execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tslab-test-netns', '/run/netns']);
const [bin, ...args] = process.argv.slice(2);
const result = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
