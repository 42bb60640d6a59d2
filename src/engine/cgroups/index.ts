/** cgroups: one interface (types.ts), two drivers (v1.ts, v2.ts), chosen by detect.ts. */
export type { Cgroup, CgroupDriver, CgroupLimits, CgroupStats, CgroupVersion, WaitOptions } from './types.js';
export { type CgroupHostInfo, cgroupHostInfo, getCgroupDriver, describeCgroups, driverFor, resetCgroupDetection } from './detect.js';
export { CgroupV1Driver, V1_CONTROLLERS } from './v1.js';
export { CgroupV2Driver, V2_CONTROLLERS } from './v2.js';
export type { CgroupOps } from './files.js';
export { CPU_PERIOD_US, cpuQuotaUs } from './limits.js';
