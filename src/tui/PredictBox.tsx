/** The step's Predict question: choose before it runs; afterwards, your answer beside what the kernel reported. */
import { Box, Text } from 'ink';
import type { CheckResult, Predict } from '../lab/types.js';
import type { Strings } from './strings.js';

export interface PredictBoxProps {
  predict: Predict;
  chosen: number | undefined;
  check: CheckResult | undefined;
  t: Strings;
}

export function PredictBox({ predict, chosen, check, t }: PredictBoxProps) {
  if (chosen !== undefined && check) {
    const right = chosen === predict.answer;
    return (
      <Box flexDirection="column">
        <Text wrap="truncate" color={right ? 'green' : 'yellow'}>
          {`${t.youPredicted}: ${predict.choices[chosen] ?? '?'}  ${right ? `✓ ${t.right}` : `✗ ${t.wrong}: ${predict.choices[predict.answer] ?? ''}`}`}
        </Text>
        <Text wrap="truncate">{`${t.kernel}: ${check.detail}`}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Text bold color="yellow" wrap="truncate">{`? ${predict.question}`}</Text>
      {predict.choices.map((choice, i) => (
        <Text key={i} wrap="truncate" inverse={chosen === i}>{`  ${i + 1}) ${choice}`}</Text>
      ))}
    </Box>
  );
}
