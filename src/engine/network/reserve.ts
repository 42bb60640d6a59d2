/**
 * A container's network made one operation at a time from outside, as lesson 1
 * builds it: the container is registered like any other (so `tslab gc` owns it),
 * and the names of its netns and veth pair are recorded in its attachment BEFORE
 * anything is made, so whatever a crash leaves behind is gc's to remove. The
 * names are the engine's own (`tslab-<id>`, `tsl<id>`), so two learners on one
 * host never meet.
 */
import type { Engine } from '../engine.js';
import type { ContainerState } from '../state.js';
import { hostVethName, netnsName } from './attach.js';
import { writeAttachment } from './ipam.js';

export interface NetworkNames {
  netns: string;
  /** The host end of the veth pair. */
  hostVeth: string;
  /** The other end, named on the host until it moves into the netns. */
  peer: string;
  /** A /30 of 10.200.0.0/16 picked by the id: the host end's and the netns end's addresses. */
  hostCidr: string;
  peerCidr: string;
}

export function networkNames(id: string): NetworkNames {
  const n = Number.parseInt(id.slice(0, 4), 16) % 16384;
  const base = `10.200.${n >> 6}.${(n & 63) * 4}`.split('.').map(Number);
  const at = (host: number) => `${base.slice(0, 3).join('.')}.${base[3]! + host}/30`;
  return { netns: netnsName(id), hostVeth: hostVethName(id), peer: `tslc${id}`.slice(0, 15), hostCidr: at(1), peerCidr: at(2) };
}

/** Record the intent (attachment and state), then the caller makes the names exist. */
export async function reserveNetwork(engine: Engine, state: ContainerState): Promise<NetworkNames> {
  const names = networkNames(state.id);
  await writeAttachment(engine.paths, { container: state.id, netns: names.netns, hostVeth: names.hostVeth, ports: [] });
  state.network = { mode: 'none', netns: names.netns, hostVeth: names.hostVeth, ports: [] };
  await engine.store.write(state);
  return names;
}
