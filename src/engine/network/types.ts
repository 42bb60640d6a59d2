/** The network's records, as kept on disk: a network (networks.ts) and a container's network (state.ts, made by attach.ts). */
import type { PortSpec } from '../spec/types.js';

/** What a container's network is, kept in its state (and shown by inspect). */
export interface NetworkState {
  mode: 'bridge' | 'none' | 'host' | 'container';
  network?: string;
  bridge?: string;
  ip?: string;
  prefixLength?: number;
  mac?: string;
  gateway?: string;
  netns?: string;
  hostVeth?: string;
  /** container:NAME — the container whose net namespace this one shares. */
  sharedWith?: string;
  ports: PortSpec[];
}

/** A network: its bridge, subnet and gateway (data dir/network/networks/NAME.json). */
export interface NetworkRecord {
  name: string;
  bridge: string;
  /** CIDR, e.g. 10.88.0.0/16 */
  subnet: string;
  gateway: string;
  default: boolean;
  /** Made by a lesson: like the default network, gc removes it once no container uses it. */
  ephemeral?: boolean;
  createdAt: string;
}
