import { createECDH, createHash, createHmac, ECDH, randomBytes } from 'node:crypto';

/**
 * Blind indexes under each city's own key, computed as an oblivious PRF (2HashDH over P-256, the construction RFC 9497
 * standardises): a city's index of an identifier is
 *
 *     F_C(kind, value) = SHA-256("ypf-index-v1" ‖ C ‖ kind ‖ value ‖ x(k_C · H(kind, value)))
 *
 * where k_C is city C's secret index key and H hashes onto the curve. Only C can compute F_C; another city obtains
 * F_C(x) for an identifier x it holds by asking C to evaluate a *blinded* point r·H(x) (C learns nothing about x, the
 * asker unblinds with r⁻¹), one online, rate-limited and audited evaluation per identifier. So no node can test guesses
 * against another city's indexes offline: the copies of other cities' indexes a node holds are useless without them.
 *
 * Points travel as their x-coordinate only: x(k·P) = x(k·(−P)), so the sign lost with the y-coordinate changes nothing,
 * and Node's native ECDH (OpenSSL, constant-time, validating that the point is on the curve) does each multiplication.
 * The library @noble/curves has RFC 9497 itself, but its scalar multiplication in JavaScript costs 1-3 ms; a
 * region-wide check of ten identifiers needs some eighty, natively 0.1 ms each.
 */

const CURVE = 'prime256v1';
/** The order of P-256's group. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** An evaluated or blinded point on the wire: its x-coordinate, 64 hex characters. */
export const INDEX_ELEMENT_PATTERN = /^[0-9a-f]{64}$/;
export const BLIND_INDEX_TOKEN_PATTERN = /^[0-9a-f]{64}$/;

const toHex = (n: bigint) => n.toString(16).padStart(64, '0');
const compressed = (x: Buffer) => Buffer.concat([Buffer.from([0x02]), x]);

/** H(kind, value): a point of unknown discrete logarithm (try-and-increment on the x-coordinate). */
export function hashToCurve(kind: string, value: string): Buffer {
  for (let counter = 0; counter < 256; counter++) {
    const x = createHash('sha256').update('ypf-h2c-v1').update(Buffer.from([counter])).update(kind).update('\u0000').update(value).digest();
    try {
      // Throws unless x is the x-coordinate of a point on the curve (about half of all values are).
      ECDH.convertKey(compressed(x), CURVE, undefined, undefined, 'compressed');
      return compressed(x);
    } catch {
      // next counter
    }
  }
  throw new Error('no curve point for this identifier'); // 2^-256: never
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

/** x(k · P) for the point whose x-coordinate is `x` (hex), with `ecdh` holding k. */
function multiply(ecdh: ECDH, x: string): Buffer {
  return ecdh.computeSecret(compressed(Buffer.from(x, 'hex')));
}

function finalHash(city: string, kind: string, value: string, evaluatedX: Buffer): string {
  return createHash('sha256').update('ypf-index-v1').update('\u0000').update(city).update('\u0000').update(kind).update('\u0000').update(value).update('\u0000').update(evaluatedX).digest('hex');
}

/** A city's index key: its own indexes, and evaluations of blinded points for other cities. */
export class BlindIndex {
  private readonly ecdh: ECDH;

  constructor(
    key: Buffer,
    readonly city: string,
  ) {
    const k = BigInt(`0x${key.subarray(0, 32).toString('hex')}`) % N;
    if (k === 0n) throw new Error('the index key must not be zero');
    this.ecdh = createECDH(CURVE);
    this.ecdh.setPrivateKey(Buffer.from(toHex(k), 'hex'));
    // Names the key without revealing it: changes when the key is rotated (then every index is computed again).
    this.fingerprint = createHmac('sha256', key).update('ypf-index-key-fingerprint').digest('hex').slice(0, 32);
  }

  readonly fingerprint: string;

  /** This city's own index of an identifier (normalised value). */
  token(kind: string, value: string): string {
    return finalHash(this.city, kind, value, this.ecdh.computeSecret(hashToCurve(kind, value)));
  }

  /**
   * k · P for each blinded point another city sent (x-coordinates, hex). Throws IndexElementError for a value that is
   * not the x-coordinate of a point on the curve.
   */
  evaluate(elements: readonly string[]): string[] {
    return elements.map((x, i) => {
      if (!INDEX_ELEMENT_PATTERN.test(x)) throw new IndexElementError(i, 'must be 64 hex characters');
      try {
        return multiply(this.ecdh, x).toString('hex');
      } catch {
        throw new IndexElementError(i, 'is not a point of the curve');
      }
    });
  }
}

export class IndexElementError extends Error {
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`elements[${index}] ${reason}`);
  }
}

export interface BlindedIdentifiers {
  /** What is sent to the evaluating city: r · H(identifier), one per identifier, in order. */
  elements: string[];
  /** The evaluating city's indexes of the identifiers, from its evaluations of `elements`. */
  finalize(city: string, evaluated: readonly string[]): string[];
}

/**
 * Blinds identifiers once for a check (one random r for all of them and every city asked): a city that evaluates the
 * points learns nothing about the identifiers, and the points of two checks cannot be linked.
 */
export function blindIdentifiers(identifiers: readonly { kind: string; value: string }[]): BlindedIdentifiers {
  let r = 0n;
  while (r === 0n) r = BigInt(`0x${randomBytes(32).toString('hex')}`) % N;
  const blind = createECDH(CURVE);
  blind.setPrivateKey(Buffer.from(toHex(r), 'hex'));
  const unblind = createECDH(CURVE);
  unblind.setPrivateKey(Buffer.from(toHex(modPow(r, N - 2n, N)), 'hex'));
  const elements = identifiers.map((i) => blind.computeSecret(hashToCurve(i.kind, i.value)).toString('hex'));
  return {
    elements,
    finalize(city, evaluated) {
      if (evaluated.length !== identifiers.length) throw new IndexElementError(evaluated.length, `answers ${evaluated.length} evaluations for ${identifiers.length} identifiers`);
      return evaluated.map((z, i) => {
        if (!INDEX_ELEMENT_PATTERN.test(z)) throw new IndexElementError(i, 'is not an evaluation (64 hex characters)');
        let point: Buffer;
        try {
          point = multiply(unblind, z);
        } catch {
          throw new IndexElementError(i, 'is not a point of the curve');
        }
        return finalHash(city, identifiers[i].kind, identifiers[i].value, point);
      });
    },
  };
}
