/** Lesson 5 end to end on the real kernel, headless through the CLI; each check fails when its step was not done; gc unmounts a kept demo. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, settledLeftovers, tslab } from '../helpers/tslab.js';
import { freshRunner, runLesson } from './lab.js';

const env = isolatedEnv('lesson05');

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['05-union-fs']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['make-layers', 'mount-union', 'write-lower', 'delete-lower', 'opaque-dir', 'sandbox-upper', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.match(byId['mount-union']!.output.join('\n'), /code\neat\nmeeting\nprojects\nsleep/, 'the merged view is the union');
    t.match(byId['write-lower']!.output.join('\n'), /apple\ncompany code\napple/, 'copy-up: lower unchanged, upper has the write');
    t.match(byId['delete-lower']!.output.join('\n'), /c-+ \d+ root root 0, 0 .* meeting/, 'a 0/0 whiteout');
    t.match(byId['mount-union']!.panels[0]!.lines.join('\n'), /lower \(read-only\)[\s\S]*upper \(writable\)[\s\S]*work/, 'the mounts panel marks the layers');
    t.notOk(existsSync(path.join(env.TSLAB_DATA_DIR, 'union')), 'reset removed the demo');
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '05-union-fs');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // The recap only reads what the steps left: it changes nothing to check.
    for (const i of [1, 2, 3, 4, 5]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await t.test('gc unmounts and removes the demo of a lesson that is no longer running', async (t) => {
    const kept = await runLesson(env, ['05-union-fs', '--keep']);
    t.equal(kept.exitCode, 0, kept.stderr);
    t.ok(existsSync(path.join(env.TSLAB_DATA_DIR, 'union', '05-union-fs', 'mnt', 'eat')), 'the demo is still mounted');
    // Plain gc (not --all): the sandbox still runs and stays, but the lab that mounted the demo has exited.
    const gc = await tslab(env, ['gc']);
    t.match(gc.stdout, /union 05-union-fs/);
    t.notOk(existsSync(path.join(env.TSLAB_DATA_DIR, 'union')), 'and gone');
    t.equal((await tslab(env, ['gc', '--all'])).exitCode, 0);
    t.same(await settledLeftovers(env), []);
  });

  await assertNothingLeft(t, env);
}
