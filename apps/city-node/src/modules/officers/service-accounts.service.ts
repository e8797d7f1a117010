import { Inject, Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type Role, signOfficerToken } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { Clock, DomainError, parseInput } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type OfficerContext, type RequestContext } from '../../auth/request-context.js';
import { OfficerRevocations } from '../../auth/officer-revocations.js';
import { SIGNING_KEY } from '../../core/core.module.js';
import { reasonSchema } from '../../core/input-schemas.js';
import { OfficerEntity } from './entities/officer.entity.js';
import { ServiceAccountEntity } from './entities/service-account.entity.js';
import { LoginThrottle } from './login-throttle.js';
import { assertMayGive } from './officer-admin.service.js';
import { OfficerRevocationMessages } from './officer-revocation.handlers.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.js';

/** What a machine may do: reading and filing roles; never ADMIN (no machine administers officers) nor AUDITOR. */
export const SERVICE_ACCOUNT_ROLES = ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR'] as const satisfies readonly Role[];
const MAX_LIFETIME_DAYS = 366;

const inputSchema = z
  .object({
    name: z.string().trim().regex(/^[a-z][a-z0-9-]{2,40}$/, 'must be 3-41 lower-case letters, digits or dashes, starting with a letter (e.g. suzhou-cyber-feed)'),
    ownerId: z.string().trim().min(3).max(80),
    purpose: z.string().trim().min(10, 'must say what the account is for (at least 10 characters)').max(200),
    roles: z.array(z.enum(SERVICE_ACCOUNT_ROLES, { error: () => `must be among ${SERVICE_ACCOUNT_ROLES.join(', ')} (a machine is never ADMIN or AUDITOR)` })).min(1).max(SERVICE_ACCOUNT_ROLES.length),
    expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time, e.g. 2027-06-30T00:00:00+08:00' }),
  })
  .strict();

const credentialSchema = z.object({ clientId: z.string().min(3).max(80), clientSecret: z.string().min(1).max(200) }).strict();

export class ServiceAccountException extends DomainError {
  static invalidClient() {
    return new ServiceAccountException('INVALID_CLIENT', 'Unknown client id or wrong client secret for this node. Service accounts get tokens at their own city.');
  }
  static expired(id: string, at: Date) {
    return new ServiceAccountException('SERVICE_ACCOUNT_EXPIRED', `The service account ${id} expired at ${at.toISOString()}; an ADMIN of the city can create a new one.`, { id });
  }
  static notFound(id: string) {
    return new ServiceAccountException('SERVICE_ACCOUNT_NOT_FOUND', `No service account ${id} at this node.`, { id });
  }
  static nameTaken(name: string) {
    return new ServiceAccountException('SERVICE_ACCOUNT_NAME_TAKEN', `A service account named ${name} exists at this node; choose another name.`, { name });
  }
  static badOwner(id: string) {
    return new ServiceAccountException('BAD_USER_INPUT', `ownerId: ${id} is not an active officer of this city; an account needs an officer who answers for it.`, { field: 'ownerId' });
  }
  static badExpiry(why: string) {
    return new ServiceAccountException('BAD_USER_INPUT', `expiresAt: ${why}`, { field: 'expiresAt' });
  }
}

export interface ServiceAccountView {
  id: string;
  name: string;
  ownerId: string;
  purpose: string;
  roles: string[];
  expiresAt: string;
  active: boolean;
  createdBy: string;
  createdAt: string;
  lastTokenAt: string | null;
}

