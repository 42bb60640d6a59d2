/**
 * The default network's settings. A real host has one tslab: bridge tslab0,
 * 10.88.0.0/16, chains TSLAB-*. Tests (and a learner running two tslabs side by
 * side) give each isolated environment its own bridge, subnet and chain prefix
 * through the environment, so one environment never tears down another's:
 *   TSLAB_BRIDGE        default bridge name (tsl..., at most 15 characters)
 *   TSLAB_SUBNET        default network's subnet (gateway is its first address)
 *   TSLAB_CHAIN_PREFIX  iptables chain prefix (TSLAB or TSLAB-<suffix>)
 */
import { TslabError } from '../errors.js';

export const DEFAULT_NETWORK = 'bridge';

export interface NetworkDefaults {
  bridge: string;
  subnet: string;
  chainPrefix: string;
}

export function networkDefaults(env: NodeJS.ProcessEnv = process.env): NetworkDefaults {
  const bridge = env.TSLAB_BRIDGE || 'tslab0';
  const subnet = env.TSLAB_SUBNET || '10.88.0.0/16';
  const chainPrefix = env.TSLAB_CHAIN_PREFIX || 'TSLAB';
  if (!/^tsl[a-z0-9-]{1,12}$/.test(bridge) || /^tsl[0-9a-f]{12}$/.test(bridge)) {
    throw new TslabError('E_NET_CONFIG', `TSLAB_BRIDGE=${bridge} is not a tslab bridge name`, {
      hint: 'use tsl followed by up to 12 letters, digits or -, not tsl + 12 hex digits (that is a container veth), e.g. tslab0',
    });
  }
  if (!/^TSLAB(-[A-Z0-9]{1,12})?$/.test(chainPrefix)) {
    throw new TslabError('E_NET_CONFIG', `TSLAB_CHAIN_PREFIX=${chainPrefix} is not a tslab chain prefix`, { hint: 'use TSLAB or TSLAB-<up to 12 capitals/digits>' });
  }
  return { bridge, subnet, chainPrefix };
}
