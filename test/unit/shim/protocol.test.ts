import t from 'tap';
import { decodeMessage, encodeConfig, LineSplitter, MAX_LINE } from '../../../src/engine/shim/protocol.js';

t.test('config records are length-prefixed, framed by version and end', async (t) => {
  const bytes = encodeConfig([
    ['mode', 'run'],
    ['arg', 'line one\nline two'],
    ['mount', ['proc', 'proc', '/proc', 'nosuid', '']],
  ]);
  t.equal(
    bytes.toString('utf8'),
    'version 1\n2\n' + 'mode 3\nrun\n' + 'arg 17\nline one\nline two\n' + 'mount 23\nproc\0proc\0/proc\0nosuid\0\n' + 'end 0\n\n',
  );
});

t.test('lengths count bytes, not characters', async (t) => {
  t.match(encodeConfig([['hostname', '容器']]).toString('utf8'), /hostname 6\n容器\n/);
});

t.test('messages from the shim', async (t) => {
  t.same(decodeMessage('1 pid 4242'), { tag: 'pid', pid: 4242 });
  t.same(decodeMessage('T unshare(CLONE_NEWNS)'), { tag: 'trace', text: 'unshare(CLONE_NEWNS)' });
  t.same(decodeMessage('5 inside'), { tag: 'inside' });
  t.same(decodeMessage('3 started'), { tag: 'started' });
  t.same(decodeMessage('E exec 2 sh: No such file or directory'), { tag: 'error', stage: 'exec', errno: 2, text: 'sh: No such file or directory' });
  t.same(decodeMessage('4 exit 137 9'), { tag: 'exit', code: 137, signal: 9 });
  // A TslabError with a hint, never a plain Error that the CLI would call a bug in tslab.
  for (const line of ['9 nonsense', '1 pid abc', '4 exit 1', 'E', '']) t.throws(() => decodeMessage(line), { name: 'TslabError', code: 'E_SHIM_PROTOCOL', hint: /npm run build/ }, line);
});

t.test('lines are reassembled across chunks', async (t) => {
  const splitter = new LineSplitter();
  t.same(splitter.push('1 pi'), []);
  t.same(splitter.push('d 7\nT a\nT'), ['1 pid 7', 'T a']);
  t.same(splitter.push(' b\n'), ['T b']);
});

t.test('a line without end is refused once it passes the bound', async (t) => {
  const splitter = new LineSplitter();
  t.same(splitter.push('3 started\n1 pid'), ['3 started']);
  t.throws(() => splitter.push('x'.repeat(MAX_LINE + 1)), { code: 'E_SHIM_PROTOCOL' });
});