export interface ServiceTokens {
  /** For the gateway (it exchanges it per city) and `POST /auth/city-tokens`. */
  accessToken: string;
  /** At the home node only (home-only reads, writes the roles allow). */
  homeToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/**
 * Service accounts (issue 24): machines that authenticate with a client credential (OAuth 2.0 client credentials, RFC
 * 6749 §4.4) exchanged for the same short-lived tokens an officer's login gives, under the account's id, roles and
 * generation. Administered by an ADMIN of the city, every step audited.
 */
@Injectable()
export class ServiceAccountsService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly revocations: OfficerRevocations,
    private readonly revocationMessages: OfficerRevocationMessages,
    @Inject(SIGNING_KEY) private readonly signingKey: KeyObject,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    this.throttle = new LoginThrottle(db, clock);
  }

  async create(ctx: OfficerContext, raw: unknown): Promise<{ account: ServiceAccountView; clientId: string; clientSecret: string }> {
    const input = parseInput(inputSchema, raw);
    assertMayGive(ctx, input.roles);
    const expiresAt = new Date(input.expiresAt);
    const now = this.clock.now();
    if (expiresAt <= now) throw ServiceAccountException.badExpiry('must be in the future');
    if (expiresAt.getTime() - now.getTime() > MAX_LIFETIME_DAYS * 86_400_000) throw ServiceAccountException.badExpiry(`must be within ${MAX_LIFETIME_DAYS} days; renew by creating a new account`);
    const clientSecret = `ypfsa_${randomBytes(32).toString('base64url')}`;
    const secretHash = await hashPassword(clientSecret);
    const account = await this.db.transaction(async (em) => {
      const owner = await em.getRepository(OfficerEntity).findOne({ where: { id: input.ownerId } });
      if (!owner?.active) throw ServiceAccountException.badOwner(input.ownerId);
      const repo = em.getRepository(ServiceAccountEntity);
      if (await repo.exists({ where: { name: input.name } })) throw ServiceAccountException.nameTaken(input.name);
      const row = Object.assign(new ServiceAccountEntity(), {
        id: `${this.config.city}:svc:${input.name}`,
        name: input.name,
        ownerId: owner.id,
        purpose: input.purpose,
        roles: [...new Set(input.roles)],
        secretHash,
        expiresAt,
        active: true,
        tokenGeneration: 0,
        createdBy: ctx.officer.sub,
        lastTokenAt: null,
      });
      await repo.insert(row);
      await this.record(em, ctx, 'service_account.create', row.id, { owner: row.ownerId, roles: row.roles, purpose: row.purpose, expiresAt: expiresAt.toISOString() });
      return repo.findOneByOrFail({ id: row.id });
    });
    return { account: view(account), clientId: account.id, clientSecret };
  }

  async list(ctx: OfficerContext): Promise<ServiceAccountView[]> {
    const rows = await this.db.getRepository(ServiceAccountEntity).find({ order: { name: 'ASC' }, take: 500 });
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), action: 'service_account.list', resourceKind: 'service_account', resourceIds: [], detail: { count: rows.length } });
    return rows.map(view);
  }

  /** Disables (its tokens withdrawn at every node at once) or re-enables an account, with a reason. */
  async setActive(ctx: OfficerContext, id: string, active: boolean, rawReason: unknown): Promise<ServiceAccountView> {
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    return this.db
      .transaction(async (em) => {
        const repo = em.getRepository(ServiceAccountEntity);
        const a = await repo.createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
        if (!a) throw ServiceAccountException.notFound(String(id).slice(0, 80));
        let withdrawn = {};
        if (!active && a.active) {
          a.tokenGeneration += 1;
          const at = this.clock.now();
          await this.revocationMessages.withdraw(em, a.id, a.tokenGeneration, 'DISABLED', at);
          withdrawn = { tokensWithdrawn: 'DISABLED', generation: a.tokenGeneration };
        }
        a.active = active;
        await repo.save(a);
        await this.record(em, ctx, active ? 'service_account.enable' : 'service_account.disable', a.id, { reason, ...withdrawn });
        return view(a);
      })
      .finally(() => this.revocations.reload());
  }

  /** The client credentials grant: tokens for an active, unexpired account whose secret matches; throttled like logins. */
  async exchange(ctx: RequestContext, raw: unknown): Promise<ServiceTokens> {
    const { clientId, clientSecret } = parseInput(credentialSchema, raw, 'credentials');
    const source = ctx.source ?? 'unknown';
    await this.throttle.check(clientId, source);
    const account = await this.db.getRepository(ServiceAccountEntity).findOne({ where: { id: clientId } });
    const ok = await verifyPassword(clientSecret, account?.secretHash ?? DUMMY_PASSWORD_HASH);
    const now = this.clock.now();
    const deny = async (why: string) => {
      await this.throttle.failed(clientId, source);
      await this.audit.append(this.db.manager, {
        actor: { id: `${this.config.city}:anonymous`, city: this.config.city, roles: [] },
        action: 'service_account.token',
        resourceKind: 'service_account',
        resourceIds: account ? [account.id] : [],
        outcome: 'DENIED',
        detail: { clientId: clientId.slice(0, 80), source, why, requestId: ctx.requestId },
      });
    };
    if (!account || !ok || !account.active) {
      await deny(!account ? 'unknown' : !ok ? 'secret' : 'disabled');
      throw ServiceAccountException.invalidClient();
    }
    if (account.expiresAt <= now) {
      await deny('expired');
      throw ServiceAccountException.expired(account.id, account.expiresAt);
    }
    await this.throttle.succeeded(clientId, source);
    const nowS = Math.floor(now.getTime() / 1000);
    // Never beyond the account's own end.
    const ttlSeconds = Math.max(1, Math.min(this.config.tokenTtlSeconds, Math.floor(account.expiresAt.getTime() / 1000) - nowS));
    const claims = { city: this.config.city, sub: account.id, roles: account.roles as Role[], name: `Service account ${account.name}`, ttlSeconds, authTime: nowS, generation: account.tokenGeneration };
    const tokens: ServiceTokens = {
      accessToken: signOfficerToken(this.signingKey, { ...claims, scope: 'session' }),
      homeToken: signOfficerToken(this.signingKey, { ...claims, scope: 'home' }),
      tokenType: 'Bearer',
      expiresIn: ttlSeconds,
    };
    await this.db.getRepository(ServiceAccountEntity).update({ id: account.id }, { lastTokenAt: now });
    await this.audit.append(this.db.manager, {
      actor: { id: account.id, city: this.config.city, roles: account.roles },
      action: 'service_account.token',
      resourceKind: 'service_account',
      resourceIds: [account.id],
      detail: { source, requestId: ctx.requestId, expiresIn: ttlSeconds },
    });
    return tokens;
  }

  private record(em: DataSource['manager'], ctx: OfficerContext, action: string, id: string, detail: Record<string, unknown>) {
    return this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action, resourceKind: 'service_account', resourceIds: [id], detail });
  }
}

function view(a: ServiceAccountEntity): ServiceAccountView {
  return {
    id: a.id,
    name: a.name,
    ownerId: a.ownerId,
    purpose: a.purpose,
    roles: a.roles,
    expiresAt: a.expiresAt.toISOString(),
    active: a.active,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    lastTokenAt: a.lastTokenAt ? a.lastTokenAt.toISOString() : null,
  };
}
