// Boots the test VM under QEMU's software emulation and runs one script in it.
// KVM is not the default: on some hosts (nested setups like this project's
// machine) /dev/kvm does not run a stock kernel, and TCG works everywhere. Where
// KVM does work, TSLAB_VM_ACCEL=kvm makes the VM many times faster.
import { execa } from 'execa';
import { prepareImage } from './image.mjs';

const STATUS = /^TSLAB-VM-STATUS (\d+)$/;

/**
 * Runs `sh SCRIPT` as the VM's only job; SCRIPT is a path on this host (the VM
 * sees the host's root read-only). Each console line goes to onLine as it
 * arrives. Resolves to the script's exit status; 125 when the VM never said it.
 */
export async function runInVm(script, { onLine = () => {}, log = () => {}, timeoutMs = 30 * 60_000 } = {}) {
  const image = await prepareImage(log);
  const append = [
    'console=ttyS0', 'loglevel=1', 'panic=-1',
    // The point of the VM: no v1 hierarchy can be mounted, so tslab meets pure cgroup v2.
    'cgroup_no_v1=all',
    // -cpu max has RDRAND: node's getrandom() need not wait for entropy.
    'random.trust_cpu=on',
    `tslab_modules=${image.modulesDir}`, `tslab_run=${script}`,
  ].join(' ');
  const qemu = execa('qemu-system-x86_64', [
    '-accel', process.env.TSLAB_VM_ACCEL || 'tcg,thread=multi', '-cpu', 'max', '-machine', 'q35', '-m', '2048', '-smp', '2',
    '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-nic', 'none',
    '-kernel', image.vmlinux, '-initrd', image.initramfs, '-append', append,
    '-virtfs', 'local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap',
    '-device', 'virtio-rng-pci',
  ], { stdin: 'ignore', stderr: 'inherit', reject: false, buffer: false, timeout: timeoutMs, forceKillAfterDelay: 5000 });

  let status;
  let partial = '';
  qemu.stdout.setEncoding('utf8');
  qemu.stdout.on('data', (chunk) => {
    const lines = (partial + chunk.replaceAll('\r', '')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = STATUS.exec(line);
      if (match) status = Number(match[1]);
      else onLine(line);
    }
  });
  const result = await qemu;
  if (partial) onLine(partial);
  if (result.timedOut) log(`the VM was stopped after ${Math.round(timeoutMs / 1000)} s`);
  else if (status === undefined) log(`the VM ended without reporting a status (qemu exit ${result.exitCode})`);
  return status ?? 125;
}
