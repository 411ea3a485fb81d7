import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import { requesterOf } from '../auth.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import * as S from '../schemas.js';

/** An e-stop body is one short reason; anything longer is not read. */
export const ESTOP_BODY_LIMIT = 4096;

/**
 * Mounted before the general body parsers and every other router: authentication is synchronous, the
 * orchestrator call is synchronous, and nothing here awaits other work.
 */
export function estopRoutes(ctx: RouteContext, orchestrator: Orchestrator): void {
  route(ctx, { id: 'estop', method: 'post', path: '/estop', tag: 'safety', summary: 'Latch the emergency stop on every robot (answers at once)', permission: 'operate', body: S.ControlBodySchema, lenientBody: true, response: S.EstopStateSchema }, ({ body, res }) => {
    // Stopping matters more than the reason: an unreadable or invalid body latches all the same.
    const reason = body.reason;
    orchestrator.estop(reason, { by: requesterOf(res.locals) });
    return { latched: orchestrator.estopLatched, reason: reason ?? null };
  });

  route(ctx, { id: 'releaseEstop', method: 'post', path: '/estop/release', tag: 'safety', summary: 'Release the emergency stop (missions stay paused until resumed)', permission: 'admin', response: S.EstopStateSchema, errors: [409] }, ({ res }) => {
    orchestrator.releaseEstop(requesterOf(res.locals));
    return { latched: orchestrator.estopLatched };
  });

  route(ctx, { id: 'estopState', method: 'get', path: '/estop', tag: 'safety', summary: 'Whether the emergency stop is latched, and who set or released it last', permission: 'read', response: S.EstopStateSchema }, () => {
    const state = orchestrator.estopState();
    return { latched: state.latched, reason: state.reason, by: state.by, at: state.at };
  });
}
