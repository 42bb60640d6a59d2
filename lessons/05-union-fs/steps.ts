/** Lesson 5: the seed's AUFS company/home example rebuilt on overlayfs; copy-up, whiteouts, an opaque directory; a sandbox's upper layer. */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { observeMounts } from '../../src/engine/observe/mounts.js';
import { mkdirThrough, mountUnion, removeThrough, removeUnion, unionLayout, writeLayer, writeThrough, type UnionMount } from '../../src/engine/rootfs/union.js';
import { lgetxattr } from '../../src/engine/syscalls.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { execIn, findSandbox, removeSandbox, startSandbox } from '../../src/lab/sandbox.js';

const DEMO = '05-union-fs';
const SANDBOX = 'lesson-05';
const LAYERS = { lower: ['company'], upper: 'home' };
/** The seed's example: two directories of two files each (and one subdirectory, for the opaque step). */
const COMPANY = { code: 'company code', meeting: 'monday 9:00', 'projects/plan': 'ship it' };
const HOME = { eat: 'noodles', sleep: '8 hours' };

const layout = (lab: LabContext): UnionMount => unionLayout(lab.engine.paths, DEMO, LAYERS);
const lower = (u: UnionMount) => u.lower[0]!;
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);

function overlayAt(u: UnionMount) {
  return observeMounts(process.pid).findLast((m) => m.mountPoint === u.merged && m.fsType === 'overlay');
}

/** A whiteout: a character device with device number 0/0 in the upper layer. */
function isWhiteout(file: string): boolean {
  try {
    const stat = lstatSync(file);
    return stat.isCharacterDevice() && stat.rdev === 0;
  } catch {
    return false;
  }
}

async function withMounted(lab: LabContext, check: (u: UnionMount) => CheckResult | Promise<CheckResult>): Promise<CheckResult> {
  const u = layout(lab);
  return overlayAt(u) ? check(u) : fail(`nothing is mounted at ${u.merged}`);
}

const sandboxUpper = async (lab: LabContext) => (await findSandbox(lab.engine, SANDBOX))?.rootfs.upper;

