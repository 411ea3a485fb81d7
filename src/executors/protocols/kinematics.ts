/**
 * Forward kinematics (position of the tool point in the arm's base frame), just enough to turn
 * joint-space policy actions into the end-effector velocities `RobotAction` carries.
 */
export type ForwardKinematics = (q: readonly number[]) => [number, number, number];

type Mat4 = number[]; // row-major 4x4

const I4 = (): Mat4 => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

function mul(a: Mat4, b: Mat4): Mat4 {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += (a[r * 4 + k] ?? 0) * (b[k * 4 + c] ?? 0);
      out[r * 4 + c] = s;
    }
  }
  return out;
}

/** Craig's modified DH row: `RotX(alpha) · TransX(a) · RotZ(theta) · TransZ(d)`. */
export interface DhRow {
  a: number;
  d: number;
  alpha: number;
}

function dhTransform({ a, d, alpha }: DhRow, theta: number): Mat4 {
  const ct = Math.cos(theta);
  const st = Math.sin(theta);
  const ca = Math.cos(alpha);
  const sa = Math.sin(alpha);
  return [ct, -st, 0, a, st * ca, ct * ca, -sa, -d * sa, st * sa, ct * sa, ca, d * ca, 0, 0, 0, 1];
}

/** A chain of revolute joints in modified DH, followed by fixed rows (flange, tool). */
export function dhChain(joints: readonly DhRow[], fixed: readonly DhRow[]): ForwardKinematics {
  return (q) => {
    let t = I4();
    joints.forEach((row, i) => (t = mul(t, dhTransform(row, q[i] ?? Number.NaN))));
    for (const row of fixed) t = mul(t, dhTransform(row, 0));
    return [t[3] ?? Number.NaN, t[7] ?? Number.NaN, t[11] ?? Number.NaN];
  };
}

/** Screw axis in the space frame: unit rotation `w` and `v = -w × q` for a point `q` on the axis. */
export interface Screw {
  w: [number, number, number];
  v: [number, number, number];
}

function screwExp({ w, v }: Screw, theta: number): Mat4 {
  const [x, y, z] = w;
  const W = [0, -z, y, z, 0, -x, -y, x, 0];
  const W2 = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => {
    const r = Math.floor(i / 3);
    const c = i % 3;
    return (W[r * 3] ?? 0) * (W[c] ?? 0) + (W[r * 3 + 1] ?? 0) * (W[3 + c] ?? 0) + (W[r * 3 + 2] ?? 0) * (W[6 + c] ?? 0);
  });
  const s = Math.sin(theta);
  const c1 = 1 - Math.cos(theta);
  const eye = (i: number): number => (i % 4 === 0 ? 1 : 0);
  const R = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => eye(i) + s * (W[i] ?? 0) + c1 * (W2[i] ?? 0));
  const G = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => eye(i) * theta + c1 * (W[i] ?? 0) + (theta - s) * (W2[i] ?? 0));
  const p = [0, 1, 2].map((r) => (G[r * 3] ?? 0) * v[0] + (G[r * 3 + 1] ?? 0) * v[1] + (G[r * 3 + 2] ?? 0) * v[2]);
  const Rr = (i: number): number => R[i] ?? 0;
  return [Rr(0), Rr(1), Rr(2), p[0] ?? 0, Rr(3), Rr(4), Rr(5), p[1] ?? 0, Rr(6), Rr(7), Rr(8), p[2] ?? 0, 0, 0, 0, 1];
}

/** Product of exponentials: `T(q) = e^[S1]q1 · … · e^[Sn]qn · M`; `home` is M's position (M has identity rotation). */
export function poeChain(screws: readonly Screw[], home: [number, number, number]): ForwardKinematics {
  return (q) => {
    let t = I4();
    screws.forEach((s, i) => (t = mul(t, screwExp(s, q[i] ?? Number.NaN))));
    const [x, y, z] = home;
    return [0, 1, 2].map((r) => (t[r * 4] ?? 0) * x + (t[r * 4 + 1] ?? 0) * y + (t[r * 4 + 2] ?? 0) * z + (t[r * 4 + 3] ?? 0)) as [number, number, number];
  };
}

/**
 * Franka Panda (DROID's arm), modified DH from Franka's published robot parameters; the tool point
 * is the flange plus 0.1034 m (the Franka Hand's fingertip centre).
 */
export const PANDA_FK: ForwardKinematics = dhChain(
  [
    { a: 0, d: 0.333, alpha: 0 },
    { a: 0, d: 0, alpha: -Math.PI / 2 },
    { a: 0, d: 0.316, alpha: Math.PI / 2 },
    { a: 0.0825, d: 0, alpha: Math.PI / 2 },
    { a: -0.0825, d: 0.384, alpha: -Math.PI / 2 },
    { a: 0, d: 0, alpha: Math.PI / 2 },
    { a: 0.088, d: 0, alpha: Math.PI / 2 },
  ],
  [{ a: 0, d: 0.107 + 0.1034, alpha: 0 }],
);

/**
 * Interbotix ViperX 300 6DOF (each ALOHA arm): waist, shoulder, elbow, forearm roll, wrist angle,
 * wrist rotate, as space-frame screws with the home pose of the gripper's ee frame.
 */
export const VX300S_FK: ForwardKinematics = poeChain(
  [
    { w: [0, 0, 1], v: [0, 0, 0] },
    { w: [0, 1, 0], v: [-0.12705, 0, 0] },
    { w: [0, 1, 0], v: [-0.42705, 0, 0.05955] },
    { w: [1, 0, 0], v: [0, 0.42705, 0] },
    { w: [0, 1, 0], v: [-0.42705, 0, 0.35955] },
    { w: [1, 0, 0], v: [0, 0.42705, 0] },
  ],
  [0.536494, 0, 0.42705],
);
