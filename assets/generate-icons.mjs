// Draws Tailstream's app icon and writes every format electron-builder needs, with Node alone
// (zlib for PNG, no image library): `node assets/generate-icons.mjs [--out DIR]`.
//
//   icon.png            1024x1024, the master (also the window icon in development)
//   icons/NxN.png       16…512, the Linux icon set (AppImage, deb)
//   icon.ico            16…256, PNG-compressed entries (Windows, NSIS)
//   icon.icns           16@2x…512@2x, PNG entries (macOS, DMG)
//
// The picture: a dark rounded tile holding a few log lines, each with a level mark (info, debug,
// warning, error) and a bright cursor line at the bottom, the newest line streaming in. Every size
// is rasterized from the shapes (not scaled down from the master), 4x4 supersampled.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex !== -1 && process.argv[outIndex + 1] ? path.resolve(process.argv[outIndex + 1]) : here;

/** Samples per pixel side: 4x4 = 16 samples, smooth edges even at 16 px. */
const SUPERSAMPLE = 4;
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS entry types with PNG payloads and their pixel sizes. */
const ICNS_ENTRIES = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

/** Shapes in a 0…1 unit square, painted in order: [x, y, width, height, radius, [r, g, b]]. */
const TILE = [0.06, 0.06, 0.88, 0.88, 0.2];
const LINES = [
  // level mark colour, line length
  [[56, 189, 248], 0.46],
  [[148, 163, 184], 0.34],
  [[250, 204, 21], 0.52],
  [[248, 113, 113], 0.28],
];
const LINE_LEFT = 0.2;
const LINE_TOP = 0.25;
const LINE_STEP = 0.12;
const LINE_HEIGHT = 0.055;

function shapes() {
  const list = [];
  LINES.forEach(([colour, length], i) => {
    const y = LINE_TOP + i * LINE_STEP;
    list.push([LINE_LEFT, y, LINE_HEIGHT, LINE_HEIGHT, LINE_HEIGHT / 2, colour]);
    list.push([LINE_LEFT + 0.09, y, length, LINE_HEIGHT, LINE_HEIGHT / 2, [203, 213, 225]]);
  });
  const y = LINE_TOP + LINES.length * LINE_STEP;
  list.push([LINE_LEFT, y, 0.42, LINE_HEIGHT, LINE_HEIGHT / 2, [45, 212, 191]]);
  list.push([LINE_LEFT + 0.46, y - 0.012, 0.035, LINE_HEIGHT + 0.024, 0.008, [240, 253, 250]]);
  return list;
}

/** Signed distance from (px, py) to a rounded rectangle (negative inside). */
function roundedRectDistance(px, py, [x, y, w, h, r]) {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const qx = Math.abs(px - cx) - (w / 2 - r);
  const qy = Math.abs(py - cy) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Tile colour: a vertical gradient from slate-800 to slate-950. */
function tileColour(py) {
  const t = Math.min(Math.max((py - TILE[1]) / TILE[3], 0), 1);
  const top = [30, 41, 59];
  const bottom = [2, 6, 23];
  return top.map((c, i) => c + (bottom[i] - c) * t);
}

/** Renders the icon at `size` px; returns RGBA bytes (non-premultiplied). */
function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const foreground = shapes();
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
        for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
          const ux = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const uy = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (roundedRectDistance(ux, uy, TILE) > 0) continue;
          let colour = tileColour(uy);
          for (const shape of foreground) {
            if (roundedRectDistance(ux, uy, shape) <= 0) colour = shape[5];
          }
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        rgba[offset] = Math.round(r / a);
        rgba[offset + 1] = Math.round(g / a);
        rgba[offset + 2] = Math.round(b / a);
        rgba[offset + 3] = Math.round((255 * a) / samples);
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA bytes as a PNG (8-bit RGBA, no filter, maximum compression). */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO file whose entries are PNG images (supported since Windows Vista). */
function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(([size, png], i) => {
    const entry = 6 + 16 * i;
    header[entry] = size >= 256 ? 0 : size; // 0 means 256
    header[entry + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(([, png]) => png)]);
}

/** An ICNS file with PNG payloads. */
function encodeIcns(entries) {
  const parts = entries.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const cache = new Map();
function pngOf(size) {
  if (!cache.has(size)) cache.set(size, encodePng(size, render(size)));
  return cache.get(size);
}

mkdirSync(path.join(outDir, 'icons'), { recursive: true });
writeFileSync(path.join(outDir, 'icon.png'), pngOf(1024));
for (const size of LINUX_SIZES) writeFileSync(path.join(outDir, 'icons', `${size}x${size}.png`), pngOf(size));
writeFileSync(path.join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => [size, pngOf(size)])));
writeFileSync(path.join(outDir, 'icon.icns'), encodeIcns(ICNS_ENTRIES.map(([type, size]) => [type, pngOf(size)])));
console.log(`Icons written to ${outDir}`);
