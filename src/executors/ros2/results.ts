import type { SkillActionConfig } from './action-config.js';

export interface ResultVerdict {
  ok: boolean;
  message: string;
}

function field(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Reads the action-level outcome of a SUCCEEDED goal (§6): some servers report failure in the result
 * even with status SUCCEEDED. Tolerates the humble Nav2 result (`{}`) and the newer `error_code`.
 */
export function interpretResult(cfg: SkillActionConfig, result: unknown): ResultVerdict {
  switch (cfg.action) {
    case 'nav2_navigate_to_pose': {
      const code = field(result, 'error_code');
      const msg = field(result, 'error_msg');
      if (code === undefined || code === 0) return { ok: true, message: 'navigation succeeded' };
      return { ok: false, message: `Nav2 error_code ${String(code)}${typeof msg === 'string' && msg ? `: ${msg}` : ''}` };
    }
    case 'follow_joint_trajectory': {
      const code = field(result, 'error_code');
      const msg = field(result, 'error_string');
      if (code === undefined || code === 0) return { ok: true, message: 'trajectory executed' };
      return { ok: false, message: `FollowJointTrajectory error_code ${String(code)}${typeof msg === 'string' && msg ? `: ${msg}` : ''}` };
    }
    case 'gripper_command': {
      const reached = field(result, 'reached_goal');
      const stalled = field(result, 'stalled');
      // Stalling on a grasped object is how a closing gripper normally ends.
      if (reached === false && stalled === false) return { ok: false, message: 'gripper neither reached its goal nor stalled' };
      return { ok: true, message: stalled === true ? 'gripper stalled (holding something?)' : 'gripper reached its goal' };
    }
    case 'moveit_move_group': {
      const val = field(result, 'error_code.val');
      const msg = field(result, 'error_code.message');
      if (val === 1) return { ok: true, message: 'MoveIt plan executed' };
      return { ok: false, message: `MoveIt error_code ${String(val)}${typeof msg === 'string' && msg ? `: ${msg}` : ''}` };
    }
    case 'generic': {
      const message = cfg.message_field ? field(result, cfg.message_field) : undefined;
      const text = typeof message === 'string' ? message : '';
      if (cfg.success_field && field(result, cfg.success_field) !== true) {
        return { ok: false, message: `${cfg.success_field} is not true${text ? `: ${text}` : ''}` };
      }
      return { ok: true, message: text || 'skill action succeeded' };
    }
  }
}
