import { describe, expect, it } from 'vitest';
import { ManualTicker } from '../../domain/clock.js';
import type { ExecutorEvent } from '../../domain/executor.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { SkillMapSchema } from './action-config.js';
import { goalUuidOf, Ros2SkillExecutor, uuidHex } from './ros2-executor.js';
import { FakeRcl } from './testing/fake-rcl.js';

const SKILLS = SkillMapSchema.parse({
  navigate: { action: 'nav2_navigate_to_pose', poses: { kitchen: { x: 2, y: -1, theta: Math.PI / 2 } } },
  pick: {
    action: 'generic',
    action_type: 'my_robot_msgs/action/ExecuteSkill',
    server: '/execute_skill',
    goal: { skill: '{skill}', object: '{args.object}', text: 'do: {instruction}', speed: '{args.speed:number}' },
    success_field: 'success',
    message_field: 'message',
  },
});

const NAV = { goalId: 'g-nav-1', subgoalId: 's1', skill: 'navigate', args: { target: 'kitchen' }, instruction: 'go to the kitchen' };
const PICK = { goalId: 'g-pick-1', subgoalId: 's2', skill: 'pick', args: { object: 'mug_1', speed: '0.5' }, instruction: 'pick up the mug' };

async function setup(timeouts = {}) {
  const rcl = new FakeRcl();
  const ticker = new ManualTicker(0.1);
  const robot = new FakeRobot('ros_bot');
  const exec = await Ros2SkillExecutor.connect({
    robot,
    ticker,
    rcl,
    skills: SKILLS,
    sensors: [
      { kind: 'image', topic: '/camera/image_raw', name: 'front' },
      { kind: 'joint_state', topic: '/joint_states', name: 'joints' },
    ],
    timeouts: { cancel_timeout_ms: 30, ...timeouts },
  });
  const events: ExecutorEvent[] = [];
  exec.subscribe((e) => events.push(e));
  return { rcl, ticker, robot, exec, events };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Ros2SkillExecutor against a fake rclnodejs', () => {
  it('initialises, subscribes sensors with the right types, and spins', async () => {
    const { rcl } = await setup();
    expect(rcl.initialised && rcl.spinning).toBe(true);
    expect(rcl.subscriptions.map((s) => [s.typeClass, s.topic])).toEqual([
      ['sensor_msgs/msg/Image', '/camera/image_raw'],
      ['sensor_msgs/msg/JointState', '/joint_states'],
    ]);
  });

  it('dispatches a Nav2 goal under a UUID derived from the goalId, forwards feedback, and claims done on SUCCEEDED', async () => {
    const { rcl, exec, events } = await setup();
    rcl.subscriptions[1]?.cb({ name: ['j1', 'j2'], position: new Float64Array([0.1, -0.2]) });
    exec.start(NAV);
    await flush();
    const g = rcl.last;
    expect(g.actionType).toBe('nav2_msgs/action/NavigateToPose');
    expect(g.server).toBe('navigate_to_pose');
    const pose = (g.goal as { pose: { header: { frame_id: string }; pose: { position: { x: number }; orientation: { z: number; w: number } } } }).pose;
    expect(pose.header.frame_id).toBe('map');
    expect(pose.pose.position.x).toBe(2);
    expect(pose.pose.orientation.z).toBeCloseTo(Math.SQRT1_2);
    expect(uuidHex(g.uuid.uuid)).toBe(uuidHex(goalUuidOf('g-nav-1')));
    g.accept();
    await flush();
    expect(exec.wireIdOf('g-nav-1')).toBe(uuidHex(goalUuidOf('g-nav-1')));

    const feedback: unknown[] = [];
    exec.onFeedback((e) => feedback.push(e.feedback));
    g.feedback({ distance_remaining: 1.5 });
    expect(feedback).toEqual([{ distance_remaining: 1.5 }]);
    const step = events.find((e) => e.type === 'step');
    expect(step?.type === 'step' && step.observation.joints).toEqual({ names: ['j1', 'j2'], positions: [0.1, -0.2] });

    g.finish(4, { error_code: 0, error_msg: '' });
    await flush();
    expect(exec.state).toBe('claimed_done');
    expect(events.map((e) => e.type)).toEqual(['started', 'step', 'claimed_done']);
  });

  it('tolerates the humble Nav2 result but fails on a newer error_code', async () => {
    const a = await setup();
    a.exec.start(NAV);
    await flush();
    a.rcl.last.accept();
    await flush();
    a.rcl.last.finish(4, {});
    await flush();
    expect(a.exec.state).toBe('claimed_done');

    const b = await setup();
    b.exec.start(NAV);
    await flush();
    b.rcl.last.accept();
    await flush();
    b.rcl.last.finish(4, { error_code: 9003, error_msg: 'timeout' });
    await flush();
    const last = b.events.at(-1);
    expect(last?.type === 'failed' && last.code).toBe('executor_error');
    expect(last?.type === 'failed' && last.message).toContain('9003');
  });

  it('fills the generic skill goal from config and checks its success field', async () => {
    const { rcl, exec, events } = await setup();
    exec.start(PICK);
    await flush();
    expect(rcl.last.actionType).toBe('my_robot_msgs/action/ExecuteSkill');
    expect(rcl.last.goal).toEqual({ skill: 'pick', object: 'mug_1', text: 'do: pick up the mug', speed: 0.5 });
    rcl.last.accept();
    await flush();
    rcl.last.finish(4, { success: false, message: 'no grasp' });
    await flush();
    const last = events.at(-1);
    expect(last?.type === 'failed' && last.message).toContain('no grasp');
  });

  it('reports a rejected goal as a failure without claiming anything', async () => {
    const { rcl, exec, events } = await setup();
    exec.start(NAV);
    await flush();
    rcl.last.reject();
    await exec.settled();
    expect(exec.state).toBe('failed');
    const last = events.at(-1);
    expect(last?.type === 'failed' && last.message).toContain('rejected');
    expect(exec.wireIdOf('g-nav-1')).toBeUndefined();
  });

  it('maps ABORTED and foreign CANCELED statuses to typed failures', async () => {
    const a = await setup();
    a.exec.start(NAV);
    await flush();
    a.rcl.last.accept();
    await flush();
    a.rcl.last.finish(6, {});
    await flush();
    expect(a.events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error' });

    const b = await setup();
    b.exec.start(NAV);
    await flush();
    b.rcl.last.accept();
    await flush();
    b.rcl.last.finish(5, {});
    await flush();
    expect(b.events.at(-1)).toMatchObject({ type: 'failed', code: 'cancelled' });
  });

  it('stop() cancels the goal and is confirmed once the cancel is accepted and the goal is terminal', async () => {
    const { rcl, exec, events } = await setup();
    exec.start(NAV);
    await flush();
    const g = rcl.last;
    g.accept();
    await flush();
    const stopping = exec.stop('operator');
    await flush();
    expect(g.cancelRequests).toBe(1);
    g.answerCancel(0);
    await flush();
    g.finish(5, {});
    const res = await stopping;
    expect(res.confirmed).toBe(true);
    expect(exec.state).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ type: 'stopped', confirmed: true, goalId: 'g-nav-1' });
  });

  it('a refused cancel or a silent server gives an unconfirmed stop and halts the robot', async () => {
    const a = await setup();
    a.exec.start(NAV);
    await flush();
    a.rcl.last.accept();
    await flush();
    const p = a.exec.stop('operator');
    await flush();
    a.rcl.last.answerCancel(1);
    expect((await p).confirmed).toBe(false);
    expect(a.robot.halts).toBe(1);

    const b = await setup();
    b.exec.start(NAV);
    await flush();
    b.rcl.last.accept();
    await flush();
    const res = await b.exec.stop('operator'); // never answered: the 30 ms cancel timeout runs out
    expect(res.confirmed).toBe(false);
    expect(b.events.at(-1)).toMatchObject({ type: 'stopped', confirmed: false });
  });

  it('a long goal kept alive by feedback is not dropped; silence past the feedback timeout cancels it', async () => {
    const { rcl, ticker, exec, events } = await setup({ feedback_timeout_s: 1, result_timeout_s: 100 });
    exec.start(NAV);
    await flush();
    const g = rcl.last;
    g.accept();
    await flush();
    for (let i = 0; i < 30; i++) {
      ticker.advance(5);
      g.feedback({ distance_remaining: 30 - i });
    }
    expect(exec.state).toBe('running');
    expect(g.cancelRequests).toBe(0);
    ticker.advance(10);
    await flush();
    expect(g.cancelRequests).toBe(1);
    g.answerCancel(0);
    await flush();
    g.finish(5, {});
    await flush();
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'failed', code: 'timeout' });
    expect(last?.type === 'failed' && last.message).toContain('cancel confirmed');
  });

  it('a goal that succeeds while its timeout cancel is in flight still counts as done', async () => {
    const { rcl, ticker, exec, events } = await setup({ feedback_timeout_s: 50, result_timeout_s: 1 });
    exec.start(NAV);
    await flush();
    const g = rcl.last;
    g.accept();
    await flush();
    ticker.advance(10);
    await flush();
    g.answerCancel(3);
    await flush();
    g.finish(4, {});
    await flush();
    expect(events.at(-1)?.type).toBe('claimed_done');
  });

  it('fails before dispatch on unknown skills, unknown targets and when the server is absent', async () => {
    const a = await setup();
    a.exec.start({ ...NAV, skill: 'fly' });
    expect(a.events.at(-1)).toMatchObject({ type: 'failed', code: 'precondition_unmet' });
    a.exec.reset();
    a.exec.start({ ...NAV, args: { target: 'attic' } });
    expect(a.events.at(-1)).toMatchObject({ type: 'failed', code: 'precondition_unmet' });
    expect(a.rcl.goals).toHaveLength(0);

    const b = await setup();
    b.rcl.serverAvailable = false;
    b.exec.start(NAV);
    await b.exec.settled();
    expect(b.events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error' });
    expect((await b.exec.health()).ok).toBe(false);
  });

  it('never sends a goal with non-finite numbers', async () => {
    const { rcl, exec, events } = await setup();
    exec.start({ ...PICK, args: { object: 'mug_1', speed: 'Infinity' } });
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'precondition_unmet' });
    exec.reset();
    exec.start({ ...NAV, args: { target: '1,NaN,0' } });
    expect(events.at(-1)?.type).toBe('failed');
    expect(rcl.goals).toHaveLength(0);
  });

  it('setTask cancels the running goal (confirmed) and sends the corrected one', async () => {
    const { rcl, exec, events } = await setup();
    exec.start(PICK);
    await flush();
    const first = rcl.last;
    first.accept();
    await flush();
    exec.setTask({ ...PICK, goalId: 'g-pick-2', args: { object: 'cup_2', speed: '0.2' }, instruction: 'pick up the cup' });
    await flush();
    expect(first.cancelRequests).toBe(1);
    expect(rcl.goals).toHaveLength(1);
    first.answerCancel(0);
    await flush();
    first.finish(5, {});
    await flush();
    expect(rcl.goals).toHaveLength(2);
    expect(rcl.last.goal).toMatchObject({ object: 'cup_2', speed: 0.2 });
    expect(events.map((e) => e.type)).toEqual(['started', 'task_changed']);
    expect(exec.state).toBe('running');
  });
});
