import { describe, expect, it } from 'vitest';
import { ManualTicker } from '../../domain/clock.js';
import type { ExecutorEvent } from '../../domain/executor.js';
import { FakeRobot } from '../protocols/testing/fake-robot.js';
import { SkillMapSchema } from './action-config.js';
import { quaternionFromRpy } from './move-group.js';
import { Ros2SkillExecutor } from './ros2-executor.js';
import { FakeRcl } from './testing/fake-rcl.js';

const SKILLS = SkillMapSchema.parse({
  reach: {
    action: 'moveit_move_group',
    group: 'panda_arm',
    link: 'panda_hand_tcp',
    frame_id: 'panda_link0',
    position_tolerance: 0.005,
    orientation_tolerance: 0.02,
    joint_targets: { ready: { panda_joint1: 0, panda_joint4: -2.356 } },
    pose_targets: {
      above_table: { position: { x: 0.5, y: 0.1, z: 0.4 }, orientation: { roll: Math.PI, pitch: 0, yaw: 0 } },
      shelf: { frame_id: 'world', position: { x: 0.3, y: -0.2, z: 1.1 }, orientation: { x: 0, y: 0, z: 0, w: 2 } },
      point: { position: { x: 0.4, y: 0, z: 0.3 } },
    },
  },
});

interface PoseGoal {
  request: {
    group_name: string;
    goal_constraints: {
      joint_constraints: { joint_name: string; position: number }[];
      position_constraints: {
        header: { frame_id: string };
        link_name: string;
        target_point_offset: object;
        constraint_region: { primitives: { type: number; dimensions: number[] }[]; primitive_poses: { position: object; orientation: object }[] };
        weight: number;
      }[];
      orientation_constraints: { header: { frame_id: string }; link_name: string; orientation: { x: number; y: number; z: number; w: number }; absolute_x_axis_tolerance: number; absolute_z_axis_tolerance: number; parameterization: number; weight: number }[];
    }[];
  };
  planning_options: { plan_only: boolean };
}

async function send(target: string) {
  const rcl = new FakeRcl();
  const exec = await Ros2SkillExecutor.connect({ robot: new FakeRobot('panda'), ticker: new ManualTicker(0.1), rcl, skills: SKILLS });
  const events: ExecutorEvent[] = [];
  exec.subscribe((e) => events.push(e));
  exec.start({ goalId: `g-${target}`, subgoalId: 's', skill: 'reach', args: { target }, instruction: 'reach' });
  await new Promise((r) => setTimeout(r, 0));
  return { rcl, exec, events };
}

describe('MoveIt MoveGroup pose goals (§6.3)', () => {
  it('a pose target becomes a sphere position constraint and an orientation constraint on the link', async () => {
    const { rcl } = await send('above_table');
    expect(rcl.last.actionType).toBe('moveit_msgs/action/MoveGroup');
    expect(rcl.last.server).toBe('move_action');
    const goal = rcl.last.goal as PoseGoal;
    expect(goal.request.group_name).toBe('panda_arm');
    const c = goal.request.goal_constraints[0];
    expect(c?.joint_constraints).toEqual([]);
    expect(c?.position_constraints).toEqual([
      {
        header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'panda_link0' },
        link_name: 'panda_hand_tcp',
        target_point_offset: { x: 0, y: 0, z: 0 },
        constraint_region: {
          primitives: [{ type: 2, dimensions: [0.005] }],
          primitive_poses: [{ position: { x: 0.5, y: 0.1, z: 0.4 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }],
          meshes: [],
          mesh_poses: [],
        },
        weight: 1,
      },
    ]);
    const o = c?.orientation_constraints[0];
    expect(o).toMatchObject({ link_name: 'panda_hand_tcp', absolute_x_axis_tolerance: 0.02, absolute_z_axis_tolerance: 0.02, parameterization: 0, weight: 1 });
    // roll = π about x: the tool points down, quaternion (1, 0, 0, 0).
    expect(o?.orientation.x).toBeCloseTo(1, 12);
    expect(o?.orientation.w).toBeCloseTo(0, 12);
  });

  it('quaternions are normalised, a target frame overrides the default, position-only targets have no orientation constraint', async () => {
    const shelf = (await send('shelf')).rcl.last.goal as PoseGoal;
    const c = shelf.request.goal_constraints[0];
    expect(c?.position_constraints[0]?.header.frame_id).toBe('world');
    expect(c?.orientation_constraints[0]?.orientation).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    const point = (await send('point')).rcl.last.goal as PoseGoal;
    expect(point.request.goal_constraints[0]?.orientation_constraints).toEqual([]);
  });

  it('joint targets still produce joint constraints; the result is judged by MoveItErrorCodes', async () => {
    const { rcl, events } = await send('ready');
    const c = (rcl.last.goal as PoseGoal).request.goal_constraints[0];
    expect(c?.joint_constraints.map((j) => j.joint_name)).toEqual(['panda_joint1', 'panda_joint4']);
    expect(c?.position_constraints).toEqual([]);
    rcl.last.accept();
    await new Promise((r) => setTimeout(r, 0));
    rcl.last.finish(4, { error_code: { val: -31, message: 'NO_IK_SOLUTION', source: '' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'executor_error' });
  });

  it('an unknown target fails before dispatch', async () => {
    const { rcl, events } = await send('moon');
    expect(rcl.goals).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'failed', code: 'precondition_unmet' });
  });

  it('rpy follows tf2 setRPY', () => {
    const q = quaternionFromRpy(0, 0, Math.PI / 2);
    expect([q.x, q.y, q.z, q.w]).toEqual([0, 0, expect.closeTo(Math.SQRT1_2, 12), expect.closeTo(Math.SQRT1_2, 12)]);
  });

  it('config: pose targets need a link, and a MoveGroup skill needs some target', () => {
    const noLink = SkillMapSchema.safeParse({ r: { action: 'moveit_move_group', group: 'g', pose_targets: { a: { position: { x: 0, y: 0, z: 0 } } } } });
    expect(noLink.success).toBe(false);
    expect(noLink.error?.issues[0]?.path).toEqual(['r', 'link']);
    const none = SkillMapSchema.safeParse({ r: { action: 'moveit_move_group', group: 'g' } });
    expect(none.error?.issues[0]?.path).toEqual(['r', 'joint_targets']);
    const zeroQ = SkillMapSchema.safeParse({ r: { action: 'moveit_move_group', group: 'g', link: 'l', pose_targets: { a: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 0 } } } } });
    expect(zeroQ.success).toBe(false);
  });
});
