/** The mounts panel marks an overlay's layers: lower (read-only), upper (writable) and work. */
import t from 'tap';
import { parseSandboxMounts } from '../../../src/engine/observe/mounts.js';
import { formatMounts } from '../../../src/lab/panels/format.js';

t.test('an overlay mount lists each layer under it', async (t) => {
  const mounts = parseSandboxMounts('100 90 0:50 / /demo/mnt rw,relatime - overlay overlay rw,lowerdir=/demo/company,upperdir=/demo/home,workdir=/demo/work\n');
  t.same(formatMounts(mounts).slice(1), ['  lower (read-only) /demo/company', '  upper (writable)  /demo/home', "  work (overlay's)  /demo/work"]);
});
