import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCity } from '@ypf/region';
import type { Role } from '@ypf/auth';
import { describeZodError } from '@ypf/common';
import { ACCESS_LEVELS, type AccessLevel, type AssistanceKind, type PolicyDocument, policyDocumentSchema, type PolicyResource, type PolicyRule, type Tlp, TLP_LEVELS } from './policy.schema.js';

export type PublicationScope = 'OWN_CITY' | 'CITIES' | 'REGION';

export interface AccessRequest {
  resource: PolicyResource;
  tlp: Tlp;
  requesterCity: string;
  requesterRoles: readonly Role[];
  /** Where the owner published the record. */
  scope: PublicationScope;
  /** Cities the record names as recipients (scope CITIES). */
  recipientCities: readonly string[];
}

export class PolicyError extends Error {}

/**
 * The most a city may get of a record whatever the policy's rules say: nothing of an OWN_CITY record, at most HIT_ONLY
 * of a CITIES record it is not a recipient of, and nothing of a TLP RED record it is not a recipient of (TLP 2.0: RED
 * is for the named recipients only, so not even "it exists, ask us").
 */
export function scopeCap(scope: PublicationScope, tlp: Tlp, isRecipient: boolean): AccessLevel {
  if (scope === 'OWN_CITY') return 'NONE';
  if (tlp === 'RED' && !isRecipient) return 'NONE';
  if (scope === 'CITIES' && !isRecipient) return 'HIT_ONLY';
  return 'FULL';
}

export function minLevel(a: AccessLevel, b: AccessLevel): AccessLevel {
  return ACCESS_LEVELS.indexOf(a) <= ACCESS_LEVELS.indexOf(b) ? a : b;
}

export function levelAtLeast(level: AccessLevel, floor: AccessLevel): boolean {
  return ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf(floor);
}

/**
 * A city's validated access policy, evaluated by the data-owning node for every request from another city.
 * First matching rule wins; no match means NONE (deny by default). The publication scope caps the result:
 * OWN_CITY never leaves the city, CITIES gives non-recipients at most HIT_ONLY, and TLP RED gives them NONE whatever
 * the rules say (the schema already refuses a rule that would grant it; this holds even for a policy built otherwise).
 */
export class AccessPolicy {
  readonly hash: string;

  private constructor(readonly document: PolicyDocument) {
    this.hash = createHash('sha256').update(JSON.stringify(document)).digest('hex');
  }

  static parse(raw: unknown, expectedCity: string, source = 'policy'): AccessPolicy {
    const result = policyDocumentSchema.safeParse(raw);
    if (!result.success) {
      throw new PolicyError(`Invalid access policy ${source}:\n${describeZodError(result.error)}`);
    }
    if (result.data.city !== expectedCity) {
      throw new PolicyError(`Invalid access policy ${source}: it is for "${result.data.city}", but this node is "${expectedCity}".`);
    }
    return new AccessPolicy(result.data);
  }

  static loadFromDirectory(dir: string, city: string): AccessPolicy {
    const file = join(dir, `${city}.json`);
    if (!existsSync(file)) throw new PolicyError(`Access policy file ${file} not found (POLICY_DIR=${dir}).`);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new PolicyError(`Access policy ${file} is not valid JSON: ${(e as Error).message}`);
    }
    return AccessPolicy.parse(raw, city, file);
  }

  get city(): string {
    return this.document.city;
  }

  evaluate(req: AccessRequest): { level: AccessLevel; rule?: PolicyRule } {
    if (req.requesterCity === this.city) return { level: 'FULL' };
    const isRecipient = req.recipientCities.includes(req.requesterCity);
    const cap = scopeCap(req.scope, req.tlp, isRecipient);
    if (cap === 'NONE') return { level: 'NONE' };
    const rule = this.document.rules.find((r) => this.matches(r, req, isRecipient));
    if (!rule) return { level: 'NONE' };
    return { level: minLevel(rule.level, cap), rule };
  }

  /** Whether `requesterCity` may file an assistance request of this kind with this city. */
  acceptsAssistance(requesterCity: string, kind: AssistanceKind): boolean {
    if (requesterCity === this.city) return false;
    return this.document.assistance.some(
      (rule) =>
        rule.kinds.includes(kind) &&
        rule.cities.some((c) => c === '*' || c === requesterCity || (c === '@neighbours' && getCity(this.city).neighbours.includes(requesterCity))),
    );
  }

  /**
   * What an officer of `requesterCity` sees of a watch entry this city leads: participants by role (the watch section),
   * everybody else nothing (a hit/no-hit check still tells them what to do and whom to contact).
   */
  watchLevel(requesterCity: string, roles: readonly Role[], participatingCities: readonly string[]): AccessLevel {
    if (requesterCity !== this.city && !participatingCities.includes(requesterCity)) return 'NONE';
    if (roles.some((r) => this.document.watch.participantFull.includes(r))) return 'FULL';
    if (roles.some((r) => this.document.watch.participantSummary.includes(r))) return 'SUMMARY';
    return 'NONE';
  }

  /** What a city gets for each TLP of a REGION-scoped record when it is not a named recipient. */
  grantsFor(requesterCity: string, roles: readonly Role[]): { tlp: Tlp; level: AccessLevel }[] {
    return TLP_LEVELS.map((tlp) => ({
      tlp,
      level: this.evaluate({ resource: 'intelligence', tlp, requesterCity, requesterRoles: roles, scope: 'REGION', recipientCities: [] }).level,
    }));
  }

  private matches(rule: PolicyRule, req: AccessRequest, isRecipient: boolean): boolean {
    if (rule.resource !== req.resource || !rule.tlp.includes(req.tlp)) return false;
    if (rule.roles && !rule.roles.some((r) => req.requesterRoles.includes(r))) return false;
    return rule.cities.some((selector) => {
      switch (selector) {
        case '*':
          return true;
        case '@recipients':
          return isRecipient;
        case '@neighbours':
          return getCity(this.city).neighbours.includes(req.requesterCity);
        default:
          return selector === req.requesterCity;
      }
    });
  }
}

/**
 * The published policies of every city, as this node knows them (POLICY_DIR holds all eight). Used to refuse at once,
 * with a clear error, a request that the target city's policy would refuse; the target re-checks with its own policy.
 */
export class RegionPolicies {
  private constructor(private readonly byCity: ReadonlyMap<string, AccessPolicy>) {}

  static loadFromDirectory(dir: string, cities: readonly string[]): RegionPolicies {
    return new RegionPolicies(new Map(cities.map((c) => [c, AccessPolicy.loadFromDirectory(dir, c)])));
  }

  of(city: string): AccessPolicy {
    const p = this.byCity.get(city);
    if (!p) throw new PolicyError(`no published policy for ${city}`);
    return p;
  }
}
