/**
 * Setup file of the `upstream` vitest project, run before each vendored test file: one simulator
 * per file on a loopback server, and `TEST_API_BASE_URL` pointing at it (the vendored files build
 * their client from it when they load, right after this).
 */
import { afterAll } from 'vitest';
import { setWorld } from './resolve.js';
import { createWorld } from './world.js';

const world = await createWorld();
setWorld(world);
process.env.TEST_API_BASE_URL = world.server.baseURL;

afterAll(async () => {
  await world.server.close();
});
