import { timedHealth } from '../executors/health.js';
import type { FleetMember } from '../runtime/index.js';
import { bodyLabel, executorLabel } from '../runtime/index.js';

/** Health checks of a body or an executor are network calls: at most one round per robot this often. */
const REFRESH_MS = 5000;

interface Reading {
  ok: boolean;
  detail: string;
}

/**
 * Each robot's link as the robot listing shows it: how old the body's newest observation is (read
 * now), and the last answers of the body's and the executor's own health checks (refreshed in the
 * background, never awaited by a listing).
 */
export class LinkHealth {
  private readonly checked = new Map<string, { body: Reading | null; executor: Reading | null; at: number; pending: boolean }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  view(m: FleetMember): Reading {
    this.refresh(m);
    const last = this.checked.get(m.id);
    if (m.simulated && m.spec.config.executor.kind === 'sim') return { ok: true, detail: 'simulated' };
    const parts: Reading[] = [];
    if (!m.simulated) parts.push(this.bodyReading(m, last?.body ?? null));
    parts.push({ ok: last?.executor?.ok ?? true, detail: `${executorLabel(m.spec.config)}: ${last?.executor?.detail ?? 'not checked yet'}` });
    return { ok: parts.every((p) => p.ok), detail: parts.map((p) => p.detail).join('; ') };
  }

  private bodyReading(m: FleetMember, checked: Reading | null): Reading {
    const age = m.body.observationAgeMs;
    const label = bodyLabel(m.spec.body);
    if (!Number.isFinite(age)) return { ok: false, detail: `${label}: no observation yet` };
    if (age > m.staleAfterMs) return { ok: false, detail: `${label}: no observation for ${Math.round(age)} ms (stale after ${m.staleAfterMs} ms)` };
    if (checked && !checked.ok) return { ok: false, detail: `${label}: ${checked.detail}` };
    return { ok: true, detail: `${label}: last observation ${Math.round(age)} ms ago` };
  }

  private refresh(m: FleetMember): void {
    const last = this.checked.get(m.id);
    if (last && (last.pending || this.now() - last.at < REFRESH_MS)) return;
    const entry = { body: last?.body ?? null, executor: last?.executor ?? null, at: this.now(), pending: true };
    this.checked.set(m.id, entry);
    void Promise.all([timedHealth(() => m.body.health()), m.handle.health()]).then(([body, executor]) => {
      entry.body = { ok: body.ok, detail: body.detail };
      entry.executor = { ok: executor.ok, detail: executor.detail };
      entry.at = this.now();
      entry.pending = false;
    });
  }
}
