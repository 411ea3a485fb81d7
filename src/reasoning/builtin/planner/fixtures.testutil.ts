// Test-only helpers (imported by *.test.ts files only): a planning context built from a scene.
import { beliefFromScene } from '../../belief-scene.js';
import type { SceneLike } from '../../belief-scene.js';
import type { BeliefState } from '../../belief.js';
import type { PlanningContext } from '../../provider.js';
import { loadSkillLibrary } from '../../../skills/index.js';
import type { SkillLibrary } from '../../../skills/index.js';
import { profilesFromScene } from './profiles.js';
import type { SceneRobotsLike } from './profiles.js';

let skills: SkillLibrary | null = null;
export function testSkills(): SkillLibrary {
  skills ??= loadSkillLibrary();
  return skills;
}

export type TestScene = SceneLike & SceneRobotsLike;

export function contextFromScene(
  scene: TestScene,
  reach: Readonly<Record<'mobile_manipulator' | 'fixed_arm', number>>,
  tweak?: (b: BeliefState) => void,
): PlanningContext {
  const belief = beliefFromScene(scene);
  tweak?.(belief);
  const roomOf = (p: { x: number; y: number }): string | null =>
    scene.rooms.find((r) => p.x >= r.rect.x && p.x <= r.rect.x + r.rect.w && p.y >= r.rect.y && p.y <= r.rect.y + r.rect.d)?.id ?? null;
  return {
    belief,
    skills: testSkills(),
    robots: profilesFromScene(scene, reach, roomOf),
    people: [...belief.people.values()],
    speaker: scene.people[0]?.id ?? 'operator',
  };
}
