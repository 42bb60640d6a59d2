/** Commands about this machine and the shell. */
import type { CommandSpec } from './types.js';

export const doctor: CommandSpec = {
  name: 'doctor',
  args: '[OPTIONS]',
  summary: 'Which kernel features this machine has, and how to fix what is missing',
  options: [{ name: 'json', description: 'Print the checks as JSON', example: 'tslab doctor --json' }],
  examples: ['tslab doctor'],
};

export const setup: CommandSpec = {
  name: 'setup',
  args: '[OPTIONS]',
  summary: 'Install the host tools tslab needs (Debian/Ubuntu, as root)',
  description: 'Installs ip (iproute2), iptables, a static busybox, gcc + libc6-dev + libseccomp-dev and make when missing, and links /usr/local/bin/tslab to this checkout so `tslab` is a command.',
  options: [
    { name: 'dry-run', short: 'n', description: 'Say what would be installed, install nothing', example: 'tslab setup -n' },
    { name: 'for-build', description: 'As npm install runs it: only say what is missing when not root', example: 'tslab setup --for-build' },
  ],
  examples: ['sudo tslab setup'],
};

export const completion: CommandSpec = {
  name: 'completion',
  args: 'bash|zsh',
  summary: 'Print a shell completion script: commands, options, containers, networks, lessons',
  description: 'Load it in your shell: `source <(tslab completion bash)` in ~/.bashrc, or `source <(tslab completion zsh)` in ~/.zshrc.',
  operands: [['bash', 'zsh']],
  options: [],
  examples: ['source <(tslab completion bash)', 'tslab completion zsh > ~/.zfunc/_tslab'],
};

export const version: CommandSpec = {
  name: 'version',
  args: '',
  summary: "tslab's version",
  options: [],
  examples: ['tslab version'],
};
