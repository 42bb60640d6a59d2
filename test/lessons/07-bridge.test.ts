/** Lesson 7 end to end on the real kernel, headless through the CLI; each check fails when its step was not done; gc removes the lesson's network. */
import { existsSync } from 'node:fs';
import t from 'tap';
import { bridgeNameFor } from '../../src/engine/network/networks.js';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, settledLeftovers, tslab } from '../helpers/tslab.js';
import { freshRunner, runLesson } from './lab.js';

const env = isolatedEnv('lesson07');
// The runner below runs in this process: its network code reads the bridge, subnet and chains from process.env.
Object.assign(process.env, env);

if (needsRoot(t)) {
  cleanUpAfter(t, env);

  await t.test('runs headless end to end, every check passing', async (t) => {
    const { report, exitCode, stderr } = await runLesson(env, ['07-bridge']);
    t.equal(exitCode, 0, stderr);
    t.same(report.steps.map((s) => s.stepId), ['first-sandbox', 'second-sandbox', 'ping-neighbour', 'unplug', 'replug', 'second-network', 'recap']);
    for (const step of report.steps) t.ok(step.check.ok, `${step.stepId}: ${step.check.detail}`);
    const byId = Object.fromEntries(report.steps.map((s) => [s.stepId, s]));
    t.match(byId['ping-neighbour']!.output.join('\n'), /1 packets received/);
    t.match(byId['unplug']!.output.join('\n'), /0 packets received/, 'no reply once unplugged');
    t.match(byId['second-network']!.output.join('\n'), /0 packets received[\s\S]*DROP/, 'no reply across networks, and the DROP rule');
  });

  await t.test('each check fails when its step was not done', async (t) => {
    const runner = await freshRunner(env, '07-bridge');
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

  await t.test('gc removes what a kept lesson made, its second network too', async (t) => {
    const kept = await runLesson(env, ['07-bridge', '--keep']);
    t.equal(kept.exitCode, 0, kept.stderr);
    t.match((await tslab(env, ['network', 'ls'])).stdout, /l7-/, 'the second network is there');
    t.equal((await tslab(env, ['gc', '--all'])).exitCode, 0);
    t.notMatch((await tslab(env, ['network', 'ls'])).stdout, /l7-/, 'gc removed it');
    t.notOk(existsSync(`/sys/class/net/${bridgeNameFor(`l7-${env.TSLAB_BRIDGE}`)}`), 'and its bridge');
    t.same(await settledLeftovers(env), []);
  });

  await assertNothingLeft(t, env);
}
