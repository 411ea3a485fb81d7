import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ValidationError } from '../domain/failures.js';
import { parseRobotConfig } from './robot-config.js';
import type { RobotConfig } from './robot-config.js';
import { checkAllRobots, loadRobotConfigs, probeRobotHealth } from './robots.js';
import { FakeRcl } from './ros2/testing/fake-rcl.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const NOW = () => new Date('2026-01-02T03:04:05.000Z');

async function http(handler: (url: string, res: import('node:http').ServerResponse) => void): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => handler(req.url ?? '', res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(() => r()));
  });
  return { server, base: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `127.0.0.1:${port}`;
}

/** rosbridge that answers `/rosapi/topics` (or fails it, or stays silent). */
async function rosbridge(mode: 'ok' | 'fail' | 'silent'): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) =>
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { op: string; id: string; service: string };
      if (f.op !== 'call_service' || mode === 'silent') return;
      const values = mode === 'ok' ? { topics: ['/rosout', '/joint_states'], types: ['rcl_interfaces/msg/Log', 'sensor_msgs/msg/JointState'] } : 'service /rosapi/topics does not exist';
      ws.send(JSON.stringify({ op: 'service_response', id: f.id, service: f.service, values, result: mode === 'ok' }));
    }),
  );
  cleanups.push(() => {
    for (const c of wss.clients) c.terminate();
    return new Promise((r) => wss.close(() => r()));
  });
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

const robot = (executor: Record<string, unknown>, id = 'r1'): RobotConfig => parseRobotConfig({ id, kind: 'arm', capabilities: ['manipulate'], executor });
const ROS_SKILLS = { nav: { action: 'nav2_navigate_to_pose' }, grip: { action: 'gripper_command', server: '/gripper/cmd', position: 0 } };

describe('loadRobotConfigs', () => {
  it('loads the bundled examples, one name per file', () => {
    const all = loadRobotConfigs();
    expect(all.map((r) => r.name)).toContain('sim');
    expect(all.find((r) => r.name === 'openvla')?.config.executor.kind).toBe('openvla');
  });

  it('names the file and the field of a bad config, and refuses duplicate ids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-robots-'));
    writeFileSync(join(dir, 'a.yaml'), 'id: arm_a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: sim }\n');
    writeFileSync(join(dir, 'b.yaml'), 'id: arm_b\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: openvla, url: "ws://x:1" }\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const err = (() => {
      try {
        loadRobotConfigs(dir);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/^b\.yaml: executor\.url: /);
    writeFileSync(join(dir, 'b.yaml'), 'id: arm_a\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: sim, faults: harsh, seed: 3 }\n');
    expect(() => loadRobotConfigs(dir)).toThrow(/b\.yaml: id: robot id "arm_a" is also used in a\.yaml/);
    writeFileSync(join(dir, 'b.yaml'), 'id: arm_b\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: sim, faults: harsh, seed: 3 }\n');
    const ok = loadRobotConfigs(dir);
    expect(ok.map((r) => [r.name, r.config.executor])).toEqual([
      ['a', { kind: 'sim', policy: 'household', faults: 'off', seed: 0 }],
      ['b', { kind: 'sim', policy: 'household', faults: 'harsh', seed: 3 }],
    ]);
  });
});

