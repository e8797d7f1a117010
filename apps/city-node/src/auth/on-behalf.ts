import { z } from 'zod';
import { parseInput } from '@ypf/common';
import { PURPOSE_PATTERN } from './request-context.resolver.js';
import type { NodeContext, OfficerContext } from './request-context.js';

/** The calling node's officer a node-to-node check is made for: the node vouches for its own officer, nobody else's. */
export const onBehalfOfficerSchema = z
  .object({
    sub: z.string().min(3).max(120),
    roles: z.array(z.enum(['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR'])).min(1, 'name the roles that may check (ANALYST, LIAISON_OFFICER, COORDINATOR, COMMANDER, SUPERVISOR)').max(7),
    purpose: z.string().regex(PURPOSE_PATTERN, 'must be the case reference or short reason the officer sent (3-128 characters)'),
  })
  .strict();

/** Roles an officer's check is made with at another city (oversight roles read nothing there). */
export const checkingRoles = (ctx: OfficerContext) => ctx.officer.roles.filter((r) => r !== 'AUDITOR' && r !== 'ADMIN');

/**
 * The officer context of a check another city's node makes for one of its officers: this city's policy is applied to
 * that officer's city and roles, and the check is audited under the officer's name and purpose. Throws when the
 * officer is not the calling city's own.
 */
export function officerOnBehalf(ctx: NodeContext, raw: unknown, notOwn: (city: string) => Error): OfficerContext {
  const officer = parseInput(onBehalfOfficerSchema, raw, 'officer');
  if (!officer.sub.startsWith(`${ctx.node.city}:`)) throw notOwn(ctx.node.city);
  return {
    ...ctx,
    purpose: officer.purpose,
    officer: { kind: 'officer', scope: 'city', sub: officer.sub, city: ctx.node.city, roles: officer.roles, name: officer.sub, jti: ctx.node.jti, exp: ctx.node.exp },
  };
}
