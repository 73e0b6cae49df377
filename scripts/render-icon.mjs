#!/usr/bin/env node
// Renders media/icon.png (128×128, the Marketplace/extension icon; vsce needs a PNG) from
// the same shapes as media/icon.svg, with no dependency: signed distance functions,
// 4×4 supersampling, and a minimal PNG encoder. Run: node scripts/render-icon.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const SCALE = 256 / SIZE; // shapes are in the SVG's 256-unit space
const SS = 4;

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const BG_A = hex('#0b6fb8');
const BG_B = hex('#063c66');
const WHITE = [255, 255, 255];
const DOT = hex('#7fd1ff');
const STROKE = 14;

const len = (x, y) => Math.hypot(x, y);
function roundBox(px, py, cx, cy, hx, hy, r) {
  const qx = Math.abs(px - cx) - (hx - r);
  const qy = Math.abs(py - cy) - (hy - r);
  return len(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return len(px - ax - t * dx, py - ay - t * dy);
}
/** Arc over a horizontal chord from (x1,y) to (x2,y), bulging upward, radius r (SVG `a r r 0 0 1`). */
function arc(px, py, x1, x2, y, r) {
  const cx = (x1 + x2) / 2;
  const cy = y + Math.sqrt(r * r - ((x2 - x1) / 2) ** 2);
  const d = len(px - cx, py - cy);
  const qy = cy + (r * (py - cy)) / (d || 1);
  if (qy <= y) return Math.abs(d - r);
  return Math.min(len(px - x1, py - y), len(px - x2, py - y));
}

function sample(x, y) {
  // Later layers paint over earlier ones.
  let color = null;
  if (roundBox(x, y, 128, 128, 120, 120, 44) <= 0) {
    const t = Math.max(0, Math.min(1, (x + y - 16) / 480));
    color = BG_A.map((a, i) => a + (BG_B[i] - a) * t);
  }
  const w = STROKE / 2;
  const stroke =
    Math.abs(roundBox(x, y, 128, 182, 36, 32, 12)) <= w ||
    segment(x, y, 128, 150, 128, 116) <= w ||
    arc(x, y, 92, 164, 92, 51) <= w ||
    arc(x, y, 64, 192, 64, 91) <= w;
  if (stroke) color = WHITE;
  if (len(x - 128, y - 112) <= 11 || len(x - 128, y - 182) <= 9) color = DOT;
  return color;
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = sample((px + (sx + 0.5) / SS) * SCALE, (py + (sy + 0.5) / SS) * SCALE);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a += 1;
      }
    }
    const o = (py * SIZE + px) * 4;
    if (a > 0) {
      rgba[o] = Math.round(r / a);
      rgba[o + 1] = Math.round(g / a);
      rgba[o + 2] = Math.round(b / a);
    }
    rgba[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(root, 'media', 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${path.relative(root, out)} (${SIZE}x${SIZE}, ${png.length} bytes)`);
