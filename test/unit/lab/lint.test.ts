/** The course linter on the real lessons (it must pass) and on broken copies (it must say why). */
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { lintCourse, lintLesson } from '../../../src/lab/lint.js';
import { lessonsDir, loadSteps } from '../../../src/lab/loader.js';
import { tslab, isolatedEnv } from '../../helpers/tslab.js';

t.test('the course passes its own linter', async (t) => {
  const report = await lintCourse();
  t.ok(report.lessons >= 3, 'at least the first three lessons');
  t.same(report.problems, []);
});

t.test('`tslab lessons lint` passes through the CLI', async (t) => {
  const result = await tslab(isolatedEnv('lint'), ['lessons', 'lint']);
  t.equal(result.exitCode, 0, result.stdout + result.stderr);
  t.match(result.stdout, /no problems/);
});

/** A copy of a real lesson with `edit` applied to one of its files; the linter's problems as text. */
async function brokenCopy(t: Test, id: string, file: string, edit: (text: string) => string, steps = loadSteps(id)): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-lint-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(lessonsDir(), id), path.join(dir, id), { recursive: true });
  writeFileSync(path.join(dir, id, 'notes.txt'), 'stray');
  const target = path.join(dir, id, file);
  const before = readFileSync(target, 'utf8');
  const after = edit(before);
  t.not(after, before, `the edit changed ${file}`);
  writeFileSync(target, after);
  return lintLesson(dir, id, await steps).join('\n');
}

t.test('a broken lesson is reported, problem by problem', async (t) => {
  const problems = await brokenCopy(t, '01-netns', 'lesson.zh-CN.md', (s) => s.replace('## move-veth', '## move-link'));
  t.match(problems, /step ids differ between languages/);
  t.match(problems, /unexpected file notes.txt/);
});

t.test('a predict step needs its after-part (### Explanation)', async (t) => {
  const problems = await brokenCopy(t, '01-netns', 'lesson.md', (s) => s.replace(/### Explanation\nbusybox printed[\s\S]*?(?=\n### Hints)/, ''));
  t.match(problems, /ping-lo-down: a Predict step needs ### Explanation/);
  t.match(problems, /ping-lo-down has an Explanation in only one language/);
});

t.test('the right answer must not be given away in the before-part', async (t) => {
  const full = await brokenCopy(t, '01-netns', 'lesson.md', (s) => s.replace('Remember what the\nnet panel showed', 'You get an error at once, before any packet leaves. Remember what the\nnet panel showed'));
  t.match(full, /ping-lo-down: the before-part gives the right answer away \("An error at once, before any packet leaves"\)/);
  const detail = await brokenCopy(t, '02-pid-uts-ipc', 'lesson.md', (s) => s.replace('Look at the sandbox\'s processes from both sides.', 'Look from both sides; inside it is like `init`.'));
  t.match(detail, /pid-one: the before-part gives the right answer away \("init"\)/);
});

t.test('choices must be of comparable length', async (t) => {
  const problems = await brokenCopy(t, '03-cgroups', 'lesson.md', (s) => s.replace('- [x] It keeps running, at about half a CPU', '- [x] It keeps running, throttled by the scheduler to about half of one CPU in every period'));
  t.match(problems, /cpu-quota: Predict choices differ too much in length/);
});

t.test('every step but recap has hints 1-2-3, the same number in both languages', async (t) => {
  const problems = await brokenCopy(t, '02-pid-uts-ipc', 'lesson.zh-CN.md', (s) => s.replace(/(## ipc-queue[\s\S]*?)\n3\. 完整答案：\n(   .*\n)+/, '$1\n'));
  t.match(problems, /zh-CN.md: step ipc-queue needs ### Hints with exactly 3/);
  t.match(problems, /step ipc-queue has 3 hints in English but 2 in a translation/);
});

t.test('every choice has feedback, in both languages', async (t) => {
  const problems = await brokenCopy(t, '03-cgroups', 'lesson.zh-CN.md', (s) => s.replace(/\n  pids 控制器从不杀进程：它一开始就拒绝创建。/, ''));
  t.match(problems, /step pids-limit: Predict choice 2 .* has no feedback/);
});

t.test('a $NAME in the prose must be one of the lesson\'s live names', async (t) => {
  const problems = await brokenCopy(t, '01-netns', 'lesson.md', (s) => s.replace('ip netns list\n', 'ip netns list $NETSN\n'));
  t.match(problems, /uses \$NETSN, which steps.ts names does not declare/);
});

t.test('steps.ts: ids agree with lesson.md, and a step has exactly one of run and solve', async (t) => {
  const steps = await loadSteps('02-pid-uts-ipc');
  const renamed = { ...steps, steps: steps.steps.map((s, i) => (i === 0 ? { ...s, id: 'start' } : s)) };
  t.match(lintLesson(lessonsDir(), '02-pid-uts-ipc', renamed).join('\n'), /steps.ts ids .* differ from lesson.md/);
  const both = { ...steps, steps: steps.steps.map((s, i) => (i === 2 ? { ...s, run: s.solve } : s)) };
  t.match(lintLesson(lessonsDir(), '02-pid-uts-ipc', both).join('\n'), /step hostname needs exactly one of run .* and solve/);
});
