/**
 * Live panels: snapshots of the named panels, refreshed every `intervalMs`
 * (twice a second by default). A refresh still running is not started twice.
 */
import { useEffect, useRef, useState } from 'react';
import type { PanelSnapshot } from '../../lab/panels/source.js';
import type { PanelId } from '../../lab/types.js';
import type { PanelSourceLike } from '../services.js';

export function usePanels(source: PanelSourceLike | undefined, ids: readonly PanelId[], intervalMs = 500, refreshKey = 0): PanelSnapshot[] {
  const [snapshots, setSnapshots] = useState<PanelSnapshot[]>([]);
  const busy = useRef(false);
  const last = useRef('');
  const key = ids.join(',');
  useEffect(() => {
    if (!source || ids.length === 0) {
      setSnapshots([]);
      return;
    }
    let live = true;
    const refresh = () => {
      if (busy.current) return;
      busy.current = true;
      source
        .snapshot(ids)
        .then((next) => {
          // Re-render only when a panel changed: an idle lesson costs one probe, not a frame.
          const text = JSON.stringify(next);
          if (live && text !== last.current) {
            last.current = text;
            setSnapshots(next);
          }
        })
        .catch(() => undefined)
        .finally(() => {
          busy.current = false;
        });
    };
    refresh();
    const timer = setInterval(refresh, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [source, key, intervalMs, refreshKey]);
  return snapshots;
}
