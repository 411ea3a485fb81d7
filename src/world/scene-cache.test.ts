import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from './scene-loader.js';

describe('loadBuiltinScene cache', () => {
  it('returns an equal but separate scene each time, so one caller cannot change another', () => {
    const a = loadBuiltinScene('home');
    const b = loadBuiltinScene('home');
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
    a.entities.length = 0;
    a.rooms[0]!.id = 'changed';
    const c = loadBuiltinScene('home');
    expect(c).toEqual(b);
    expect(c.entities.length).toBeGreaterThan(0);
  });

  it('still refuses unknown and malformed names', () => {
    expect(() => loadBuiltinScene('no_such_scene')).toThrow(/no built-in scene/);
    expect(() => loadBuiltinScene('../etc/passwd')).toThrow();
  });
});
