import type { MissionRecord } from '../driver.js';
import { wilson } from '../stats.js';
import type { Half } from '../split.js';
import { HALVES } from '../split.js';
import type { AlfredVariant } from './suite.js';

export interface AlfredSplitRow {
  half: Half;
  variant: AlfredVariant;
  met: number;
  missions: number;
  ci: [number, number];
  /** Missions that asked at least one question. */
  asked: number;
}

/** alfred-train's missions by half of the split and by how the task was given. */
export function alfredSplit(records: readonly MissionRecord[]): AlfredSplitRow[] {
  const rows: AlfredSplitRow[] = [];
  const mine = records.filter((r) => r.suite === 'alfred-train');
  for (const half of HALVES) {
    for (const variant of ['sentence', 'steps'] as const) {
      const rs = mine.filter((r) => r.tags.includes(half) && r.tags.includes(variant));
      if (rs.length === 0) continue;
      const met = rs.filter((r) => r.score.success).length;
      rows.push({ half, variant, met, missions: rs.length, ci: wilson(met, rs.length), asked: rs.filter((r) => r.user.questions > 0).length });
    }
  }
  return rows;
}
