import t from 'tap';
import { parseLessonMarkdown } from '../../../src/lab/markdown.js';

const good = `---
id: 99-demo
title: A demo lesson
minutes: 5
---

Intro text.

## first-step: The first step
Before the step.

\`\`\`sh
ip netns add tslab-demo
## not a heading inside a fence
\`\`\`

### Predict
What happens?
- [ ] wrong
  Why it is wrong,
  over two lines.
- [x] right
  Why it is right.
- [ ] also wrong
  Why this one is wrong.

### Explanation
After the step.

### Try it yourself
Try this.

### Hints
1. The idea.
2. The shape: \`ip netns add NAME\`.
3. The solution:
   \`\`\`sh
   ip netns add $NETNS
   \`\`\`

## recap: Recap
Summary.
`;

t.test('parses front matter, intro, before/after parts, predict with feedback, try-it and hints', async (t) => {
  const { prose, problems } = parseLessonMarkdown(good);
  t.same(problems, []);
  t.equal(prose?.id, '99-demo');
  t.equal(prose?.minutes, 5);
  t.equal(prose?.intro, 'Intro text.');
  t.same(prose?.steps.map((s) => s.id), ['first-step', 'recap']);
  t.same(prose?.steps.map((s) => s.title), ['The first step', 'Recap']);
  const first = prose!.steps[0]!;
  t.match(first.body, /## not a heading inside a fence/);
  t.notMatch(first.body, /After the step/, 'the after-part is not in the before-part');
  t.equal(first.after, 'After the step.');
  t.same(first.predict, {
    question: 'What happens?',
    choices: ['wrong', 'right', 'also wrong'],
    feedback: ['Why it is wrong, over two lines.', 'Why it is right.', 'Why this one is wrong.'],
    answer: 1,
  });
  t.equal(first.tryIt, 'Try this.');
  t.same(first.hints, ['The idea.', 'The shape: `ip netns add NAME`.', 'The solution:\n```sh\nip netns add $NETNS\n```']);
  t.equal(prose!.steps[1]!.predict, undefined);
  t.same(prose!.steps[1]!.hints, []);
});

t.test('collects problems instead of throwing', async (t) => {
  t.match(parseLessonMarkdown('no front matter').problems, [/front matter/]);
  const bad = good
    .replace('- [ ] wrong', '- [x] wrong')
    .replace('What happens?', 'What happens')
    .replace('## recap: Recap', '## Recap_Bad: Recap')
    .replace('### Try it yourself', '### Notes')
    .replace('  Why this one is wrong.\n', '')
    .replace('2. The shape', '3. The shape');
  const problems = parseLessonMarkdown(bad).problems.join('\n');
  t.match(problems, /more than one \[x\]/);
  t.match(problems, /must end with \?/);
  t.match(problems, /not kebab-case/);
  t.match(problems, /unknown heading ### Notes/);
  t.match(problems, /choice 3 \("also wrong"\) has no feedback/);
  t.match(problems, /hint 3 is out of order \(expected 2\)/);
  t.match(parseLessonMarkdown(good.replace("## first-step: The first step", "## first-step")).problems.join("\n"), /step first-step has no title/);
  t.match(parseLessonMarkdown(good.replace('### Explanation\nAfter', '### Explanation\nA\n\n### Explanation\nAfter')).problems.join('\n'), /more than one ### Explanation/);
});

t.test('a Chinese question mark ends a question too', async (t) => {
  const zh = good.replace('What happens?', '会发生什么？');
  t.same(parseLessonMarkdown(zh).problems, []);
});
