import { randomBytes } from 'node:crypto';
import { isCityCode } from './cities.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time + 80 random bits, Crockford base32, sortable by creation time. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let rand = '';
  // 80 bits -> 16 base32 characters
  let acc = 0n;
  for (const b of bytes) acc = (acc << 8n) | BigInt(b);
  for (let i = 0; i < 16; i++) {
    rand = CROCKFORD[Number(acc & 31n)] + rand;
    acc >>= 5n;
  }
  return time + rand;
}

/** Ids carry their city: `taizhou:01J...`. */
export function cityScopedId(city: string, local: string = ulid()): string {
  return `${city}:${local}`;
}

const ID_PATTERN = /^([a-z]+):([0-9A-Za-z-]{1,64})$/;

export interface ParsedCityId {
  city: string;
  local: string;
}

/** Parses a city-scoped id; returns null when it is malformed or names an unknown city. */
export function parseCityScopedId(id: unknown): ParsedCityId | null {
  if (typeof id !== 'string' || id.length > 80) return null;
  const m = ID_PATTERN.exec(id);
  if (!m || !isCityCode(m[1])) return null;
  return { city: m[1], local: m[2] };
}
