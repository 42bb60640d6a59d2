/** `tslab run` and `tslab exec`: options grouped as docker's run reference groups them. */
import type { CommandSpec } from './types.js';
import { common } from './types.js';

export const run: CommandSpec = {
  name: 'run',
  args: '[OPTIONS] SANDBOX|IMAGE [COMMAND] [ARG...]',
  summary: 'Run a command in a new container',
  description:
    'Creates a container in phases (rootfs, cgroup, namespaces, network, inside, exec) and runs COMMAND in it. SANDBOX is a root filesystem recipe (busybox), IMAGE one loaded with `tslab image load` (its Entrypoint, Cmd, Env, WorkingDir and User apply); with --rootfs any directory is the lower layer instead.',
  stopAtPositional: true,
  operands: ['sandbox'],
  options: [
    { name: 'detach', short: 'd', group: 'Running', description: "Run in the background and print the container's id", example: 'tslab run -d --name web busybox httpd -f' },
    { name: 'rm', group: 'Running', description: 'Remove the container when it exits', example: 'tslab run --rm busybox echo hello' },
    { name: 'interactive', short: 'i', group: 'Running', description: 'Keep stdin open to the container', example: 'tslab run -it busybox sh' },
    { name: 'tty', short: 't', group: 'Running', description: 'Give the container a terminal (with -i for a shell)', example: 'tslab run -it busybox sh' },
    { name: 'init', group: 'Running', description: 'Run a tiny PID 1 that reaps zombies and forwards signals', example: '--init' },
    { name: 'name', value: 'NAME', group: 'Identity', description: 'Name the container (default: a generated one)', example: '--name web' },
    { name: 'hostname', short: 'h', value: 'NAME', group: 'Identity', description: 'Hostname inside its UTS namespace', example: '--hostname box' },
    { name: 'user', short: 'u', value: 'USER[:GROUP]', group: 'Identity', description: "The user to run as: a name from the root's /etc/passwd or a uid", example: '-u 1000:1000' },
    { name: 'env', short: 'e', value: 'KEY=VALUE', repeatable: true, group: 'Environment', description: 'Set an environment variable (KEY alone copies it from here)', example: '-e GREETING=hi' },
    { name: 'workdir', short: 'w', value: 'DIR', group: 'Environment', description: 'Working directory inside the container; made when missing', example: '-w /app' },
    { name: 'memory', short: 'm', value: 'BYTES', group: 'Resources (cgroup limits)', description: 'Memory limit (b, k, m, g); swap is off, so going over it OOM-kills (exit 137)', example: '--memory 64m' },
    { name: 'cpus', value: 'N', group: 'Resources (cgroup limits)', description: 'CPU time as a number of CPUs, written as a CFS quota per 100ms', example: '--cpus 0.5' },
    { name: 'pids-limit', value: 'N', group: 'Resources (cgroup limits)', description: 'Most processes and threads it may hold at once', example: '--pids-limit 50' },
    { name: 'userns', group: 'Isolation', description: 'A user namespace: root inside is uid 100000 on the host', example: '--userns' },
    { name: 'cap-add', value: 'CAP', repeatable: true, group: 'Security (docker\'s defaults unless changed; see the README\'s "Security model")', description: 'Keep a capability the default set drops (NET_ADMIN, SYS_TIME, ALL...)', example: '--cap-add NET_ADMIN' },
    { name: 'cap-drop', value: 'CAP', repeatable: true, group: 'Security (docker\'s defaults unless changed; see the README\'s "Security model")', description: 'Drop a capability of the default set (ALL for every one)', example: '--cap-drop ALL --cap-add NET_BIND_SERVICE' },
    {
      name: 'security-opt',
      value: 'OPT',
      repeatable: true,
      group: 'Security (docker\'s defaults unless changed; see the README\'s "Security model")',
      description: 'seccomp=unconfined (no syscall filter), seccomp=PROFILE.json (a docker/OCI profile), no-new-privileges=false (setuid programs gain privileges)',
      example: '--security-opt seccomp=unconfined',
    },
    {
      name: 'privileged',
      group: 'Security (docker\'s defaults unless changed; see the README\'s "Security model")',
      description: 'Every capability, no seccomp filter, no masked /proc paths, every device: root in the container is then root on the host. To see what the defaults do, never for something you do not trust',
      example: '--privileged',
    },
    { name: 'volume', short: 'v', value: 'HOST:CTR[:ro]', repeatable: true, group: 'Filesystem', description: 'Bind-mount a host path into the container (ro: read-only)', example: '-v /tmp/data:/data:ro', complete: 'files' },
    { name: 'rootfs', value: 'DIR', group: 'Filesystem', description: 'Use any directory as the lower layer instead of a sandbox', example: '--rootfs /srv/root', complete: 'files' },
    {
      name: 'net',
      value: 'MODE',
      group: 'Network',
      description: 'bridge (default), none, host, container:NAME, or a network made with `tslab network create`',
      example: '--net none',
      complete: 'networks',
    },
    { name: 'network', value: 'MODE', group: 'Network', description: 'Same as --net', example: '--network backend', complete: 'networks' },
    { name: 'publish', short: 'p', value: '[IP:]HOSTPORT:CTRPORT[/tcp|/udp]', repeatable: true, group: 'Network', description: 'Publish a container port on the host (DNAT)', example: '-p 18080:80' },
    common.trace('tslab run --trace --rm busybox true'),
  ],
  examples: [
    'tslab run --rm busybox echo hello',
    'tslab run -it --rm --hostname box busybox sh',
    'tslab run -d --name web --memory 64m --cpus 0.5 -p 18080:80 busybox httpd -f -h /www',
  ],
};

export const exec: CommandSpec = {
  name: 'exec',
  args: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  summary: 'Run a command in a running container',
  description: "The new process joins the container's namespaces (setns) and cgroup.",
  stopAtPositional: true,
  operands: ['container'],
  options: [
    { name: 'interactive', short: 'i', description: 'Keep stdin open', example: 'tslab exec -it web sh' },
    { name: 'tty', short: 't', description: 'Give the process a terminal', example: 'tslab exec -it web sh' },
    { name: 'env', short: 'e', value: 'KEY=VALUE', repeatable: true, description: 'Set an environment variable', example: '-e DEBUG=1' },
    { name: 'workdir', short: 'w', value: 'DIR', description: 'Working directory inside the container', example: '-w /tmp' },
    { name: 'cap-add', value: 'CAP', repeatable: true, description: 'Give this process a capability the container lacks (docker exec has only --privileged, which gives all)', example: '--cap-add CAP_SYS_ADMIN' },
  ],
  examples: ['tslab exec -it web sh', 'tslab exec web cat /proc/1/status'],
};
