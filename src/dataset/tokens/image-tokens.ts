/**
 * Tokens of one image content part (docs/internals/dataset-rules.md#images, gpt-4o family tiling). The billing
 * treatment of images in fine-tuning is unconfirmed; counts are estimates.
 *
 * @module
 */
import { readDataUrlImage } from '../image-info.js';

/** Tokens of a `detail: "low"` image (the vision fine-tuning guide: 512×512, 85 tokens). */
export const LOW_DETAIL_IMAGE_TOKENS = 85;

/**
 * Tokens of a high-detail image of a given size: fit inside 2048×2048 (keeping the aspect ratio),
 * scale down so the shortest side is 768 px, then `85 + 170 × tiles` with 512 px tiles.
 *
 * @param width - Width in pixels (> 0).
 * @param height - Height in pixels (> 0).
 * @returns The token count.
 * @example
 * ```ts
 * highDetailImageTokens(1024, 1024); // 765 (768×768 → 4 tiles)
 * ```
 */
export function highDetailImageTokens(width: number, height: number): number {
  let w = width;
  let h = height;
  if (w > 2048 || h > 2048) {
    const scale = 2048 / Math.max(w, h);
    w = Math.floor(w * scale);
    h = Math.floor(h * scale);
  }
  if (Math.min(w, h) > 768) {
    const scale = 768 / Math.min(w, h);
    w = Math.floor(w * scale);
    h = Math.floor(h * scale);
  }
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/**
 * Tokens of an `image_url` content part. `low` → 85; `high` and `auto` (and no detail) → from the
 * pixel size when the URL is a readable data URL, else `unmeasurable` (remote URLs cannot be measured
 * offline). Never throws.
 *
 * @param part - The content part (`{ type: 'image_url', image_url: { url, detail } }`), any value.
 * @param unmeasurable - Tokens for an image whose size is unknown. @default 0
 * @returns The token count.
 */
export function countImagePartTokens(part: unknown, unmeasurable = 0): number {
  if (typeof part !== 'object' || part === null) return 0;
  const imageUrl = (part as { image_url?: unknown }).image_url;
  const image =
    typeof imageUrl === 'object' && imageUrl !== null ? (imageUrl as Record<string, unknown>) : null;
  const url = typeof imageUrl === 'string' ? imageUrl : typeof image?.url === 'string' ? image.url : null;
  if (image?.detail === 'low') return LOW_DETAIL_IMAGE_TOKENS;
  if (url === null || !url.startsWith('data:')) return unmeasurable;
  const info = readDataUrlImage(url);
  if (!info || info.width === null || info.height === null || info.width <= 0 || info.height <= 0)
    return unmeasurable;
  return highDetailImageTokens(info.width, info.height);
}
