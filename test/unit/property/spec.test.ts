/**
 * Property-based tests of what users type: any input to the spec parser and
 * the argument parser gives a valid result or a TslabError with a code, a
 * hint and exit 125 — never another exception, which the CLI would report
 * as a bug. fast-check generates the inputs, biased towards the characters
 * and shapes that matter here (':', '/', '=', digits, units, dots).
 */
import path from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { parseArgs, type OptionSpec } from '../../../src/cli/args.js';
import { TslabError } from '../../../src/engine/errors.js';
import { formatSubnet, parseSubnet } from '../../../src/engine/network/cidr.js';
import { validateRunRequest } from '../../../src/engine/spec/validate.js';
import type { RunRequest } from '../../../src/engine/spec/types.js';

const context = { knownSandboxes: ['busybox'], hostCpus: 2, hostEnv: { HOME: '/root' } };
const fragments = ['/', ':', '=', '.', '..', '0', '1', '64', 'm', 'g', 'x', '-', ' ', 'ro', 'rw', '/tmp', 'busybox', 'e', '\n', '\0', 'é', '0x1', '1e3'];
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.constantFrom(...fragments), { maxLength: 6 }).map((parts) => parts.join('')));
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Runs fn; a thrown error must be a TslabError a user can act on. */
function userErrorOrValue<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof TslabError)) throw new Error(`not a TslabError: ${String(error)}`);
    if (!/^E_[A-Z0-9_]+$/.test(error.code) || !error.hint || error.exitCode !== 125) throw new Error(`unhelpful error ${error.code}: ${error.message}`);
    if (error.message.includes('\n')) throw new Error(`a message of more than one line: ${JSON.stringify(error.message)}`);
    return undefined;
  }
}

t.test('the spec parser: a valid spec or a clear error, for any request', async (t) => {
  const request = fc.record({
    name: optional(text),
    sandbox: optional(fc.oneof(fc.constant('busybox'), text)),
    command: fc.array(text, { maxLength: 3 }),
    env: optional(fc.array(text, { maxLength: 3 })),
    volumes: optional(fc.array(fc.oneof(text, fc.tuple(fc.constantFrom('/tmp', '/', 'tmp'), text).map(([a, b]) => `${a}:${b}`)), { maxLength: 2 })),
    workdir: optional(text),
    hostname: optional(text),
    memory: optional(text),
    cpus: optional(text),
    pidsLimit: optional(text),
    net: optional(text),
    publish: optional(fc.array(text, { maxLength: 2 })),
    capAdd: optional(fc.array(text, { maxLength: 2 })),
    capDrop: optional(fc.array(text, { maxLength: 2 })),
    securityOpt: optional(fc.array(text, { maxLength: 1 })),
  }, { requiredKeys: ['command'] });
  fc.assert(
    fc.property(request, (r) => {
      const spec = userErrorOrValue(() => validateRunRequest(r as RunRequest, context));
      if (!spec) return;
      // What a valid spec promises the engine.
      if (!path.posix.isAbsolute(spec.process.cwd) || spec.process.cwd.split('/').includes('..')) throw new Error(`cwd ${spec.process.cwd}`);
      for (const v of spec.volumes) if (v.target === '/' || !path.posix.isAbsolute(v.target) || !path.isAbsolute(v.source)) throw new Error(`volume ${JSON.stringify(v)}`);
      if (spec.resources.cpus !== undefined && !(spec.resources.cpus >= 0.01 && spec.resources.cpus <= 2)) throw new Error(`cpus ${spec.resources.cpus}`);
      if (spec.resources.pidsMax !== undefined && !Number.isSafeInteger(spec.resources.pidsMax)) throw new Error(`pids ${spec.resources.pidsMax}`);
      if (spec.process.env.some((e) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(e))) throw new Error(`env ${spec.process.env}`);
      if (spec.process.args.length === 0) throw new Error('no command');
    }),
    { numRuns: 2000 },
  );
  t.pass('2000 requests, each a valid spec or a clear error');
});

t.test('the argument parser: options or a usage error, for any argv', async (t) => {
  const specs: OptionSpec[] = [
    { name: 'detach', short: 'd', description: 'a flag' },
    { name: 'env', short: 'e', value: 'KEY=VALUE', repeatable: true, description: 'a repeatable value' },
    { name: 'memory', short: 'm', value: 'BYTES', description: 'a value' },
    { name: 'rm', description: 'a flag' },
  ];
  const arg = fc.oneof(text, fc.constantFrom('-d', '-e', '-de', '-ed', '--env', '--env=', '--rm', '--rm=1', '--', '-', '--memory', '-m64m', '-x'));
  fc.assert(
    fc.property(fc.array(arg, { maxLength: 6 }), fc.boolean(), (argv, stop) => {
      const parsed = userErrorOrValue(() => parseArgs(argv, specs, 'tslab run ...', { stopAtPositional: stop }));
      if (parsed && parsed.positionals.length > argv.length) throw new Error('more positionals than arguments');
    }),
    { numRuns: 3000 },
  );
  t.pass('3000 argument lists');
});

t.test('subnets: a usable subnet that formats back to itself, or a clear error', async (t) => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('256', '-1', '', '01', 'a'));
  const subnet = fc.tuple(octet, octet, octet, octet, fc.oneof(fc.integer({ min: 0, max: 33 }).map(String), fc.constantFrom('', 'x', '08')))
    .map(([a, b, c, d, len]) => `${a}.${b}.${c}.${d}/${len}`);
  fc.assert(
    fc.property(fc.oneof(subnet, text), (s) => {
      const parsed = userErrorOrValue(() => parseSubnet(s));
      if (parsed && formatSubnet(parsed) !== s) throw new Error(`${s} formats as ${formatSubnet(parsed)}`);
      if (parsed && [0, 127].includes(parsed.network >>> 24)) throw new Error(`reserved ${s} accepted`);
    }),
    { numRuns: 3000 },
  );
  t.pass('3000 subnets');
});
