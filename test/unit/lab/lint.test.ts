/** The course linter on the real lessons (it must pass) and on broken copies (it must say why). */
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { lintCourse, lintLesson } from '../../../src/lab/lint.js';
import { lessonsDir, loadSteps } from '../../../src/lab/loader.js';
import { repoRoot, tslab, isolatedEnv } from '../../helpers/tslab.js';

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

t.test('a broken lesson is reported, problem by problem', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-lint-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(lessonsDir(), '01-netns'), path.join(dir, '01-netns'), { recursive: true });
  const zh = path.join(dir, '01-netns', 'lesson.zh-CN.md');
  writeFileSync(zh, readFileSync(zh, 'utf8').replace('## move-veth', '## move-link'));
  writeFileSync(path.join(dir, '01-netns', 'notes.txt'), 'stray');
  const steps = await loadSteps('01-netns');
  const broken = { ...steps, steps: steps.steps.map((s, i) => (i === 1 ? { ...s, hint: { en: 'x', 'zh-CN': '' } } : s)) };
  const problems = lintLesson(dir, '01-netns', broken).join('\n');
  t.match(problems, /unexpected file notes.txt/);
  t.match(problems, /step ids differ between languages/);
  t.match(problems, /ping-lo-down has no zh-CN hint/);
});

t.test('steps.ts and lesson.md must agree on ids', async (t) => {
  const steps = await loadSteps('02-pid-uts-ipc');
  const renamed = { ...steps, steps: steps.steps.map((s, i) => (i === 0 ? { ...s, id: 'start' } : s)) };
  t.match(lintLesson(lessonsDir(), '02-pid-uts-ipc', renamed).join('\n'), /steps.ts ids .* differ from lesson.md/);
  t.ok(repoRoot);
});
