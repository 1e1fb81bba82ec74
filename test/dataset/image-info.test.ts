import { describe, expect, it } from 'vitest';
import { readDataUrlImage } from '../../src/dataset/image-info.js';
import {
  dataUrl,
  GIF_BASE64,
  GREY_PROGRESSIVE_JPEG_BASE64,
  jpegBytes,
  pngBytes,
  toBase64,
  WEBP_BASE64,
} from '../fixtures/dataset/images.js';

describe('readDataUrlImage', () => {
  it('returns null for anything that is not a data URL', () => {
    expect(readDataUrlImage('https://example.com/cat.png')).toBeNull();
    expect(readDataUrlImage('')).toBeNull();
    expect(readDataUrlImage('file:///tmp/cat.png')).toBeNull();
  });

  it.each([
    [0, 'L'],
    [2, 'RGB'],
    [3, 'P'],
    [4, 'LA'],
    [6, 'RGBA'],
  ] as const)('reads a PNG of colour type %i as mode %s', (colorType, mode) => {
    const bytes = pngBytes({ width: 3, height: 2, colorType });
    const info = readDataUrlImage(dataUrl('image/png', bytes));
    expect(info).toEqual({
      format: 'png',
      mime: 'image/png',
      base64: true,
      bytes: bytes.length,
      width: 3,
      height: 2,
      colorMode: mode,
      problem: null,
    });
  });

  it('names 16-bit grey PNGs as Pillow does', () => {
    const info = readDataUrlImage(
      dataUrl('image/png', pngBytes({ width: 1, height: 1, colorType: 0, bitDepth: 16 })),
    );
    expect(info?.colorMode).toBe('I;16');
  });

  it.each([
    [1, 'L'],
    [3, 'RGB'],
    [4, 'CMYK'],
  ] as const)('reads a baseline JPEG with %i components as mode %s', (components, mode) => {
    const bytes = jpegBytes({ width: 16, height: 8, components });
    const info = readDataUrlImage(dataUrl('image/jpeg', bytes));
    expect(info).toMatchObject({
      format: 'jpeg',
      width: 16,
      height: 8,
      colorMode: mode,
      bytes: bytes.length,
    });
  });

  it('skips a large EXIF segment by its length to reach the JPEG frame header', () => {
    const bytes = jpegBytes({ width: 64, height: 32, exifPadding: 60_000 });
    const info = readDataUrlImage(dataUrl('image/jpeg', bytes));
    expect(info).toMatchObject({ format: 'jpeg', width: 64, height: 32, colorMode: 'RGB' });
  });

  it('reads a progressive JPEG frame header (SOF2)', () => {
    expect(readDataUrlImage(dataUrl('image/jpeg', GREY_PROGRESSIVE_JPEG_BASE64))).toMatchObject({
      format: 'jpeg',
      width: 1,
      height: 1,
      colorMode: 'L',
    });
  });

  it.each([
    ['lossy', 'RGB'],
    ['lossless', 'RGBA'], // Modernizr's lossless probe sets the alpha-is-used bit; Pillow opens it as RGBA too
    ['alpha', 'RGBA'],
  ] as const)('reads a %s WEBP as mode %s', (kind, mode) => {
    const info = readDataUrlImage(dataUrl('image/webp', WEBP_BASE64[kind]));
    expect(info).toMatchObject({ format: 'webp', width: 1, height: 1, colorMode: mode, problem: null });
  });

  it('recognises GIF by its header', () => {
    expect(readDataUrlImage(dataUrl('image/gif', GIF_BASE64))).toMatchObject({
      format: 'gif',
      width: 1,
      height: 1,
    });
  });

  it('detects the format from the bytes, not the declared media type', () => {
    const info = readDataUrlImage(dataUrl('image/png', jpegBytes({ width: 8, height: 8 })));
    expect(info).toMatchObject({ format: 'jpeg', mime: 'image/png' });
  });

  it('reports unknown bytes as format unknown', () => {
    const info = readDataUrlImage(
      dataUrl('image/png', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')),
    );
    expect(info).toMatchObject({
      format: 'unknown',
      width: null,
      height: null,
      colorMode: null,
      problem: null,
    });
  });

  it('computes the decoded size from the base64 length, padding included', () => {
    for (const length of [1, 2, 3, 4, 5, 100, 1001]) {
      const bytes = new Uint8Array(length).fill(7);
      expect(readDataUrlImage(dataUrl('image/png', bytes))?.bytes).toBe(length);
    }
  });

  it('reads the header of a 12 MB image without decoding the payload', () => {
    const header = pngBytes({ width: 4000, height: 3000, colorType: 6 });
    const bytes = new Uint8Array(12 * 1024 * 1024);
    bytes.set(header);
    const info = readDataUrlImage(dataUrl('image/png', bytes));
    expect(info).toMatchObject({
      format: 'png',
      width: 4000,
      height: 3000,
      colorMode: 'RGBA',
      bytes: 12 * 1024 * 1024,
    });
  });

  it('tolerates whitespace and line breaks inside the base64 text', () => {
    const base64 = toBase64(pngBytes({ width: 2, height: 2 }));
    const wrapped = base64.replace(/(.{20})/g, '$1\n');
    expect(readDataUrlImage(`data:image/png;base64,${wrapped}`)).toMatchObject({
      format: 'png',
      width: 2,
      problem: null,
    });
  });

  it.each([
    ['data:image/png;base64,iVBO!!w0K', /invalid base64 character "!" at character 4/],
    ['data:image/png;base64,iVBO-w0K', /'-' \(base64url\?\)/],
    ['data:image/png;base64,iV=BOw0K', /'=' padding at character 2/],
    ['data:image/png;base64,', /empty/],
    ['data:image/png;base64,iVBOR', /truncated/],
    ['data:image/png;base64', /no ','/],
  ])('explains undecodable data in %s', (url, problem) => {
    const info = readDataUrlImage(url);
    expect(info?.format).toBe('unknown');
    expect(info?.problem).toMatch(problem);
  });

  it('reads percent-encoded (non-base64) payloads', () => {
    const bytes = pngBytes({ width: 5, height: 7, colorType: 2 });
    const encoded = Array.from(bytes, (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
    expect(readDataUrlImage(`data:image/png,${encoded}`)).toMatchObject({
      format: 'png',
      base64: false,
      width: 5,
      height: 7,
      bytes: bytes.length,
    });
  });

  it('lower-cases the media type and accepts parameters before base64', () => {
    const info = readDataUrlImage(
      `data:IMAGE/PNG;name=x.png;BASE64,${toBase64(pngBytes({ width: 1, height: 1 }))}`,
    );
    expect(info).toMatchObject({ mime: 'image/png', base64: true, format: 'png' });
  });

  it('reports a truncated header as unknown dimensions, never throwing', () => {
    const truncated = pngBytes({ width: 9, height: 9 }).slice(0, 18);
    expect(readDataUrlImage(dataUrl('image/png', truncated))).toMatchObject({
      format: 'png',
      width: null,
      height: null,
    });
    const jpeg = jpegBytes({ width: 8, height: 8 }).slice(0, 30);
    expect(readDataUrlImage(dataUrl('image/jpeg', jpeg))).toMatchObject({ format: 'jpeg', width: null });
  });
});
