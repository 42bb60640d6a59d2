import t from 'tap';
import { parseLessonMarkdown } from '../../../src/lab/markdown.js';

const good = `---
id: 99-demo
title: A demo lesson
minutes: 5
---

Intro text.

## first-step
Body of the first step.

\`\`\`sh
ip netns add tslab-demo
## not a heading inside a fence
\`\`\`

### Predict
What happens?
- [ ] wrong
- [x] right
- [ ] also wrong

### Try it yourself
Try this.

## recap
Summary.
`;

t.test('parses front matter, intro, steps, predict and try-it', async (t) => {
  const { prose, problems } = parseLessonMarkdown(good);
  t.same(problems, []);
  t.equal(prose?.id, '99-demo');
  t.equal(prose?.minutes, 5);
  t.equal(prose?.intro, 'Intro text.');
  t.same(prose?.steps.map((s) => s.id), ['first-step', 'recap']);
  const first = prose!.steps[0]!;
  t.match(first.body, /## not a heading inside a fence/);
  t.same(first.predict, { question: 'What happens?', choices: ['wrong', 'right', 'also wrong'], answer: 1 });
  t.equal(first.tryIt, 'Try this.');
  t.equal(prose!.steps[1]!.predict, undefined);
});

t.test('collects problems instead of throwing', async (t) => {
  t.match(parseLessonMarkdown('no front matter').problems, [/front matter/]);
  const bad = good.replace('- [ ] wrong', '- [x] wrong').replace('What happens?', 'What happens').replace('## recap', '## Recap_Bad').replace('### Try it yourself', '### Notes');
  const problems = parseLessonMarkdown(bad).problems.join('\n');
  t.match(problems, /more than one \[x\]/);
  t.match(problems, /must end with \?/);
  t.match(problems, /not kebab-case/);
  t.match(problems, /unknown heading ### Notes/);
});

t.test('a Chinese question mark ends a question too', async (t) => {
  const zh = good.replace('What happens?', '会发生什么？');
  t.same(parseLessonMarkdown(zh).problems, []);
});
