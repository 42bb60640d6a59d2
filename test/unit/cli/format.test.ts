import t from 'tap';
import { alignColumns, renderFormat } from '../../../src/cli/format/render.js';
import { execute, parseTemplate } from '../../../src/cli/format/template.js';
import { humanDuration } from '../../../src/cli/ps-rows.js';

const run = (template: string, data: unknown) => execute(parseTemplate(template), data);
const data = { ID: 'abc', State: { Pid: 42, Running: true, Env: ['A=1', 'B=2'] }, Networks: { bridge: { IP: '10.0.0.2' }, back: { IP: '10.1.0.2' } }, Empty: [] };

t.test('fields, nested fields, functions and literals as Go templates print them', async (t) => {
  t.equal(run('{{.ID}} pid={{.State.Pid}}', data), 'abc pid=42');
  t.equal(run('{{json .State}}', data), '{"Pid":42,"Running":true,"Env":["A=1","B=2"]}');
  t.equal(run('{{.State.Env}} {{join .State.Env ","}} {{len .State.Env}}', data), '[A=1 B=2] A=1,B=2 2');
  t.equal(run('{{.Networks}}', data), 'map[back:map[IP:10.1.0.2] bridge:map[IP:10.0.0.2]]');
  t.equal(run('{{index .Networks "bridge"}} {{upper .ID}}{{"\\t"}}{{lower "X"}}', data), 'map[IP:10.0.0.2] ABC\tx');
  t.equal(run('{{range .Networks}}{{.IP}} {{end}}', data), '10.1.0.2 10.0.0.2 ', 'range over a map goes in key order');
  t.equal(run('{{if .Empty}}yes{{else}}no{{end}} {{if .State.Running}}up{{end}}', data), 'no up');
  t.equal(run('a  {{- .ID -}}  b', data), 'aabcb');
});

t.test('mistakes are errors with a hint, not silent blanks', async (t) => {
  t.throws(() => run('{{.State.Pidd}}', data), { code: 'E_FORMAT', message: /can't evaluate field Pidd/, hint: /Pid, Running, Env/ });
  t.throws(() => run('{{.ID', data), { code: 'E_FORMAT', message: /unclosed/ });
  t.throws(() => run('{{range .Networks}}x', data), { code: 'E_FORMAT', message: /without \{\{end\}\}/ });
  t.throws(() => run('{{end}}', data), { code: 'E_FORMAT' });
  t.throws(() => run('{{nosuch .ID}}', data), { code: 'E_FORMAT', message: /not a function/ });
});

t.test('table: headers from the same template, \\t typed in a shell becomes a column', async (t) => {
  const rows = [{ ID: 'abc123', Names: 'web' }, { ID: 'def', Names: 'a-long-name' }];
  t.same(renderFormat('table {{.ID}}\\t{{.Names}}', rows, { ID: 'CONTAINER ID' }, ''), ['CONTAINER ID   NAMES', 'abc123         web', 'def            a-long-name']);
  t.same(renderFormat('table', rows, { Names: 'NAMES' }, '{{.Names}}'), ['NAMES', 'web', 'a-long-name'], '`table` alone is the default columns');
  t.same(renderFormat('{{.Names}}\\t{{.ID}}', rows, {}, ''), ['web\tabc123', 'a-long-name\tdef'], 'without table, tabs stay tabs');
  t.same(alignColumns(['a\tb', 'cc\td']), ['a         b', 'cc        d'], 'at least 10 wide, as docker\'s tabwriter');
});

t.test('durations say 1 minute, not 1 minutes', async (t) => {
  t.equal(humanDuration(1), '1 second');
  t.equal(humanDuration(5), '5 seconds');
  t.equal(humanDuration(60), '1 minute');
  t.equal(humanDuration(119), '1 minute');
  t.equal(humanDuration(120), '2 minutes');
  t.equal(humanDuration(3600), '1 hour');
  t.equal(humanDuration(3 * 86400), '3 days');
});
