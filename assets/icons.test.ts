/**
 * The app icon in assets/ (written by assets/generate-icons.mjs): a square PNG of at least
 * 512 px, the Linux set, and well-formed .ico and .icns files whose entries are PNGs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const assets = path.dirname(fileURLToPath(import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('app icon', () => {
  it('has a square master PNG of at least 512 px', () => {
    const { width, height } = pngSize(readFileSync(path.join(assets, 'icon.png')));
    expect(width).toBeGreaterThanOrEqual(512);
    expect(height).toBe(width);
  });

  it('has a Linux icon set whose files are as large as their names say', () => {
    const files = readdirSync(path.join(assets, 'icons'));
    expect(files).toEqual(expect.arrayContaining(['16x16.png', '32x32.png', '48x48.png', '256x256.png', '512x512.png']));
    for (const file of files) {
      const [width, height] = file.replace('.png', '').split('x').map(Number);
      expect(pngSize(readFileSync(path.join(assets, 'icons', file))), file).toEqual({ width, height });
    }
  });

  it('has a Windows .ico with PNG entries up to 256 px', () => {
    const ico = readFileSync(path.join(assets, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const entry = 6 + 16 * i;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const { width } = pngSize(ico.subarray(offset, offset + length));
      expect(ico[entry] === 0 ? 256 : ico[entry]).toBe(width);
      sizes.push(width);
    }
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });

  it('has a macOS .icns with PNG entries up to 1024 px', () => {
    const icns = readFileSync(path.join(assets, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      pngSize(icns.subarray(offset + 8, offset + length));
      types.push(type);
      offset += length;
    }
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
  });
});
