/** Lesson 8 end to end on the real kernel, headless through the CLI; each check fails when its step was not done; nothing is left in tslab's chains. */
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, settledLeftovers, tslab } from '../helpers/tslab.js';
import type { StepResult } from '../../src/lab/types.js';
import { freshRunner, proseCommands, ranCommands, runLesson } from './lab.js';

/** The sandbox's id and address, as the publish step's DNAT rule shows them. */
const cid = (step: StepResult) => /tslab:([0-9a-f]+)/.exec(step.output.join('\n'))?.[1] ?? '?';
const ip = (step: StepResult) => /--to-destination ([\d.]+):80/.exec(step.output.join('\n'))?.[1] ?? '?';

const env = isolatedEnv('lesson08');
// The runner below runs in this process: its network code reads the bridge, subnet and chains from process.env.
Object.assign(process.env, env);

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  // First, on a host where this env made no connection yet: the conntrack check must not see an earlier run's entry.
  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '08-nat-ports');
    for (let i = 0; i < runner.lesson.steps.length; i++) {
      const check = await runner.check(i);
      t.notOk(check.ok, `fresh lab: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    // The recap only reads what the steps left: it changes nothing to check.
    for (const i of [1, 2, 3]) {
      await runner.replayTo(i);
      const check = await runner.check(i);
      t.notOk(check.ok, `after steps 1..${i}: ${runner.lesson.steps[i]!.id} fails (${check.detail})`);
    }
    await runner.reset();
  });

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['08-nat-ports']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['publish', 'from-host', 'second-port', 'conntrack', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    const vars = { WEB: 'lesson-08web', CID: cid(byId['publish']!), IP: ip(byId['publish']!), DNAT_CHAIN: `${env.TSLAB_CHAIN_PREFIX}-DNAT`, POST_CHAIN: `${env.TSLAB_CHAIN_PREFIX}-POST` };
    for (const id of ['from-host', 'second-port', 'conntrack']) {
      const prose = proseCommands('08-nat-ports', id);
      t.same(prose['zh-CN'], prose.en, `${id}: both languages show the same commands`);
      // Ports made variables; the transcript quotes with '...', the prose with "..." so that $PORT2 expands.
      const ran = ranCommands(byId[id]!, vars).map((c) => c.replace(/:\d{5}\b/, ':$PORT').replace(/\b\d{5}\b/, '$PORT').replaceAll("'", '"'));
      t.same(ran.filter((c) => !prose.en.some((p) => p.replace('$PORT2', '$PORT') === c)), [], `${id}: the prose shows every command tslab ran`);
    }
    t.match(byId['publish']!.output.join('\n'), new RegExp(`-j DNAT --to-destination [\\d.]+:80[\\s\\S]*MASQUERADE`), 'the DNAT and MASQUERADE rules');
    t.match(byId['from-host']!.output.join('\n'), /Hello from a tslab container/, 'the page came through the published port');
    t.match(byId['conntrack']!.output.join('\n'), /Hello from a tslab container[\s\S]*src=127\.0\.0\.1 dst=127\.0\.0\.1/, 'the page through the hand-made rule, and its conntrack entry');
  });

  await t.test('gc removes what a kept lesson made, the hand-made rule too', async (t) => {
    const kept = await runLesson(env, ['08-nat-ports', '--keep']);
    t.equal(kept.exitCode, 0, kept.stderr);
    const dnat = () => execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`-A ${env.TSLAB_CHAIN_PREFIX}-DNAT `));
    t.equal(dnat().length, 2, 'the published port and the hand-made one are there');
    t.equal((await tslab(env, ['gc', '--all'])).exitCode, 0);
    t.same(dnat(), [], 'gc removed both');
    t.same(await settledLeftovers(env), []);
  });

  await assertNothingLeft(t, env);
}
