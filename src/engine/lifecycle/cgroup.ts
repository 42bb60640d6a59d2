/** Releasing a container's cgroup, and tslab's parent cgroup with it once that is empty. */
import { getCgroupDriver } from '../cgroups/detect.js';
import type { Cgroup } from '../cgroups/types.js';
import type { Engine } from '../engine.js';

export async function releaseCgroup(engine: Engine, cgroup: Cgroup | undefined): Promise<void> {
  await cgroup?.destroy();
  // The parent (`tslab/`) is tslab's too: leave no empty directory behind. A container
  // starting at the same moment makes it again (mkdir is recursive), and rmdir of a
  // parent still in use fails harmlessly with EBUSY.
  await (await getCgroupDriver(engine)).removeParentIfEmpty();
}
