/** Loads files from test/fixtures/job. */
import { readFileSync } from 'node:fs';

const root = new URL('../../fixtures/job/', import.meta.url);

/** A parsed JSON fixture. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T;
}
