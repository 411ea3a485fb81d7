export type Rgb = readonly [number, number, number];

const NAMED: Readonly<Record<string, Rgb>> = {
  red: [200, 40, 40],
  blue: [40, 80, 200],
  green: [50, 160, 70],
  yellow: [235, 205, 50],
  white: [235, 235, 232],
  black: [35, 35, 38],
  orange: [240, 140, 40],
  purple: [130, 60, 160],
  pink: [240, 150, 180],
  brown: [125, 85, 50],
  grey: [140, 140, 140],
  gray: [140, 140, 140],
  silver: [192, 192, 198],
  gold: [212, 175, 55],
  beige: [222, 205, 170],
  cyan: [60, 200, 210],
  navy: [30, 40, 110],
  teal: [30, 130, 130],
  maroon: [120, 30, 40],
  olive: [120, 120, 40],
  tan: [210, 180, 140],
};

/** Muted colours for things whose scene gives none, picked by type so each type looks the same everywhere. */
const PALETTE: readonly Rgb[] = [
  [176, 150, 120],
  [150, 160, 170],
  [190, 170, 140],
  [120, 140, 120],
  [170, 130, 110],
  [140, 150, 185],
  [200, 190, 160],
  [160, 120, 140],
];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A colour attribute ("red", "dark green", "#a0b0c0") as RGB, or the type's palette colour. */
export function colourOf(attribute: unknown, type: string): Rgb {
  if (typeof attribute === 'string') {
    const c = attribute.toLowerCase().trim();
    const hex = /^#([0-9a-f]{6})$/.exec(c);
    if (hex?.[1]) {
      const n = parseInt(hex[1], 16);
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
    }
    const named = NAMED[c] ?? c.split(/[\s_-]+/).map((w) => NAMED[w]).find((v) => v !== undefined);
    if (named) return named;
  }
  return PALETTE[hash(type) % PALETTE.length] ?? [160, 160, 160];
}

/** A floor colour per room, stable across runs (rooms differ so a camera can tell them apart). */
export function floorColour(roomId: string): Rgb {
  const floors: readonly Rgb[] = [
    [196, 170, 130],
    [170, 175, 180],
    [205, 195, 170],
    [150, 130, 105],
    [185, 190, 175],
  ];
  return floors[hash(roomId) % floors.length] ?? [180, 180, 180];
}
