/** Container names: the rule users must follow, and friendly generated names. */
import { randomInt } from 'node:crypto';
import { TslabError } from '../errors.js';

export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const MAX_NAME_LENGTH = 64;

export function validateName(name: string): string {
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new TslabError('E_BAD_NAME', `invalid container name ${JSON.stringify(name)}`, {
      hint: `names start with a letter or digit, then letters, digits, _ . or - (at most ${MAX_NAME_LENGTH}), e.g. --name web-1`,
    });
  }
  return name;
}

// Namespaces and the kernel features they became; learners meet them in the lessons.
const adjectives = ['busy', 'calm', 'clever', 'eager', 'gentle', 'happy', 'keen', 'lucid', 'nimble', 'quiet', 'brave', 'tidy'];
const nouns = ['clone', 'cgroup', 'veth', 'overlay', 'pivot', 'setns', 'unshare', 'bridge', 'procfs', 'netns', 'init', 'shim'];

export function generateName(): string {
  return `${adjectives[randomInt(adjectives.length)]}_${nouns[randomInt(nouns.length)]}_${randomInt(100, 1000)}`;
}
