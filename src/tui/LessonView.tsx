/**
 * Inside a lesson: steps on the left; the step's prose, its live panels and
 * "what tslab did" on the right; messages and keys at the bottom.
 */
import { Box, Text, useInput } from 'ink';
import { useRef, useState, type ReactNode } from 'react';
import type { Lang, LessonInfo, LessonProse } from '../lab/types.js';
import { Panels } from './Panels.js';
import { PredictBox } from './PredictBox.js';
import { Prose } from './Prose.js';
import { StatusBar, type Message } from './StatusBar.js';
import { StepList } from './StepList.js';
import { TranscriptView } from './TranscriptView.js';
import { useLesson } from './hooks/useLesson.js';
import { usePanels } from './hooks/usePanels.js';
import { useServices } from './hooks/useServices.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { layout } from './layout.js';

export interface LessonViewProps {
  info: LessonInfo;
  prose: LessonProse;
  lang: Lang;
  initialStep: number;
  active: boolean;
  /** A message from outside the lesson (a shell that could not open). */
  notice?: Message | undefined;
  /** Shown in place of the transcript (the quit question); the lesson stays as it is. */
  dialog?: ReactNode;
  onBack(): void;
  onQuit(): void;
  onShell(step: number): void;
  onLang(): void;
}

export function LessonView({ info, prose, lang, initialStep, active, notice, dialog, onBack, onQuit, onShell, onLang }: LessonViewProps) {
  const services = useServices();
  const { state, actions, ids, t } = useLesson(services, info, prose, lang, initialStep);
  const terminal = useTerminalSize();
  // One row spare: a frame as tall as the terminal makes it scroll.
  const size = { columns: terminal.columns, rows: terminal.rows - 1 };
  const [scroll, setScroll] = useState(0);
  const [focus, setFocus] = useState(0);
  // A notice shows until the next key.
  const noticeSeen = useRef<Message | undefined>(undefined);
  const step = prose.steps[state.current];
  const panelIds = state.steps?.steps[state.current]?.panels ?? [];
  const snapshots = usePanels(state.panels, panelIds, 500, state.tick);
  const predict = step?.predict;
  const box = layout(size, predict ? predict.choices.length + 1 : 0);

  const latest = useRef(state);
  latest.current = state;
  useInput(
    (input, key) => {
      const state = latest.current;
      noticeSeen.current = notice;
      if (/^[1-9]$/.test(input)) actions.choose(state, Number(input) - 1);
      else if (input === 'n' || key.return) actions.next(state);
      else if (key.rightArrow) (actions.move(state, 1), setScroll(0));
      else if (key.leftArrow) (actions.move(state, -1), setScroll(0));
      else if (input === 'c') void actions.check(state);
      else if (input === 'h') actions.hint(state);
      else if (input === 'r') void actions.reset(state);
      else if (input === 'p') setFocus((f) => f + 1);
      else if (input === 'j' || key.downArrow || key.pageDown) setScroll((s) => s + (key.pageDown ? box.prose - 1 : 1));
      else if (input === 'k' || key.upArrow || key.pageUp) setScroll((s) => Math.max(0, s - (key.pageUp ? box.prose - 1 : 1)));
      else if (input === 's' && !state.busy) onShell(state.current);
      else if ((input === 'b' || key.escape) && !state.busy) onBack();
      else if (input === 'q' && !state.busy) onQuit();
      else if (input === 'l') onLang();
    },
    { isActive: active },
  );

  const result = state.results[state.current];
  const seen = noticeSeen.current;
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Text bold inverse wrap="truncate">{` tslab · ${info.id} ${prose.title} · ${state.current + 1}/${ids.length} ${step?.id ?? ''} · ${lang} `}</Text>
      <Box flexDirection="row" height={box.main}>
        <StepList ids={ids} statuses={state.statuses} current={state.current} width={box.left} height={box.main} />
        <Box flexDirection="column" width={box.right}>
          <Prose markdown={step?.body ?? ''} width={box.right} height={box.prose} offset={scroll} />
          <Panels ids={panelIds} snapshots={snapshots} focus={focus} width={box.right} height={box.panels} emptyText={t.panelsNone} />
        </Box>
      </Box>
      {predict && box.predict > 0 && <PredictBox predict={predict} chosen={state.predictions[state.current]} check={result?.check} t={t} />}
      {dialog ?? <TranscriptView result={result} title={t.whatTslabDid} emptyText={t.nothingYet} width={size.columns} height={box.transcript} />}
      <StatusBar message={notice && notice !== seen ? notice : state.message} keys={t.lessonKeys} />
    </Box>
  );
}
