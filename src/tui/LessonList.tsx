/** The lessons, with each one's progress; ↑↓ choose, enter opens. */
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { proseFor } from '../lab/loader.js';
import type { Lang } from '../lab/types.js';
import { useServices } from './hooks/useServices.js';
import { strings } from './strings.js';

export interface LessonListProps {
  lang: Lang;
  initial?: number;
  active: boolean;
  onOpen(index: number): void;
}

export function LessonList({ lang, initial = 0, active, onOpen }: LessonListProps) {
  const { lessons, progress, isRoot } = useServices();
  const [selected, setSelected] = useState(initial);
  const t = strings(lang);
  useInput(
    (input, key) => {
      if (key.upArrow || input === 'k') setSelected((s) => Math.max(0, s - 1));
      if (key.downArrow || input === 'j') setSelected((s) => Math.min(lessons.length - 1, s + 1));
      if (key.return) onOpen(selected);
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>{t.lessons}</Text>
      {lessons.map((lesson, i) => {
        const prose = proseFor(lesson, lang);
        const done = progress.doneCount(lesson.id, prose.steps.map((s) => s.id));
        const total = prose.steps.length;
        return (
          <Text key={lesson.id} inverse={i === selected} wrap="truncate">
            {`${i === selected ? '›' : ' '} ${lesson.id.padEnd(16)} ${`${done}/${total}`.padStart(5)} ${done === total ? '✓' : ' '}  ${prose.title}  (${t.minutes(prose.minutes)})`}
          </Text>
        );
      })}
      {!isRoot && (
        <Box marginTop={1}>
          <Text color="yellow" wrap="wrap">
            {t.notRoot}
          </Text>
        </Box>
      )}
    </Box>
  );
}
