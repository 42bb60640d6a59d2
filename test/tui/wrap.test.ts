import stringWidth from 'string-width';
import t from 'tap';
import { wrapToWidth } from '../../src/tui/wrap.js';

t.test('English breaks at spaces and never passes the width', async (t) => {
  const lines = wrapToWidth('Namespaces are created for a process, not on their own.', 20);
  t.same(lines, ['Namespaces are', 'created for a', 'process, not on', 'their own.']);
});

t.test('Chinese breaks between characters, counting two columns each', async (t) => {
  const lines = wrapToWidth('命名空间不是凭空单独创建的，而是跟着进程一起创建。', 20);
  t.same(lines, ['命名空间不是凭空单独', '创建的，而是跟着进程', '一起创建。']);
  for (const line of lines) t.ok(stringWidth(line) <= 20);
});

t.test('mixed text keeps English words whole', async (t) => {
  const lines = wrapToWidth('系统调用是 clone()，它接受一组标志位：CLONE_NEWPID 的意思', 24);
  t.ok(lines.every((line) => stringWidth(line) <= 24), JSON.stringify(lines));
  t.ok(lines.some((line) => line.includes('clone()')), 'clone() is not split');
  t.ok(lines.some((line) => line.includes('CLONE_NEWPID')), 'CLONE_NEWPID is not split');
});

t.test('a word longer than the line is cut', async (t) => {
  t.same(wrapToWidth('/sys/fs/cgroup/memory/tslab', 10), ['/sys/fs/cg', 'roup/memor', 'y/tslab']);
});

t.test('colours take no width, and are closed and reopened across a break', async (t) => {
  const yellow = '\x1b[33m';
  const lines = wrapToWidth(`run ${yellow}ip netns add tslab-lesson1\x1b[39m now`, 16);
  t.ok(lines.every((line) => stringWidth(line) <= 16), JSON.stringify(lines));
  t.match(lines[0], /\x1b\[0m$/, 'the first line closes the colour');
  t.ok(lines[1]!.startsWith(yellow), 'the next line reopens it');
});

t.test('existing line breaks are kept, empty lines too', async (t) => {
  t.same(wrapToWidth('a\n\nb', 10), ['a', '', 'b']);
});

t.test('indentation of a source line is kept (code blocks)', async (t) => {
  t.same(wrapToWidth('    ip netns add tslab-lesson1', 40), ['    ip netns add tslab-lesson1']);
});

t.test('Chinese closing punctuation never starts a line', async (t) => {
  const lines = wrapToWidth('让子进程在一个新的命名空间里启动”，同理还有', 20);
  for (const line of lines.slice(1)) t.notMatch(line, /^[，。、”）]/, JSON.stringify(lines));
  t.ok(lines.every((line) => stringWidth(line) <= 20));
});

t.test("a word glued to coloured code stays whole: no line starts with 's", async (t) => {
  const text = 'The middle line lets \x1b[33mtslab\x1b[39m\'s children use those controllers';
  for (const width of [20, 21, 22, 23, 24, 25, 26, 27]) {
    const lines = wrapToWidth(text, width);
    for (const line of lines) t.notMatch(line.replace(/\x1b\[[0-9;]*m/g, ''), /^'s/, `width ${width}: ${JSON.stringify(lines)}`);
    t.ok(lines.some((line) => line.replace(/\x1b\[[0-9;]*m/g, '').includes("tslab's")), `width ${width}`);
  }
});
