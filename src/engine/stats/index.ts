/** `tslab stats`' engine side: read running containers' usage through the cgroup interface, and compare readings. */
import { totalmem } from 'node:os';
import { getCgroupDriver } from '../cgroups/detect.js';
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';
import { sampleContainer, type ContainerSample } from './sample.js';

export { parseNetDev, sampleContainer, type ContainerSample } from './sample.js';
export { usageBetween, type ContainerUsage } from './usage.js';

export const hostMemoryBytes = (): number => totalmem();

/** One sample of each container that is still there; those that ended are left out. */
export async function sampleContainers(engine: Engine, states: readonly ContainerState[]): Promise<ContainerSample[]> {
  const driver = await getCgroupDriver(engine);
  const samples = await Promise.all(states.map((s) => sampleContainer(driver, s)));
  return samples.filter((s): s is ContainerSample => s !== undefined);
}
