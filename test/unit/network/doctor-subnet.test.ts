import t from 'tap';
import { parseProcRoutes, subnetChecks } from '../../../src/engine/doctor/subnet.js';

const routes = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	010200C0	0003	0	0	0	00000000	0	0	0
eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
wg0	0000580A	00000000	0001	0	0	0	0000FFFF	0	0	0
`;

t.test('doctor warns when the default subnet collides with a host route', async (t) => {
  const parsed = parseProcRoutes(routes);
  t.same(parsed.map((r) => r.dev), ['eth0', 'wg0'], 'the default route is skipped');
  const [clash] = subnetChecks({}, parsed);
  t.equal(clash!.status, 'warn');
  t.match(clash!.detail, /10\.88\.0\.0\/16 collides with the host route 10\.88\.0\.0\/16 dev wg0/);
  t.match(clash!.fix, /TSLAB_SUBNET/);
  t.equal(subnetChecks({ TSLAB_SUBNET: '10.89.0.0/16' }, parsed)[0]!.status, 'ok');
  t.equal(subnetChecks({}, parseProcRoutes(routes.replace('wg0', 'tslab0')))[0]!.status, 'ok', 'its own bridge\'s route is fine');
});
