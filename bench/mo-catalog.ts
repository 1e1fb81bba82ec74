/**
 * A reader of GNU gettext message catalogues (`.mo` files), for the CJK benchmark data: Debian ships
 * the translations of its base packages (coreutils, dpkg, apt, bash, tar, grep, …; GPL/LGPL) under
 * `/usr/share/locale/<language>/LC_MESSAGES/`, real Korean, Japanese and Chinese sentences with
 * Latin terms, options and numbers mixed in, as a support assistant's answers have them.
 *
 * The format (GNU gettext manual, "The Format of GNU MO Files"): a magic number that also gives the
 * byte order (0x950412de), a revision, the number of strings N, then the offsets of two tables of N
 * (length, offset) pairs, the original strings and their translations, each NUL-terminated. A
 * plural entry holds its forms separated by NUL; a message context precedes the original, separated
 * by U+0004. Entry 0 (empty original) is the catalogue's header.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One translated message. */
export interface CatalogueMessage {
  /** The original (English) text, without its context. */
  readonly original: string;
  /** The translation's forms (one, or one per plural form). */
  readonly translations: readonly string[];
}

const MAGIC = 0x950412de;

/**
 * Parses a `.mo` file.
 *
 * @param bytes - The file's content.
 * @returns Every message with a non-empty translation, header excluded, in file order.
 * @throws {Error} When the magic number is not a GNU MO one.
 */
export function parseMoCatalogue(bytes: Uint8Array): CatalogueMessage[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let little: boolean;
  if (view.getUint32(0, true) === MAGIC) little = true;
  else if (view.getUint32(0, false) === MAGIC) little = false;
  else throw new Error('not a GNU MO catalogue (bad magic number)');
  const count = view.getUint32(8, little);
  const originals = view.getUint32(12, little);
  const translations = view.getUint32(16, little);
  let decoder = new TextDecoder('utf-8');
  const text = (table: number, index: number) => {
    const length = view.getUint32(table + index * 8, little);
    const offset = view.getUint32(table + index * 8 + 4, little);
    return decoder.decode(bytes.subarray(offset, offset + length));
  };
  // Not every catalogue is UTF-8 (some Japanese ones are EUC-JP): the header names the charset.
  for (let index = 0; index < count; index++) {
    if (text(originals, index) !== '') continue;
    const charset = /charset=([\w-]+)/i.exec(text(translations, index))?.[1];
    if (charset) decoder = new TextDecoder(charset.toLowerCase());
    break;
  }
  const messages: CatalogueMessage[] = [];
  for (let index = 0; index < count; index++) {
    const original = text(originals, index);
    if (original === '') continue;
    const forms = text(translations, index)
      .split('\0')
      .filter((form) => form !== '');
    if (forms.length === 0) continue;
    const context = original.indexOf('\u0004');
    messages.push({
      original: (context >= 0 ? original.slice(context + 1) : original).split('\0')[0] ?? '',
      translations: forms,
    });
  }
  return messages;
}

/**
 * The catalogues read for benchmark data: those of Debian's Essential and base packages, so that
 * the data is the same on every Debian machine (coreutils, dpkg, bash, … are always installed)
 * whatever else is installed.
 */
export const BENCH_CATALOGUES = Object.freeze([
  'coreutils',
  'dpkg',
  'bash',
  'tar',
  'grep',
  'sed',
  'findutils',
  'diffutils',
  'apt',
  'libapt-pkg6.0',
]);

/** The result of {@link loadCatalogues}. */
export interface LoadedCatalogues {
  readonly messages: CatalogueMessage[];
  /** Catalogue names read, in order. */
  readonly found: string[];
  /** Catalogue names not present. */
  readonly missing: string[];
}

/**
 * Reads the benchmark catalogues of one language.
 *
 * @param language - A locale directory name (`ko`, `ja`, `zh_CN`).
 * @param root - The locale root. @default /usr/share/locale
 * @returns The messages of every catalogue found, in {@link BENCH_CATALOGUES} order.
 */
export function loadCatalogues(language: string, root = '/usr/share/locale'): LoadedCatalogues {
  const messages: CatalogueMessage[] = [];
  const found: string[] = [];
  const missing: string[] = [];
  for (const name of BENCH_CATALOGUES) {
    const path = join(root, language, 'LC_MESSAGES', `${name}.mo`);
    if (!existsSync(path)) {
      missing.push(name);
      continue;
    }
    found.push(name);
    messages.push(...parseMoCatalogue(readFileSync(path)));
  }
  return { messages, found, missing };
}
