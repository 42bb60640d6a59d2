/** Lesson 5: the seed's AUFS company/home example rebuilt on overlayfs; copy-up, whiteouts, an opaque directory; a sandbox's upper layer. */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { observeMounts } from '../../src/engine/observe/mounts.js';
import { mkdirThrough, mountUnion, removeThrough, removeUnion, unionLayout, writeLayer, writeThrough, type UnionMount } from '../../src/engine/rootfs/union.js';
import { lgetxattr } from '../../src/engine/syscalls.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { say } from '../../src/lab/said.js';
import { execIn, findSandbox, notRunning, removeSandbox, startSandbox } from '../../src/lab/sandbox.js';

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
  return overlayAt(u) ? check(u) : fail(say(`nothing is mounted at ${u.merged}`, `${u.merged} 上什么都没有挂载`));
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
        return missing.length
          ? fail(say(`missing: ${missing.join(' ')}`, `缺少：${missing.join(' ')}`))
          : pass(say(`company: ${Object.keys(COMPANY).join(' ')}; home: ${Object.keys(HOME).join(' ')}`, `company：${Object.keys(COMPANY).join(' ')}；home：${Object.keys(HOME).join(' ')}`));
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
          const [lowers, upper, entries] = [m.overlay?.lower.join(':') ?? '?', m.overlay?.upper ?? '?', readdirSync(u.merged).join(' ')];
          const seen = say(`overlay at ${u.merged}: lower ${lowers}, upper ${upper}; ${entries}`, `${u.merged} 上是 overlay：下层 ${lowers}，上层 ${upper}；${entries}`);
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
          const [company, home] = [read(path.join(lower(u), 'code')), read(path.join(u.upper, 'code'))];
          const seen = say(`company/code: ${company ?? 'missing'}; home/code: ${home ?? 'missing'}`, `company/code：${company ?? '不存在'}；home/code：${home ?? '不存在'}`);
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
          const [merged, kept] = [existsSync(path.join(u.merged, 'meeting')), existsSync(path.join(lower(u), 'meeting'))];
          const seen = say(
            `merged: ${merged ? 'has' : 'no'} meeting; home/meeting ${whiteout ? 'is a whiteout (c 0,0)' : 'is no whiteout'}; company/meeting ${kept ? 'still there' : 'gone'}`,
            `合并视图：${merged ? '有' : '没有'} meeting；home/meeting ${whiteout ? '是 whiteout（c 0,0）' : '不是 whiteout'}；company/meeting ${kept ? '还在' : '没了'}`,
          );
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
          const attr = `home/projects trusted.overlay.opaque=${opaque ?? ''}`;
          const count = existsSync(path.join(u.merged, 'projects')) ? readdirSync(path.join(u.merged, 'projects')).length : undefined;
          const seen = say(
            `${attr}${opaque ? '' : '(none)'}; merged projects: ${count ?? 'missing'} entries`,
            `${attr}${opaque ? '' : '（没有）'}；合并视图里的 projects：${count === undefined ? '不存在' : `${count} 项`}`,
          );
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
        if (!upper) return fail(notRunning(SANDBOX));
        const note = read(path.join(upper, 'root', 'note'));
        const whiteout = isWhiteout(path.join(upper, 'etc', 'hosts'));
        const seen = say(
          `${upper}: root/note ${note === undefined ? 'missing' : `"${note}"`}; etc/hosts ${whiteout ? 'a whiteout' : 'no whiteout'}`,
          `${upper}：root/note ${note === undefined ? '不存在' : `“${note}”`}；etc/hosts ${whiteout ? '是 whiteout' : '不是 whiteout'}`,
        );
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
          const seen = say(`demo mounted at ${u.merged}; sandbox upper ${upper ?? 'missing'}`, `演示挂载在 ${u.merged}；沙箱的上层 ${upper ?? '不存在'}`);
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
