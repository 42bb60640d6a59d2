/**
 * Phases 5 and 6 apart, on the real kernel: after prepareInside the shim has
 * pivoted into the container's root and stopped (nothing of the command runs),
 * and only execCommand runs the command. What a lesson shows between them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import t from 'tap';
import { createEngine } from '../../src/engine/engine.js';
import { createContainer, execCommand, prepareInside } from '../../src/engine/lifecycle/create.js';
import { removeContainer } from '../../src/engine/lifecycle/remove.js';
import { listSandboxes } from '../../src/engine/rootfs/sandbox.js';
import { validateRunRequest } from '../../src/engine/spec/validate.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';

const env = isolatedEnv('phases');

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('the root before and after pivot_root, and the command only on exec', async (t) => {
    const engine = createEngine({ ...env }, { trace: true });
    const spec = validateRunRequest(
      { name: 'phases', command: ['sh', '-c', 'echo ran > /ran; exec sleep 300'], detach: true, net: 'none' },
      { knownSandboxes: listSandboxes(), hostCpus: availableParallelism(), hostEnv: {} },
    );
    const container = await createContainer(engine, spec, { stdin: 'ignore', stdout: 'ignore', stderr: 'ignore', detached: true });
    const pid = container.state.pid!;
    try {
      t.ok(existsSync(`/proc/${pid}/root/etc/os-release`), "before phase 5 its root is still the host's");
      const mark = engine.host.transcript.length;
      await prepareInside(container);
      const syscalls = engine.host.transcript.since(mark).map((e) => e.text);
      t.ok(syscalls.some((s) => s.startsWith('pivot_root')), 'the shim reported pivot_root');
      t.ok(existsSync(`/proc/${pid}/root/bin/busybox`), "after phase 5 its root is the sandbox's");
      t.notOk(existsSync(`/proc/${pid}/root/etc/os-release`), "and the host's files are out of sight");
      t.notOk(existsSync(`/proc/${pid}/root/ran`), 'the command has not run');
      t.match(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /^tslab-shim/, 'the process is still the shim');
      await execCommand(container);
      container.shim?.detach();
      t.equal(container.state.status, 'running');
      for (let i = 0; i < 100 && !existsSync(`/proc/${pid}/root/ran`); i++) await new Promise((r) => setTimeout(r, 20));
      t.ok(existsSync(`/proc/${pid}/root/ran`), 'after phase 6 the command ran');
    } finally {
      await removeContainer(engine, container.state, { force: true });
    }
  });

  await assertNothingLeft(t, env);
}
