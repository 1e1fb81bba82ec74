/** Loads files from test/fixtures/metrics. */
import { readFileSync } from 'node:fs';

const root = new URL('../fixtures/metrics/', import.meta.url);

/** The text of a fixture file. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, root), 'utf8');
}

/** The bytes of a fixture file. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, root)));
}

/** A parsed JSON fixture. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
