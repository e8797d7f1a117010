import { createHmac } from 'node:crypto';

/**
 * Keyed blind index (HMAC-SHA256 under the region's shared index key) of a normalised identifier. Cities compare
 * these, never raw values, so a hit/no-hit check discloses nothing about a miss.
 */
export class BlindIndexer {
  constructor(private readonly regionKey: Buffer) {}

  token(kind: string, normalisedValue: string): string {
    return createHmac('sha256', this.regionKey).update(`${kind}\u0000${normalisedValue}`).digest('hex');
  }
}

export const BLIND_INDEX_TOKEN_PATTERN = /^[0-9a-f]{64}$/;
