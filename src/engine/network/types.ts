/** A container's network as kept in its state (state.ts) and shown by inspect; made by attach.ts. */
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
