/** cgroup v2 pids controller: pids.max and pids.current, the same files as in v1. */
export { applyPids, pidsCurrent, pidsMax } from '../v1/pids.js';
