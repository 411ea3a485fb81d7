import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeJsonNumpy } from '../../src/executors/protocols/json-numpy.js';
import { ndarray } from '../../src/executors/protocols/ndarray.js';
import { closedPort, orcaRun, REPO, startSimRobot } from '../support/networked.js';

/**
 * docs/fleets.md, run as written: its files are written where their captions say, and its `sh`
 * commands run in order (`orca sim-robot` in the background), against an in-test OpenVLA server.
 * Only the policy server's URL and the rosbridge port are put in.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Block {
  info: string;
  body: string;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const re = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) blocks.push({ info: (m[1] ?? '').trim(), body: m[2] ?? '' });
  return blocks;
}

/** Splits a command line as a POSIX shell would for plain words and double-quoted strings. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** OpenVLA's deploy.py as PROTOCOLS.md describes it: `POST /act` answers a 7-DoF action (json_numpy); `/` is a 404. */
async function fakeOpenVla(): Promise<{ url: string; acts: number; server: Server }> {
  const state = { url: '', acts: 0, server: createServer() };
  const action = encodeJsonNumpy(ndarray(Float64Array.from([0, 0, 0, 0, 0, 0, 1])));
  state.server.on('request', (req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/act') {
        state.acts++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(action);
      } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

describe('docs/fleets.md', () => {
  it('every command in it runs as written, from the robot config to a first mission and its trace', async () => {
    const openvla = await fakeOpenVla();
    cleanups.push(() => {
      openvla.server.closeAllConnections();
      return new Promise<void>((r) => openvla.server.close(() => r()));
    });
    const cwd = mkdtempSync(join(tmpdir(), 'orca-fleets-doc-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const port = await closedPort();
    const doc = readFileSync(join(REPO, 'docs/fleets.md'), 'utf8').replaceAll('http://gpu-box:8000', openvla.url).replaceAll('9090', String(port));

    const blocks = fencedBlocks(doc);
    const commands = blocks.filter((b) => b.info === 'sh').flatMap((b) => b.body.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const ran: string[] = [];
    for (const block of blocks) {
      const file = /^yaml file=(\S+)$/.exec(block.info)?.[1];
      if (file) {
        mkdirSync(dirname(join(cwd, file)), { recursive: true });
        writeFileSync(join(cwd, file), block.body);
        continue;
      }
      if (block.info !== 'sh') continue;
      for (const line of block.body.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
        const [npx, orca, ...args] = words(line);
        expect([npx, orca], line).toEqual(['npx', 'orca']);
        if (args[0] === 'sim-robot') {
          const robot = await startSimRobot({ rosbridge: Number(args[args.indexOf('--rosbridge-port') + 1]), openpi: 0 }, args.slice(5));
          cleanups.push(() => robot.kill());
          expect(robot.ports.rosbridge).toBe(port);
        } else {
          const run = await orcaRun(args, { cwd, track: (kill) => void cleanups.push(kill) });
          // `orca run` ends 0, 1 or 3 by the mission's outcome; every other command must succeed.
          const allowed = args[0] === 'run' ? [0, 1, 3] : [0];
          expect({ line, code: run.code, stderr: allowed.includes(run.code ?? -1) ? '' : run.stderr }).toEqual({ line, code: expect.toBeOneOf(allowed), stderr: '' });
          if (args[0] === 'run') {
            // The in-test policy answers a still arm, so the outcome is the verifier's (here: no progress); the arm was driven by it.
            const result = JSON.parse(run.stdout) as { status: string; subgoals: { attempts: number }[] };
            expect(['succeeded', 'failed', 'needs_answer']).toContain(result.status);
            expect(result.subgoals[0]?.attempts).toBeGreaterThan(0);
            expect(openvla.acts).toBeGreaterThan(0);
          }
        }
        ran.push(line);
      }
    }
    expect(ran).toEqual(commands);
  }, 10 * 60_000);
});
