/**
 * The topics `orca sim-robot` serves per robot (contract: docs/executors.md "The networked sim
 * robot"). The first camera is also published as `/<r>/camera/image_raw`.
 */
export function topicsOf(robot: string) {
  const ns = `/${robot}`;
  return {
    camera: `${ns}/camera/image_raw`,
    cameraNamed: (name: string) => `${ns}/cameras/${name}/image_raw`,
    jointStates: `${ns}/joint_states`,
    odom: `${ns}/odom`,
    eePose: `${ns}/ee_pose`,
    detections: `${ns}/detections`,
    extras: `${ns}/detections/extras`,
    cmdVel: `${ns}/cmd_vel`,
    eeTwist: `${ns}/ee_twist`,
    gripper: `${ns}/gripper/command`,
    press: `${ns}/press`,
    trajectoryAction: `${ns}/arm_controller/follow_joint_trajectory`,
    gripperAction: `${ns}/gripper_controller/gripper_cmd`,
    baseFrame: `${robot}/base_link`,
  };
}

export type RobotTopics = ReturnType<typeof topicsOf>;

/** Joint names of `/<r>/joint_states`: the end effector's map position as three prismatic joints, and the aperture. */
export const SIM_JOINTS = ['ee_x', 'ee_y', 'ee_z', 'gripper'] as const;
export const MAP_FRAME = 'map';
