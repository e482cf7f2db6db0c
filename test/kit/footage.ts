// Synthetic footage for the local stage's pixel and motion checks (issue 13): textures of 8-px cells, twice the
// frame's width so a subject can slide across it; smooth at the checks' quarter scale, as footage is.
import { H, seeded, W } from './keypoints.ts';

const CELL = 8, CW = (2 * W) / CELL;
/** a seeded texture of grey cells (40–209) */
export const cellTexture = (seed: number) => { const r = seeded(seed); return new Uint8Array(CW * Math.ceil(H / CELL)).map(() => 40 + (r() % 170)); };
/** the texture's grey at (x, y) */
export const cellAt = (t: Uint8Array, x: number, y: number) => t[Math.floor(y / CELL) * CW + Math.floor(x / CELL)]!;
