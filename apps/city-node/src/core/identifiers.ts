import { z } from 'zod';
import { IDENTIFIER_KINDS, type IdentifierKind } from '@ypf/region';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Check character of an 18-digit resident identity number (GB 11643, ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

type Normaliser = (raw: string) => string | { error: string };

/**
 * One normal form per kind, so that the same identifier written differently ("+86 138-0000-0000",
 * "13800000000") produces the same blind index in every city.
 */
const normalisers: Record<IdentifierKind, Normaliser> = {
  PERSON_ID: (raw) => {
    const v = raw.replace(/\s/g, '').toUpperCase();
    if (!/^\d{17}[\dX]$/.test(v)) return { error: 'must be an 18-character resident identity number (17 digits and a check digit or X)' };
    if (residentIdCheckChar(v.slice(0, 17)) !== v[17]) return { error: 'has a wrong check digit' };
    return v;
  },
  PASSPORT: (raw) => {
    const v = raw.replace(/\s/g, '').toUpperCase();
    return /^[A-Z0-9]{5,20}$/.test(v) ? v : { error: 'must be 5-20 letters or digits' };
  },
  PHONE: (raw) => {
    let v = raw.replace(/[\s\-().]/g, '');
    v = v.replace(/^(\+86|0086)/, '');
    return /^1\d{10}$/.test(v) || /^0\d{9,11}$/.test(v) ? v : { error: 'must be a mainland mobile (11 digits starting with 1) or a landline with area code' };
  },
  VEHICLE_PLATE: (raw) => {
    const v = raw.replace(/[\s.\-·]/g, '').toUpperCase();
    return /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/.test(v) ? v : { error: 'must be a plate such as 苏M12345 (province character, letter, 5-6 letters or digits)' };
  },
  EMAIL: (raw) => {
    const v = raw.trim().toLowerCase();
    return /^[^\s@]{1,64}@[^\s@]{1,190}\.[a-z]{2,}$/.test(v) ? v : { error: 'must be an e-mail address' };
  },
  BANK_ACCOUNT: (raw) => {
    const v = raw.replace(/[\s-]/g, '');
    return /^\d{12,19}$/.test(v) ? v : { error: 'must be 12-19 digits' };
  },
  IMEI: (raw) => {
    const v = raw.replace(/[\s-]/g, '');
    return /^\d{15}$/.test(v) ? v : { error: 'must be 15 digits' };
  },
  SOCIAL_ACCOUNT: (raw) => {
    const v = raw.trim().toLowerCase();
    return v.length >= 2 && v.length <= 64 && !/\s/.test(v) ? v : { error: 'must be 2-64 characters without spaces' };
  },
};

export function normaliseIdentifier(kind: IdentifierKind, raw: string): string | { error: string } {
  if (typeof raw !== 'string' || raw.length > 128) return { error: 'must be a string of at most 128 characters' };
  return normalisers[kind](raw);
}

export const MAX_IDENTIFIERS = 50;

/** An identifier as input: its kind and value, normalised (or refused with what is wrong with it). */
export const identifierInputSchema = z
  .object({ kind: z.enum(IDENTIFIER_KINDS), value: z.string() })
  .transform((v, ctx) => {
    const n = normaliseIdentifier(v.kind, v.value);
    if (typeof n !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${v.kind} ${n.error}` });
      return z.NEVER;
    }
    return { kind: v.kind, value: n };
  });

export const identifierListSchema = z.array(identifierInputSchema).max(MAX_IDENTIFIERS, `at most ${MAX_IDENTIFIERS} identifiers per request`);

export function dedupeIdentifiers(list: { kind: IdentifierKind; value: string }[]) {
  const seen = new Set<string>();
  return list.filter((i) => {
    const k = `${i.kind}:${i.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
