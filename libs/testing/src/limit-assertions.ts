/// <reference types="jest" />
import { errorCodes, type GqlResponse } from './graphql-client.js';

/** A limit's refusal: HTTP 400, one clean error with the limit's code and numbers, no data, no stack. */
export function expectRefused(r: GqlResponse, code: string, limit: number, found?: number): void {
  expect(r.status).toBe(400);
  expect(r.data).toBeUndefined();
  expect(errorCodes(r)).toEqual([code]);
  expect(r.errors![0].message).toContain(`limit of ${limit}`);
  if (found !== undefined) expect(r.errors![0].message).toContain(`found ${found}`);
  expect(JSON.stringify(r.errors)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+/);
}

/** An operation within every limit: answered 200 without errors. */
export function expectAccepted(r: GqlResponse): void {
  expect(r.status).toBe(200);
  expect(r.errors).toBeUndefined();
}
