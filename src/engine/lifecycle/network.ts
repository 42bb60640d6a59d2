/**
 * Only bridge and container: networks need the networking code (ip, iptables,
 * IPAM); --net none and host never load it, which keeps their start fast.
 */
import type { ContainerSpec } from '../spec/types.js';

export const needsNetworkCode = (spec: ContainerSpec): boolean => spec.network?.mode === 'bridge' || spec.network?.mode === 'container';

export const networkCode = () => import('../network/attach.js');
