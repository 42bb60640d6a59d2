import t from 'tap';
import { parsePositiveInteger, parsePositiveNumber, parseSize } from '../../../src/engine/spec/units.js';

t.test('sizes in docker notation', async (t) => {
  t.equal(parseSize('64m', '--memory'), 64 * 1024 * 1024);
  t.equal(parseSize('64M', '--memory'), 64 * 1024 * 1024);
  t.equal(parseSize('1g', '--memory'), 1024 ** 3);
  t.equal(parseSize('512k', '--memory'), 512 * 1024);
  t.equal(parseSize('100', '--memory'), 100);
  t.equal(parseSize('1.5g', '--memory'), 1.5 * 1024 ** 3);
  t.equal(parseSize('32mb', '--memory'), 32 * 1024 * 1024);
});

t.test('bad sizes say what was expected', async (t) => {
  for (const bad of ['12x', '', 'm', '-5m', '64 megs']) {
    t.throws(() => parseSize(bad, '--memory'), { code: 'E_BAD_SIZE', hint: /--memory 64m/ }, bad);
  }
});

t.test('positive numbers', async (t) => {
  t.equal(parsePositiveNumber('0.5', '--cpus', '0.5'), 0.5);
  t.throws(() => parsePositiveNumber('-1', '--cpus', '0.5'), { code: 'E_BAD_NUMBER' });
  t.throws(() => parsePositiveNumber('abc', '--cpus', '0.5'), { code: 'E_BAD_NUMBER' });
  t.throws(() => parsePositiveNumber('0', '--cpus', '0.5'), { code: 'E_BAD_NUMBER' });
  // Number() reads these as numbers; a user typing them made a mistake.
  for (const odd of ['0x1', '1e0', '0b1', '0o1', 'Infinity', '1_0']) t.throws(() => parsePositiveNumber(odd, '--cpus', '0.5'), { code: 'E_BAD_NUMBER' }, odd);
  t.equal(parsePositiveNumber('.5', '--cpus', '0.5'), 0.5);
  t.equal(parsePositiveNumber('2.', '--cpus', '0.5'), 2);
  t.equal(parsePositiveInteger('10', '--pids-limit', '100'), 10);
  t.throws(() => parsePositiveInteger('2.5', '--pids-limit', '100'), { code: 'E_BAD_NUMBER', message: /whole number/ });
});
