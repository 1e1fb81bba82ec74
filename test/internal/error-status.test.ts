import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../src/internal/error-status.js';
import * as jobEntry from '../../src/job/index.js';

describe('errorStatus', () => {
  it('reads a numeric status from anything shaped like the SDK’s APIError', () => {
    expect(errorStatus(Object.assign(new Error('404 Not found'), { status: 404 }))).toBe(404);
    expect(errorStatus({ status: 429 })).toBe(429);
  });

  it('is undefined without a response, for non-numeric statuses and for non-objects', () => {
    expect(errorStatus(new TypeError('fetch failed'))).toBeUndefined();
    expect(errorStatus({ status: '500' })).toBeUndefined();
    for (const value of [null, undefined, 404, 'error']) expect(errorStatus(value)).toBeUndefined();
  });

  it('is plumbing: finetune-kit/job does not export it', () => {
    expect(Object.keys(jobEntry)).not.toContain('errorStatus');
  });
});
