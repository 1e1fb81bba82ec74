/**
 * Checks of one `image_url` content part (docs/dataset.md): URL scheme, data-URL media
 * type and base64, decoded size, real format from the header bytes, colour mode, and `detail`.
 *
 * @module
 */
import { type DataUrlImageInfo, readDataUrlImage } from '../image-info.js';
import type { ExampleScope } from './example-scope.js';
import { childPath, describeValue, formatCount, isJsonObject, ownEntry, preview } from './issue-draft.js';

/** OpenAI's per-image limit, read as binary megabytes (Together's checker uses 10 MiB too). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Images between 10 MB (decimal) and 10 MiB get a warning: which megabyte OpenAI means is unconfirmed. */
export const MAX_IMAGE_BYTES_DECIMAL = 10_000_000;

const DATA_URL_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const IMAGE_DETAILS = new Set(['auto', 'low', 'high']);
const ALLOWED_MODES = new Set(['RGB', 'RGBA']);

const MODE_NAMES: Readonly<Record<string, string>> = {
  L: 'grayscale',
  LA: 'grayscale with alpha',
  P: 'palette',
  '1': '1-bit',
  'I;16': '16-bit grayscale',
  CMYK: 'CMYK',
};

const FORMAT_NAMES: Readonly<Record<DataUrlImageInfo['format'], string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WEBP',
  gif: 'GIF',
  unknown: 'unknown',
};

/**
 * Checks one `{"type":"image_url","image_url":{…}}` part. The caller has already decided the part
 * may carry an image (a user message); this checks the image itself.
 *
 * @param part - The content part object.
 * @param path - Path of the part, e.g. `messages[1].content[2]`.
 * @param messageIndex - Index of the message.
 * @param scope - The example's scope (issues, image count).
 */
export function checkImagePart(
  part: Record<string, unknown>,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): void {
  const imagePath = childPath(path, 'image_url');
  const image = part.image_url;
  if (typeof image === 'string') {
    scope.add(
      'invalid_image_url',
      `${imagePath}: must be an object {"url": …, "detail"?: …}, not a string; wrap it as {"url": ${preview(image, 40)}}.`,
      { path: imagePath, messageIndex },
    );
    return;
  }
  if (!isJsonObject(image)) {
    scope.add(
      'invalid_image_url',
      `${imagePath}: must be an object with a 'url', got ${describeValue(image)}.`,
      {
        path: imagePath,
        messageIndex,
      },
    );
    return;
  }
  if ('detail' in image && !(typeof image.detail === 'string' && IMAGE_DETAILS.has(image.detail))) {
    const detailPath = childPath(imagePath, 'detail');
    scope.add(
      'invalid_image_url',
      `${detailPath}: must be 'auto', 'low' or 'high', got ${describeValue(image.detail)}.`,
      {
        path: detailPath,
        messageIndex,
      },
    );
  }
  const urlPath = childPath(imagePath, 'url');
  const url = image.url;
  if (typeof url !== 'string') {
    scope.add('invalid_image_url', `${urlPath}: must be a string URL, got ${describeValue(url)}.`, {
      path: urlPath,
      messageIndex,
    });
    return;
  }
  if (/^https?:\/\//i.test(url)) {
    checkRemoteUrl(url, urlPath, messageIndex, scope);
    return;
  }
  const info = readDataUrlImage(url);
  if (info === null) {
    scope.add(
      'invalid_image_url',
      `${urlPath}: must be an http(s) URL or a data:image/(jpeg|png|webp);base64 URL, got ${preview(url, 40)}.`,
      { path: urlPath, messageIndex },
    );
    return;
  }
  checkDataUrl(info, urlPath, messageIndex, scope);
}

function checkRemoteUrl(
  url: string,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): void {
  let valid = false;
  try {
    valid = new URL(url).hostname !== '';
  } catch {
    valid = false;
  }
  if (!valid) {
    scope.add('invalid_image_url', `${path}: ${preview(url, 60)} is not a valid URL.`, {
      path,
      messageIndex,
    });
    return;
  }
  scope.add(
    'image_may_be_skipped',
    `${path}: remote image ${preview(url, 60)} cannot be checked offline; the server skips images it cannot download, over 10 MB, not JPEG/PNG/WEBP, or showing people, faces, children or CAPTCHAs.`,
    { path, messageIndex },
  );
}

function checkDataUrl(
  info: DataUrlImageInfo,
  path: string,
  messageIndex: number | undefined,
  scope: ExampleScope,
): void {
  const at = { path, messageIndex };
  if (!info.base64) {
    scope.add(
      'invalid_image_url',
      `${path}: the data URL must be base64-encoded (data:${info.mime || 'image/png'};base64,…).`,
      at,
    );
    return;
  }
  if (!DATA_URL_TYPES.has(info.mime)) {
    const hint = info.mime === 'image/jpg' ? " (write 'image/jpeg')" : '';
    scope.add(
      'invalid_image_url',
      `${path}: media type ${info.mime === '' ? '(none)' : `'${info.mime}'`} is not image/jpeg, image/png or image/webp${hint}.`,
      at,
    );
  }
  if (info.problem !== null) {
    scope.add('invalid_image_url', `${path}: ${info.problem}.`, at);
    return;
  }
  if (info.bytes > MAX_IMAGE_BYTES_DECIMAL) {
    const binary = info.bytes > MAX_IMAGE_BYTES;
    scope.add(
      'image_too_large',
      `${path}: the image is ${formatCount(info.bytes)} bytes, over the 10 MB limit${binary ? '' : ' if the server counts decimal megabytes'}.`,
      binary ? at : { ...at, severity: 'warning' },
    );
  }
  if (info.format === 'unknown') {
    scope.add(
      'invalid_image_format',
      `${path}: the bytes are not a JPEG, PNG or WEBP image (no known header signature).`,
      at,
    );
    return;
  }
  const formatName = FORMAT_NAMES[info.format];
  if (info.format === 'gif') {
    scope.add('invalid_image_format', `${path}: the bytes are a GIF image; convert it to PNG or JPEG.`, at);
    return;
  }
  const declared = info.mime.startsWith('image/') ? info.mime.slice(6) : '';
  if (DATA_URL_TYPES.has(info.mime) && declared !== info.format) {
    scope.add(
      'invalid_image_format',
      `${path}: declared as ${info.mime} but the bytes are ${formatName}; fix the media type.`,
      { ...at, severity: 'warning' },
    );
  }
  if (info.width === null || info.height === null) {
    scope.add('invalid_image_format', `${path}: the ${formatName} header is truncated or corrupt.`, at);
    return;
  }
  if (info.colorMode !== null && !ALLOWED_MODES.has(info.colorMode)) {
    const name = ownEntry(MODE_NAMES, info.colorMode) ?? info.colorMode;
    scope.add(
      'invalid_image_format',
      `${path}: the ${formatName} image is in ${name} mode (${info.colorMode}); convert it to RGB or RGBA.`,
      at,
    );
  }
}
