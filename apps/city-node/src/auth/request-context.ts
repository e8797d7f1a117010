import type { NodeIdentity, OfficerIdentity, Role } from '@ypf/auth';
import type { AuditActor } from '@ypf/audit';

/** Who is asking, for what, at which node: the first argument of every service method. */
export interface RequestContext {
  requestId: string;
  nodeCity: string;
  officer: OfficerIdentity | null;
  /** The calling node, for node-to-node operations (verified, replay-checked). */
  node: NodeIdentity | null;
  /** Case reference or short reason sent as X-Purpose; required for cross-city reads of personal data. */
  purpose: string | null;
  /** The caller's address (the first untrusted hop: X-Forwarded-For is believed from TRUSTED_PROXIES only). */
  source?: string;
}

/** A request context whose officer is known (after the permission guard). */
export interface OfficerContext extends RequestContext {
  officer: OfficerIdentity;
}

export const isCrossCity = (ctx: OfficerContext) => ctx.officer.city !== ctx.nodeCity;
export const hasRole = (ctx: OfficerContext, ...roles: Role[]) => roles.some((r) => ctx.officer.roles.includes(r));

export function auditActor(ctx: OfficerContext): AuditActor {
  return { id: ctx.officer.sub, city: ctx.officer.city, roles: ctx.officer.roles };
}

/** A node context (after the guard accepted a node token). */
export interface NodeContext extends RequestContext {
  node: NodeIdentity;
}

export function nodeActor(ctx: NodeContext): AuditActor {
  return peerActor(ctx.node.city);
}

/** Another city's node, as the author of what it delivered here. */
export function peerActor(city: string): AuditActor {
  return { id: `${city}:node`, city, roles: ['NODE'] };
}

/** The node itself acting (scheduled jobs, seeding). */
export function systemActor(city: string): AuditActor {
  return { id: `${city}:system`, city, roles: ['SYSTEM'] };
}
