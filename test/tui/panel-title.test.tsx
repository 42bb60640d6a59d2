/** A panel's title counts the lines it had no room for, in words a person writes. */
import { render } from 'ink-testing-library';
import t from 'tap';
import { Panel } from '../../src/tui/Panel.js';
import { strings } from '../../src/tui/strings.js';

t.test('(+1 line), (+2 lines)', async (t) => {
  const panel = (lines: string[]) => render(<Panel panel={{ id: 'net', title: 'net', lines }} width={40} height={3} more={strings('en').moreLines} />);
  const one = panel(['a', 'b', 'c']);
  t.match(one.lastFrame(), /^net {2}\(\+1 line\)$/m);
  one.unmount();
  const two = panel(['a', 'b', 'c', 'd']);
  t.match(two.lastFrame(), /^net {2}\(\+2 lines\)$/m);
  two.unmount();
});
