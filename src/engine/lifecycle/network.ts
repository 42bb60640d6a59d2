/**
 * Only bridge and container: networks need the networking code (ip, iptables,
 * IPAM); --net none and host never load it, which keeps their start fast.
 */
import type { ContainerSpec } from '../spec/types.js';
import type { ContainerState } from '../state.js';

export const needsNetworkCode = (spec: ContainerSpec): boolean => spec.network?.mode === 'bridge' || spec.network?.mode === 'container';

export const networkCode = () => import('../network/attach.js');

/** Holds network resources to release: bridge/container mode, or a netns named from outside (reserve.ts). */
export const holdsNetwork = (state: ContainerState): boolean => needsNetworkCode(state.spec) || state.network?.netns !== undefined;
