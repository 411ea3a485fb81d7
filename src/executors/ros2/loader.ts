import { OrcaError } from '../../domain/failures.js';
import type { RclApi } from './rcl-api.js';

/** A ROS 2 robot is configured but rclnodejs cannot be loaded. */
export class Ros2UnavailableError extends OrcaError {
  constructor(detail: string) {
    super(
      'ros2_unavailable',
      `ROS 2 is not sourced / rclnodejs not installed: ${detail}. Source your ROS 2 setup (e.g. /opt/ros/jazzy/setup.bash) ` +
        'and run `npm install` so the optional dependency rclnodejs builds, or use the rosbridge executor instead.',
      { detail },
    );
  }
}

export type ModuleImporter = () => Promise<unknown>;

// A variable specifier keeps tsc from resolving the optional package, which may be absent.
const RCLNODEJS = 'rclnodejs';
const defaultImporter: ModuleImporter = () => import(RCLNODEJS);

function looksLikeRcl(mod: unknown): mod is RclApi {
  const m = mod as Partial<Record<keyof RclApi, unknown>> | null;
  return !!m && typeof m.init === 'function' && typeof m.createNode === 'function' && typeof m.ActionClient === 'function';
}

/**
 * Loads rclnodejs lazily; resolves to null when it is absent or cannot load (never throws).
 * Only called once a ROS 2 robot is configured, so the rest of orca runs without ROS 2.
 */
export async function loadRclnodejs(importer: ModuleImporter = defaultImporter): Promise<RclApi | null> {
  const mod = await importer().catch(() => null);
  if (!mod) return null;
  const candidate = looksLikeRcl(mod) ? mod : (mod as { default?: unknown }).default;
  return looksLikeRcl(candidate) ? candidate : null;
}

/** Like `loadRclnodejs` but throws `Ros2UnavailableError` with the reason. */
export async function requireRclnodejs(importer: ModuleImporter = defaultImporter, env: NodeJS.ProcessEnv = process.env): Promise<RclApi> {
  // Importing a present-but-unbuilt rclnodejs runs a synchronous rebuild first (§5.2): skip it when ROS is not sourced.
  if (!env.ROS_DISTRO) throw new Ros2UnavailableError('ROS_DISTRO is not set');
  let reason = 'module not found';
  const mod = await importer().catch((err: unknown) => {
    reason = err instanceof Error ? err.message : String(err);
    return null;
  });
  if (!mod) throw new Ros2UnavailableError(reason);
  const api = looksLikeRcl(mod) ? mod : (mod as { default?: unknown }).default;
  if (!looksLikeRcl(api)) throw new Ros2UnavailableError('the loaded module does not expose init/createNode/ActionClient');
  return api;
}
