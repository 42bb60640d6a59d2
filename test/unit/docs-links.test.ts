/** The repo's own docs point to files that exist: README, lessons/README and docs/. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { repoRoot } from '../helpers/tslab.js';

const docs = ['README.md', 'lessons/README.md', ...readdirSync(path.join(repoRoot, 'docs')).map((f) => `docs/${f}`)];

t.test('every relative link resolves, and the architecture (with its phase model) is linked', async (t) => {
  for (const doc of docs) {
    const text = readFileSync(path.join(repoRoot, doc), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      t.ok(existsSync(path.join(repoRoot, path.dirname(doc), target!)), `${doc} -> ${target}`);
    }
  }
  t.match(readFileSync(path.join(repoRoot, 'README.md'), 'utf8'), /\]\(docs\/ARCHITECTURE\.md\)/);
  t.match(readFileSync(path.join(repoRoot, 'lessons/README.md'), 'utf8'), /\]\(\.\.\/docs\/ARCHITECTURE\.md/);
  t.match(readFileSync(path.join(repoRoot, 'docs/ARCHITECTURE.md'), 'utf8'), /## The phase model/);
});
