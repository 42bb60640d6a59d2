/** Check details and lesson errors: a plain string reads the same in both languages, say(en, zh) in each its own. */
import t from 'tap';
import { TslabError } from '../../../src/engine/errors.js';
import { formatStep, type HeadlessStep } from '../../../src/lab/headless.js';
import { fail, pass } from '../../../src/lab/host-steps.js';
import { errorInfo } from '../../../src/lab/runner.js';
import { detailIn, errorIn, LessonError, say } from '../../../src/lab/said.js';
import type { CheckResult, LessonInfo } from '../../../src/lab/types.js';

const info: LessonInfo = {
  id: '00-test',
  dir: '/nonexistent',
  prose: {
    en: { title: 'Test', intro: '', steps: [{ id: 'probe', title: 'Probe', body: '', after: '', tryIt: '', hints: [] }] },
    'zh-CN': { title: '测试', intro: '', steps: [{ id: 'probe', title: '探测', body: '', after: '', tryIt: '', hints: [] }] },
  },
} as unknown as LessonInfo;

const step = (check: CheckResult, error?: HeadlessStep['error']): HeadlessStep => ({
  stepId: 'probe', index: 0, replayed: false, transcript: [], output: [], check, names: {}, panels: [], ...(error ? { error } : {}),
});
const checkLine = (text: string) => text.split('\n').find((l) => /^(check|检查)/.test(l));

t.test('a bilingual detail: English as detail, each language rendered in its own', async (t) => {
  const check = pass(say('lo DOWN, no address', 'lo DOWN，没有地址'));
  t.same(check, { ok: true, detail: 'lo DOWN, no address', translated: { 'zh-CN': 'lo DOWN，没有地址' } });
  t.equal(detailIn(check, 'en'), 'lo DOWN, no address');
  t.equal(detailIn(check, 'zh-CN'), 'lo DOWN，没有地址');
  t.equal(checkLine(formatStep(step(check), 1, info, 'en', false)), 'check: ok - lo DOWN, no address');
  t.equal(checkLine(formatStep(step(check), 1, info, 'zh-CN', false)), '检查：通过 - lo DOWN，没有地址');
});

t.test('a plain string (kernel output) is the same in both languages', async (t) => {
  const check = fail('Network is unreachable');
  t.same(check, { ok: false, detail: 'Network is unreachable' });
  t.equal(checkLine(formatStep(step(check), 1, info, 'en', false)), 'check: FAILED - Network is unreachable');
  t.equal(checkLine(formatStep(step(check), 1, info, 'zh-CN', false)), '检查：未通过 - Network is unreachable');
});

t.test("a LessonError's message and hint in each language; a plain TslabError stays as it is", async (t) => {
  const error = errorInfo(new LessonError('E_NO_SANDBOX', say('the sandbox x is not running', '沙箱 x 没有在运行'), say('press n', '按 n')));
  t.equal(error.code, 'E_NO_SANDBOX');
  t.same(errorIn(error, 'en'), { message: 'the sandbox x is not running', hint: 'press n' });
  t.same(errorIn(error, 'zh-CN'), { message: '沙箱 x 没有在运行', hint: '按 n' });
  const zh = formatStep(step(fail('x'), error), 1, info, 'zh-CN', false);
  t.match(zh, /^出错：沙箱 x 没有在运行\n {2}提示：按 n$/m);
  const plain = errorInfo(new TslabError('E_X', 'kernel said no', { hint: 'try again' }));
  t.same(errorIn(plain, 'zh-CN'), { message: 'kernel said no', hint: 'try again' });
});