const lesson: LessonSteps = {
  id: '05-union-fs',
  target: { container: SANDBOX, union: DEMO },
  names: {
    LOWER: async (lab) => lower(layout(lab)),
    UPPER: async (lab) => layout(lab).upper,
    WORK: async (lab) => layout(lab).work,
    MERGED: async (lab) => layout(lab).merged,
    SANDBOX: async () => SANDBOX,
    SANDBOX_UPPER: sandboxUpper,
  },
  steps: [
    {
      id: 'make-layers',
      panels: ['mounts'],
      async run(lab) {
        const u = layout(lab);
        await writeLayer(lab.engine, DEMO, 'company', COMPANY);
        await writeLayer(lab.engine, DEMO, 'home', HOME);
        await show(lab, 'ls', ['-R', lower(u), u.upper]);
      },
      async check(lab) {
        const u = layout(lab);
        const missing = [...Object.keys(COMPANY).map((f) => path.join(lower(u), f)), ...Object.keys(HOME).map((f) => path.join(u.upper, f))].filter((f) => !existsSync(f));
        return missing.length ? fail(`missing: ${missing.join(' ')}`) : pass(`company: ${Object.keys(COMPANY).join(' ')}; home: ${Object.keys(HOME).join(' ')}`);
      },
    },
    {
      id: 'mount-union',
      panels: ['mounts'],
      async run(lab) {
        const u = overlayAt(layout(lab)) ? layout(lab) : await mountUnion(lab.engine, DEMO, LAYERS);
        await show(lab, 'ls', [u.merged]);
        await show(lab, 'findmnt', ['-no', 'FSTYPE,OPTIONS', u.merged]);
      },
      check: (lab) =>
        withMounted(lab, (u) => {
          const m = overlayAt(u)!;
          const seen = `overlay at ${u.merged}: lower ${m.overlay?.lower.join(':') ?? '?'}, upper ${m.overlay?.upper ?? '?'}; ${readdirSync(u.merged).join(' ')}`;
          return m.overlay?.upper === u.upper && m.overlay.lower[0] === lower(u) ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'write-lower',
      panels: ['mounts'],
      async run(lab) {
        const u = layout(lab);
        await writeThrough(lab.engine, u, 'code', 'apple');
        await show(lab, 'cat', [path.join(u.merged, 'code')]);
        await show(lab, 'cat', [path.join(lower(u), 'code')]);
        await show(lab, 'cat', [path.join(u.upper, 'code')]);
      },
      check: (lab) =>
        withMounted(lab, (u) => {
          const seen = `company/code: ${read(path.join(lower(u), 'code')) ?? 'missing'}; home/code: ${read(path.join(u.upper, 'code')) ?? 'missing'}`;
          return read(path.join(u.upper, 'code')) === 'apple' && read(path.join(lower(u), 'code')) === COMPANY.code ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'delete-lower',
      panels: ['mounts'],
      // A challenge: the learner deletes meeting through the merged view; this is the reference solution.
      async solve(lab) {
        const u = layout(lab);
        await removeThrough(lab.engine, u, 'meeting');
        await show(lab, 'ls', ['-l', u.merged, u.upper, lower(u)]);
      },
      check: (lab) =>
        withMounted(lab, (u) => {
          const whiteout = isWhiteout(path.join(u.upper, 'meeting'));
          const seen = `merged: ${existsSync(path.join(u.merged, 'meeting')) ? 'has' : 'no'} meeting; home/meeting ${whiteout ? 'is a whiteout (c 0,0)' : 'is no whiteout'}; company/meeting ${existsSync(path.join(lower(u), 'meeting')) ? 'still there' : 'gone'}`;
          return whiteout && existsSync(path.join(lower(u), 'meeting')) ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'opaque-dir',
      panels: ['mounts'],
      async run(lab) {
        const u = layout(lab);
        await removeThrough(lab.engine, u, 'projects');
        await mkdirThrough(lab.engine, u, 'projects');
        await show(lab, 'ls', ['-la', path.join(u.merged, 'projects')]);
        await show(lab, 'ls', [path.join(lower(u), 'projects')]);
      },
      check: (lab) =>
        withMounted(lab, (u) => {
          const opaque = lgetxattr(path.join(u.upper, 'projects'), 'trusted.overlay.opaque');
          const seen = `home/projects trusted.overlay.opaque=${opaque ?? '(none)'}; merged projects: ${existsSync(path.join(u.merged, 'projects')) ? readdirSync(path.join(u.merged, 'projects')).length : 'missing'} entries`;
          return opaque === 'y' && existsSync(path.join(lower(u), 'projects', 'plan')) ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'sandbox-upper',
      panels: ['mounts'],
      async run(lab) {
        const state = await startSandbox(lab, SANDBOX, { cgroup: false });
        await execIn(lab, SANDBOX, ['sh', '-c', 'echo hello > /root/note; rm /etc/hosts']);
        await show(lab, 'ls', ['-lR', state.rootfs.upper]);
      },
      async check(lab) {
        const upper = await sandboxUpper(lab);
        if (!upper) return fail(`the sandbox ${SANDBOX} is not running`);
        const note = read(path.join(upper, 'root', 'note'));
        const whiteout = isWhiteout(path.join(upper, 'etc', 'hosts'));
        const seen = `${upper}: root/note ${note === undefined ? 'missing' : `"${note}"`}; etc/hosts ${whiteout ? 'a whiteout' : 'no whiteout'}`;
        return note === 'hello' && whiteout ? pass(seen) : fail(seen);
      },
    },
    {
      id: 'recap',
      panels: ['mounts'],
      async run(lab) {
        await show(lab, 'findmnt', ['-t', 'overlay', '-no', 'TARGET', '-T', layout(lab).merged]);
      },
      check: (lab) =>
        withMounted(lab, async (u) => {
          const upper = await sandboxUpper(lab);
          const seen = `demo mounted at ${u.merged}; sandbox upper ${upper ?? 'missing'}`;
          return upper && isWhiteout(path.join(u.upper, 'meeting')) ? pass(seen) : fail(seen);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, SANDBOX);
    await removeUnion(lab.engine, DEMO);
  },
};

export default lesson;
