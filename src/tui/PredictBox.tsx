/**
 * The step's Predict question. Before the step is revealed: the question and
 * its choices (the chosen one marked). Afterwards: in words, what was chosen,
 * whether it was right and the right answer, beside what the kernel reported
 * (each choice's feedback is in the step's text).
 */
import { Box, Text } from 'ink';
import { fillNames, type Names } from '../lab/names.js';
import { detailIn } from '../lab/said.js';
import type { CheckResult, Lang, Predict } from '../lab/types.js';
import type { Strings } from './strings.js';

export interface PredictBoxProps {
  predict: Predict;
  chosen: number | undefined;
  check: CheckResult | undefined;
  revealed: boolean;
  names: Names;
  lang: Lang;
  t: Strings;
}

export function PredictBox({ predict, chosen, check, revealed, names, lang, t }: PredictBoxProps) {
  // One line per choice: inline code loses its backticks rather than showing them.
  const choice = (i: number) => `${i + 1}) ${fillNames(predict.choices[i] ?? '?', names).replace(/`/g, '')}`;
  if (revealed && chosen !== undefined) {
    const right = chosen === predict.answer;
    return (
      <Box flexDirection="column">
        <Text wrap="truncate" color={right ? 'green' : 'yellow'}>
          {`${t.yourAnswer}${t.colon}${choice(chosen)}  ${right ? `✓ ${t.right}` : `✗ ${t.wrong} · ${t.theAnswer}${t.colon}${choice(predict.answer)}`}`}
        </Text>
        {check && <Text wrap="truncate">{`${t.kernel}${t.colon}${detailIn(check, lang)}`}</Text>}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold color="yellow" wrap="truncate">{`? ${fillNames(predict.question, names)}`}</Text>
      {predict.choices.map((_, i) => (
        <Text key={i} wrap="truncate" inverse={chosen === i}>{`${chosen === i ? '▶' : ' '} ${choice(i)}`}</Text>
      ))}
    </Box>
  );
}
