/**
 * Child process for the durability test: appends to three interleaved missions as fast as it can and
 * reports each event on stdout only after `append` returned, until the parent SIGKILLs it.
 */
import { writeSync } from 'node:fs';
import { openTraceStore } from './open.js';

const path = process.argv[2];
if (!path) throw new Error('usage: sigkill-child.fixture.ts <db path or postgres:// URL>');
const store = openTraceStore(path);
const parent = process.ppid;
const missions = ['kill-a', 'kill-b', 'kill-c'];
// Bounded in case the parent dies without killing us.
for (let i = 0; i < 200_000; i++) {
  if (i % 100 === 0 && process.ppid !== parent) break;
  const missionId = missions[i % 3] ?? 'kill-a';
  const event =
    i % 7 === 0
      ? store.appendMany([
          { missionId, actor: { kind: 'executor', id: 'sim' }, kind: 'step', simTime: i / 10, data: { i, part: 1 } },
          { missionId, actor: { kind: 'executor', id: 'sim' }, kind: 'step', simTime: i / 10, data: { i, part: 2 } },
        ])
      : [store.append({ missionId, actor: { kind: 'executor', id: 'sim' }, kind: 'step', simTime: i / 10, data: { i } })];
  // Synchronous write: the parent never hears of an event the child has not committed.
  writeSync(1, event.map((e) => `${e.missionId} ${e.seq}\n`).join(''));
}
store.close();
