import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, typeInfo } from '../world/index.js';
import { siteGeometry } from './site-map.js';

describe('siteGeometry', () => {
  it("gives a site's rooms and its fixed things with footprints, never the movable things", () => {
    const scene = loadBuiltinScene('home');
    const site = siteGeometry(scene);
    expect(site.rooms.map((r) => r.id).sort()).toEqual(scene.rooms.map((r) => r.id).sort());
    expect(site.fixtures.length).toBeGreaterThan(5);
    const types = new Map(scene.entities.map((e) => [e.id, e.type]));
    for (const f of site.fixtures) {
      expect(typeInfo(types.get(f.id) ?? '')?.pickupable, f.id).not.toBe(true);
      expect(f.w).toBeGreaterThan(0);
      expect(f.h).toBeGreaterThan(0);
    }
    const fridge = site.fixtures.find((f) => types.get(f.id) === 'Fridge');
    expect(fridge).toBeDefined();
  });
});
