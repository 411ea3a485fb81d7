import { z } from 'zod';
import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import { checkAllRobots, defaultRobotsDir, loadRobotConfigs } from '../../executors/index.js';
import { HttpError, notFound } from '../errors.js';
import { YAML_MEDIA_TYPES } from '../request-guard.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import * as S from '../schemas.js';

/**
 * Media types a scene file may be uploaded as, besides JSON `{text}`. None is CORS-safelisted, so a
 * page elsewhere cannot send one without a preflight (`text/plain` is refused for that reason).
 */
export const SCENE_TEXT_TYPES: string[] = [...YAML_MEDIA_TYPES];

const SceneUploadSchema = z.union([z.string(), S.SceneUploadJsonSchema]);

const HealthRowSchema = z.object({
  name: z.string(),
  kind: z.string(),
  health: z.object({ ok: z.boolean(), detail: z.string(), latencyMs: z.number().nullable(), checkedAt: z.string() }),
});

export function fleetRoutes(ctx: RouteContext, orchestrator: Orchestrator, robotConfigDir?: string): void {
  route(ctx, { id: 'configuredRobots', method: 'get', path: '/robots/configured', tag: 'fleet', summary: 'Robots configured in config/robots with a live health check of their policy server or ROS 2 link', permission: 'read', response: z.array(HealthRowSchema) }, async () => {
    const configs = loadRobotConfigs(robotConfigDir ?? defaultRobotsDir());
    return checkAllRobots(configs, { timeoutMs: 2000 });
  });

  route(ctx, { id: 'listRobots', method: 'get', path: '/robots', tag: 'fleet', summary: 'Robots and their state', permission: 'read', response: z.array(S.RobotViewSchema) }, () => orchestrator.robots());

  route(ctx, { id: 'listScenes', method: 'get', path: '/scenes', tag: 'scenes', summary: 'Built-in and uploaded scenes', permission: 'read', response: z.array(S.SceneSummarySchema) }, () => orchestrator.scenes());

  route(ctx, { id: 'uploadScene', method: 'post', path: '/scenes', tag: 'scenes', summary: 'Upload a scene file (YAML body, or JSON {text})', permission: 'admin', body: SceneUploadSchema, textBody: SCENE_TEXT_TYPES, status: 201, response: S.SceneSummarySchema, errors: [409] }, ({ body }) => {
    const text = typeof body === 'string' ? body : body.text;
    if (text.trim().length === 0) throw new HttpError(400, 'bad_request', 'empty scene file', { issues: [{ path: 'body', message: 'empty' }] });
    return orchestrator.addScene(text);
  });

  route(ctx, { id: 'resetWorld', method: 'post', path: '/scenes/:name/reset', tag: 'scenes', summary: "Put a simulated scene's world (and the robots' belief of it) back as its scene file describes it; refused while a mission on the scene has not ended", permission: 'operate', params: S.SceneParams, response: S.SceneSummarySchema, errors: [404, 409] }, ({ params }) =>
    orchestrator.resetWorld(params.name),
  );

  route(ctx, { id: 'sceneSvg', method: 'get', path: '/scenes/:name/svg', tag: 'scenes', summary: "SVG of a scene's current world", permission: 'read', params: S.SceneParams, produces: 'image/svg+xml', errors: [404] }, ({ params, res }) => {
    const svg = orchestrator.worldSvg(params.name);
    if (svg === null) throw notFound('scene', params.name);
    res.status(200).type('image/svg+xml').setHeader('Cache-Control', 'no-store');
    res.send(svg);
    return undefined;
  });

  route(ctx, { id: 'sceneObjects', method: 'get', path: '/scenes/:name/objects', tag: 'scenes', summary: "Every object of a scene's world: type, attributes, state, location", permission: 'read', params: S.SceneParams, response: z.array(S.WorldObjectViewSchema), errors: [404] }, ({ params }) => {
    const objects = orchestrator.worldObjects(params.name);
    if (objects === null) throw notFound('scene', params.name);
    return objects;
  });
}
