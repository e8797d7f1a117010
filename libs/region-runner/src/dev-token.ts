import { isRole, loadPrivateKey, MAX_OFFICER_TOKEN_SECONDS, ROLES, signOfficerToken } from '@ypf/auth';
import type { Role } from '@ypf/auth';
import { CITY_CODES, isCityCode } from '@ypf/region';

export const DEV_TOKEN_DEFAULT_TTL_SECONDS = 900;

export interface IssueDevTokenInput {
  keysDir: string;
  city: string;
  role: string;
  /** Default 900, at most 3600. */
  ttlSeconds?: number;
  /**
   * 'home': writes and home-only reads at the officer's own node; 'city': reads at the node of `at` only; default
   * 'session' (the gateway exchanges it at the home node for a read token per city).
   */
  scope?: 'session' | 'city' | 'home';
  at?: string;
}

/** A bad city, role or lifetime; the message names the allowed values. */
export class DevTokenInputError extends Error {}

export function devOfficerSub(city: string, role: Role): string {
  return `${city}:demo-${role.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Mints a DEV officer token signed with the city's key from `keysDir` (tests mint in-process; the token CLI
 * wraps this). Never for production: real tokens come from each city's identity service.
 */
export function issueDevToken(input: IssueDevTokenInput): string {
  const { city, role } = input;
  if (!isCityCode(city)) throw new DevTokenInputError(`unknown city "${String(city)}"; allowed: ${CITY_CODES.join(', ')}`);
  if (!isRole(role)) throw new DevTokenInputError(`unknown role "${role}"; allowed: ${ROLES.join(', ')}`);
  if (input.scope === 'city' && !(input.at && isCityCode(input.at))) throw new DevTokenInputError(`a read token names the city it is good at (one of: ${CITY_CODES.join(', ')})`);
  const ttl = input.ttlSeconds ?? DEV_TOKEN_DEFAULT_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_OFFICER_TOKEN_SECONDS) {
    throw new DevTokenInputError(`ttl must be a whole number of seconds from 1 to ${MAX_OFFICER_TOKEN_SECONDS}, got ${ttl}`);
  }
  return signOfficerToken(loadPrivateKey(input.keysDir, city), {
    city,
    sub: devOfficerSub(city, role),
    roles: [role],
    name: `Demo ${role} (${city})`,
    ttlSeconds: ttl,
    scope: input.scope ?? 'session',
    ...(input.at ? { at: input.at } : {}),
  });
}
