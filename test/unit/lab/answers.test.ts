/** --answer: in order (the last repeats), per step, or both; bad input is a usage error. */
import t from 'tap';
import { answerAt, parseAnswers } from '../../../src/lab/answers.js';

t.test('none: no answer is taken', async (t) => {
  t.equal(answerAt(parseAnswers(undefined), 0, 0), undefined);
});

t.test('in order, the last one repeating', async (t) => {
  const a = parseAnswers('2,1');
  t.same([0, 1, 2].map((asked) => answerAt(a, 9, asked)), [1, 0, 0]);
});

t.test('per step: only those steps are answered', async (t) => {
  const a = parseAnswers('1=2,5=1');
  t.same([0, 1, 4].map((index) => answerAt(a, index, 0)), [1, undefined, 0]);
});

t.test('mixed: a step-addressed answer wins at its step', async (t) => {
  const a = parseAnswers('3,2=1');
  t.same([answerAt(a, 0, 0), answerAt(a, 1, 1)], [2, 0]);
});

t.test('bad input is a usage error with a hint', async (t) => {
  for (const bad of ['two', '0', '1=', 'x=2', '2,,1']) t.throws(() => parseAnswers(bad), { code: 'E_USAGE' }, bad);
});