describe('health per binding', () => {
  it('openpi: GET /healthz; down when the port is closed (no latency)', async () => {
    const seen: string[] = [];
    const { base } = await http((url, res) => {
      seen.push(url);
      res.writeHead(url === '/healthz' ? 200 : 426).end('OK\n');
    });
    const up = await probeRobotHealth(robot({ kind: 'openpi', url: `ws://${base}`, layout: 'droid' }), { now: NOW });
    expect(up).toMatchObject({ ok: true, detail: 'healthz OK', checkedAt: '2026-01-02T03:04:05.000Z' });
    expect(typeof up.latencyMs).toBe('number');
    expect(seen).toEqual(['/healthz']);
    const down = await probeRobotHealth(robot({ kind: 'openpi', url: `ws://${await closedPort()}`, layout: 'droid' }));
    expect(down.ok).toBe(false);
    expect(down.latencyMs).toBeNull();
  });

  it('openpi: an api_key_env that is not set is reported, not sent empty', async () => {
    const h = await probeRobotHealth(robot({ kind: 'openpi', url: 'ws://127.0.0.1:1', layout: 'droid', api_key_env: 'ORCA_TEST_NO_SUCH_KEY' }), { env: {} });
    expect(h).toMatchObject({ ok: false, detail: expect.stringContaining('ORCA_TEST_NO_SUCH_KEY') });
  });

  it('OpenVLA: any HTTP answer on / is up; a server that never answers times out', async () => {
    const { base } = await http((_u, res) => res.writeHead(404).end('{"detail":"Not Found"}'));
    expect(await probeRobotHealth(robot({ kind: 'openvla', url: `http://${base}` }))).toMatchObject({ ok: true, detail: expect.stringContaining('HTTP 404') });
    const hung = await http(() => undefined);
    const h = await probeRobotHealth(robot({ kind: 'openvla_oft', url: `http://${hung.base}` }), { timeoutMs: 100 });
    expect(h.ok).toBe(false);
    expect(h.latencyMs).toBeNull();
  });

  it('rosbridge: connected and /rosapi/topics answers; a failed call still means up; silence does not', async () => {
    const ok = await probeRobotHealth(robot({ kind: 'rosbridge', url: await rosbridge('ok'), skills: ROS_SKILLS }));
    expect(ok).toMatchObject({ ok: true, detail: 'rosbridge connected; 2 topic(s) via /rosapi/topics' });
    const fail = await probeRobotHealth(robot({ kind: 'rosbridge', url: await rosbridge('fail'), skills: ROS_SKILLS }));
    expect(fail).toMatchObject({ ok: true, detail: expect.stringContaining('is rosapi running?') });
    const silent = await probeRobotHealth(robot({ kind: 'rosbridge', url: await rosbridge('silent'), skills: ROS_SKILLS }), { timeoutMs: 150 });
    expect(silent.ok).toBe(false);
    const down = await probeRobotHealth(robot({ kind: 'rosbridge', url: `ws://${await closedPort()}`, skills: ROS_SKILLS }));
    expect(down).toMatchObject({ ok: false, detail: expect.stringContaining('unreachable') });
  });

  it('ros2: a health node asks every mapped action server; missing ROS 2 is a clear message', async () => {
    const rcl = new FakeRcl();
    const cfg = robot({ kind: 'ros2', skills: ROS_SKILLS });
    const opts = { env: { ROS_DISTRO: 'jazzy' }, rclImporter: () => Promise.resolve(rcl) };
    expect(await probeRobotHealth(cfg, opts)).toMatchObject({ ok: true, detail: 'ROS 2 node up; 2 action server(s) available' });
    rcl.serverAvailable = false;
    expect(await probeRobotHealth(cfg, opts)).toMatchObject({ ok: false, detail: 'action servers not available: navigate_to_pose, /gripper/cmd' });
    const noRos = await probeRobotHealth(cfg, { env: {} });
    expect(noRos).toMatchObject({ ok: false, detail: expect.stringContaining('ROS 2 is not sourced') });
  });

  it('checkAllRobots: every robot in order, with its kind; sim is always up', async () => {
    const rows = await checkAllRobots(
      [
        { name: 'sim', config: robot({ kind: 'sim', faults: 'default', seed: 4 }, 'a') },
        { name: 'vla', config: robot({ kind: 'openvla', url: `http://${await closedPort()}` }, 'b') },
      ],
      { now: NOW },
    );
    expect(rows.map((r) => [r.name, r.kind, r.health.ok])).toEqual([
      ['sim', 'sim', true],
      ['vla', 'openvla', false],
    ]);
    expect(rows[0]?.health).toEqual({ ok: true, detail: 'simulated policy (faults default, seed 4)', latencyMs: 0, checkedAt: '2026-01-02T03:04:05.000Z' });
  });
});
