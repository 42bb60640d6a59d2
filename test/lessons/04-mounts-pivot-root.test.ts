/** Lesson 4 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';
import { freshRunner, proseCommands, ranCommands, runLesson } from './lab.js';

const env = isolatedEnv('lesson04');

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['04-mounts-pivot-root']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['pivot-root', 'mount-inside', 'propagation', 'chroot-jail', 'escape', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    const pivot = byId['pivot-root']!;
    t.ok(pivot.transcript.some((e) => e.text.startsWith('pivot_root')), 'the shim reported pivot_root');
    t.ok(pivot.transcript.some((e) => e.text.startsWith('umount2(".", MNT_DETACH)')), 'and the detached unmount of the old root');
    t.ok(pivot.transcript.some((e) => e.text.startsWith('mount(NULL, "/", NULL, MS_REC|MS_PRIVATE')), 'the shim made / private first');
    const shown = pivot.output.join('\n');
    t.match(shown, /PRETTY_NAME[\s\S]*No such file/, "the host's root before phase 5, the sandbox's after");
    t.match(byId['mount-inside']!.output.join('\n'), /tmpfs lesson4[\s\S]*\[exit 1\]/, 'the tmpfs inside, findmnt finds nothing on the host');
    t.match(byId['propagation']!.output.join('\n'), /\/mnt\/sub .*shared:\d+[\s\S]*\/srv\/sub .*shared:\d+/, 'the mount went to the peer too');
    t.match(byId['chroot-jail']!.output.join('\n'), /^bin\nproc\n\[exit 0\]/m, 'the jail shows only its own two directories');
    t.match(byId['mount-inside']!.panels[0]!.lines.join('\n'), /\/mnt\s+tmpfs\s+lesson4/, 'the mounts panel shows the tmpfs');
    const pid = /wc -l \/proc\/(\d+)\/mountinfo/.exec(pivot.transcript.map((e) => e.text).join('\n'))?.[1] ?? '?';
    for (const id of ['mount-inside', 'propagation', 'chroot-jail']) {
      const prose = proseCommands('04-mounts-pivot-root', id);
      t.same(prose['zh-CN'], prose.en, `${id}: both languages show the same commands`);
      t.same(ranCommands(byId[id]!, { SANDBOX: 'lesson-04', PID: pid }), prose.en, `${id}: the prose shows what tslab ran`);
    }
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '04-mounts-pivot-root');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // The recap reads what step 1 made (a private root): it changes nothing to check.
    for (const i of [1, 2, 3, 4]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
}
