/** Lesson 2 end to end on the real kernel, headless through the CLI; each check fails when its step was not done. */
import { hostname } from 'node:os';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot } from '../helpers/tslab.js';
import { freshRunner, proseCommands, ranCommands, runLesson } from './lab.js';

const env = isolatedEnv('lesson02');

if (needsRoot(t)) {
  cleanUpAfter(t, env);
  const before = hostname();

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['02-pid-uts-ipc']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['start-sandbox', 'pid-one', 'hostname', 'ipc-queue', 'compare-ns', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.ok(byId['start-sandbox']!.transcript.some((e) => e.kind === 'syscall' && /clone|unshare/.test(e.text)), "the shim's syscalls are in the transcript");
    t.match(byId['pid-one']!.panels[0]!.lines.join('\n'), /^\s+1\s+\d+\s+S\s+sh -c/m, 'the procs panel shows PID 1 inside with its host PID');
    t.match(byId['ipc-queue']!.output.join('\n'), /Message queue id/);
    t.equal(report.steps.filter((s) => s.predict).length, 4, 'four predictions');
    t.match(byId['pid-one']!.names, { SANDBOX: 'lesson-02', PID: /^\d+$/, ID: /^[0-9a-f]+$/ }, "the live names: the sandbox's name, PID and ID");
    t.equal(hostname(), before, "the host's hostname is untouched");
    const pid = /ps -o pid,ppid,comm -p (\d+)/.exec(byId['pid-one']!.transcript.map((e) => e.text).join('\n'))?.[1] ?? '?';
    for (const id of ['pid-one', 'hostname', 'ipc-queue', 'compare-ns']) {
      const prose = proseCommands('02-pid-uts-ipc', id);
      t.same(prose['zh-CN'], prose.en, `${id}: both languages show the same commands`);
      t.same(ranCommands(byId[id]!, { PID: pid, SANDBOX: 'lesson-02' }).filter((c) => !prose.en.includes(c)), [], `${id}: the prose shows every command tslab ran`);
    }
    t.match(byId['hostname']!.output.join('\n'), /sethostname: Operation not permitted[\s\S]*tslab-box/, 'refused without CAP_SYS_ADMIN, done with it');
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '02-pid-uts-ipc');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    for (const i of [2, 3]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await assertNothingLeft(t, env);
}
