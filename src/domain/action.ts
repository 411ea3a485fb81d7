import { z } from 'zod';

/**
 * One control step's command to a robot, as a policy emits it and the safety filter passes it on.
 * Velocities are in the world frame; the world integrates them over the control period.
 *
 * - `base`: planar base velocity (mobile robots only), m/s and rad/s.
 * - `ee`: end-effector linear velocity, m/s. The end effector stays within the robot's reach.
 * - `gripper`: target aperture, 0 closed .. 1 open. Closing on an object within grasp distance
 *   grasps it; closing on an openable's handle holds the handle, and moving the end effector then
 *   swings the door or slides the drawer; opening releases.
 * - `press`: push what is at the end effector (a switch or button); toggles on the step it becomes true.
 *
 * Real executors map their own action spaces (7-DoF deltas, joint targets, action chunks) onto their
 * robots; this shape is the simulated household's and the safety filter's common ground.
 */
export const RobotActionSchema = z.object({
  base: z.object({ vx: z.number(), vy: z.number(), wz: z.number() }).optional(),
  ee: z.object({ vx: z.number(), vy: z.number(), vz: z.number() }).optional(),
  gripper: z.number().optional(),
  press: z.boolean().optional(),
});
export type RobotAction = z.infer<typeof RobotActionSchema>;

export const ZERO_ACTION: RobotAction = Object.freeze({
  base: { vx: 0, vy: 0, wz: 0 },
  ee: { vx: 0, vy: 0, vz: 0 },
});

/** Limits the safety filter enforces per robot. */
export interface ActionLimits {
  maxBaseSpeed: number;
  maxBaseTurnRate: number;
  maxEeSpeed: number;
}
