import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function orca(): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 5 });
  open.push(o);
  return o;
}

describe('a verb orca knows but has no skill for', () => {
  it('is answered honestly, the nearest skills first, never with the bare question', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'bake the potato' });
    expect(m.status).toBe('awaiting_human');
    const question = m.pending[0]!.question;
    expect(question).toMatch(/^I can't "bake"; I can heat something in a microwave/);
    expect(question).toMatch(/I can also .*pick up something/);
    expect(question).not.toMatch(/what would you like me to do/i);
  });

  it('tells what it will not do of a longer request and does the rest', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'pick up the potato, juggle it, then put it in the sink' });
    const v = await o.settled(m.id);
    expect(v.messages.some((x) => x.from === 'orca' && x.text.startsWith("I can't juggle"))).toBe(true);
    expect(v.status, v.reason ?? '').toBe('succeeded');
  });
});
