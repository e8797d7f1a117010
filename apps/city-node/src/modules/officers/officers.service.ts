import { Inject, Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ROLES, type Role, signOfficerToken } from '@ypf/auth';
import { CITY_CODES } from '@ypf/region';
import { AuditLog } from '@ypf/audit';
import { AuthError, Clock, InputError, parseInput } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { SIGNING_KEY } from '../../core/core.module.js';
import type { RequestContext } from '../../auth/request-context.js';
import { OfficerEntity } from './entities/officer.entity.js';
import { OfficerException } from './officers.exception.js';
import { LoginThrottle } from './login-throttle.js';
import { parseNewPassword } from './officer-admin.service.js';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from './password.js';

export interface OfficerProfile {
  id: string;
  city: string;
  name: string;
  roles: Role[];
  homeNode: boolean;
}

/** What login and renewSession answer (LoginResult). */
export interface SessionAnswer {
  token: string;
  homeToken: string;
  expiresAt: string;
  sessionEndsAt: string;
  idleMinutes: number;
  /** Failed attempts on the account, from any address, since its last successful login (0 on renewal). */
  failedLogins: number;
  officer: OfficerProfile;
}

const loginSchema = z.object({
  username: z.string().trim().min(1, 'is required').max(64, 'is at most 64 characters'),
  password: z.string().min(1, 'is required').max(256, 'is at most 256 characters'),
  newPassword: z.string().max(256, 'is at most 256 characters').optional(),
});


@Injectable()
export class OfficersService {
  /** Read tokens issued per session (its jti) in this process, until the session ends. */
  private readonly issued = new Map<string, { exp: number; answer: { tokens: Record<string, string>; expiresAt: string } }>();
  /** Failed logins, counted in the city's database by every process (login-throttle.ts). */
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(SIGNING_KEY) private readonly signingKey: KeyObject,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    this.throttle = new LoginThrottle(db, clock);
  }

  async login(ctx: RequestContext, args: unknown): Promise<SessionAnswer> {
    const { username, password, newPassword } = parseInput(loginSchema, args, 'login');
    const now = this.clock.now().getTime();
    const source = ctx.source ?? 'unknown';
    await this.throttle.check(username, source);

    const officer = await this.db.getRepository(OfficerEntity).findOne({ where: { username } });
    // Verify against a dummy hash when the user is unknown so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, officer?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!officer || !ok || !officer.active) {
      await this.throttle.failed(username, source);
      await this.audit.append(this.db.manager, {
        actor: { id: `${this.config.city}:anonymous`, city: this.config.city, roles: [] },
        action: 'officer.login',
        resourceKind: 'officer',
        resourceIds: officer ? [officer.id] : [],
        outcome: 'DENIED',
        detail: { username, source, requestId: ctx.requestId },
      });
      throw OfficerException.invalidCredentials();
    }
    // The password was right: a reset one must be replaced now; any may be replaced at login; a hash made with a lower
    // cost than today's is made again (the password is at hand only now).
    if (officer.mustChangePassword && newPassword === undefined) throw OfficerException.passwordChangeRequired();
    if (newPassword !== undefined) {
      const next = parseNewPassword(newPassword, 'newPassword', username);
      if (next === password) throw new InputError('newPassword: must differ from the current password', 'newPassword');
      await this.db.transaction(async (em) => {
        await em.getRepository(OfficerEntity).update({ id: officer.id }, { passwordHash: await hashPassword(next), mustChangePassword: false });
        await this.audit.append(em, { actor: { id: officer.id, city: this.config.city, roles: officer.roles }, action: 'officer.password_change', resourceKind: 'officer', resourceIds: [officer.id], detail: { afterReset: officer.mustChangePassword } });
      });
    } else if (needsRehash(officer.passwordHash)) {
      await this.db.getRepository(OfficerEntity).update({ id: officer.id }, { passwordHash: await hashPassword(password) });
    }
    const failedLogins = await this.throttle.succeeded(username, source);
    const answer = { ...this.sessionFor(officer, Math.floor(now / 1000)), failedLogins };
    await this.audit.append(this.db.manager, {
      actor: { id: officer.id, city: this.config.city, roles: answer.officer.roles },
      action: 'officer.login',
      resourceKind: 'officer',
      resourceIds: [officer.id],
      detail: { requestId: ctx.requestId, source, failedLogins },
    });
    return answer;
  }

  /**
   * New tokens for a signed-in officer who is still at work (issue 17: the console logged officers out after 15
   * minutes, mid-shift). Tokens stay short-lived; the home token of the officer's own city renews them, with the roles
   * the officer holds now (a removed role or a deactivated officer ends the session), until SESSION_MAX_HOURS after
   * the password was given. The console stops renewing after SESSION_IDLE_MINUTES without the officer's hand on it.
   */
  async renew(ctx: RequestContext): Promise<SessionAnswer> {
    const o = ctx.officer;
    if (!o || o.scope !== 'home' || o.city !== this.config.city) {
      throw AuthError.unauthenticated(`Send "Authorization: Bearer <home token>" of a ${this.config.city} officer (the homeToken login returned) to renew a session.`);
    }
    const now = Math.floor(this.clock.now().getTime() / 1000);
    // A token from before renewals existed has no auth_time: its session began at the latest when it was issued.
    const authTime = o.authTime ?? o.exp - this.config.tokenTtlSeconds;
    if (now - authTime >= this.config.sessionMaxHours * 3600) throw OfficerException.sessionEnded(`Your session began over ${this.config.sessionMaxHours} hours ago.`);
    const officer = await this.db.getRepository(OfficerEntity).findOne({ where: { id: o.sub } });
    if (!officer || !officer.active) throw OfficerException.sessionEnded('Your account is no longer active at this node.');
    const answer = this.sessionFor(officer, authTime);
    await this.audit.append(this.db.manager, {
      actor: { id: officer.id, city: this.config.city, roles: answer.officer.roles },
      action: 'officer.renew',
      resourceKind: 'officer',
      resourceIds: [officer.id],
      detail: { requestId: ctx.requestId, previous: o.jti, authTime: new Date(authTime * 1000).toISOString() },
    });
    return answer;
  }

  /** The session and home tokens of a login, or of its renewal (same `authTime`). */
  private sessionFor(officer: OfficerEntity, authTime: number): SessionAnswer {
    const roles = officer.roles as Role[];
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const sessionEnds = authTime + this.config.sessionMaxHours * 3600;
    const ttlSeconds = Math.max(1, Math.min(this.config.tokenTtlSeconds, sessionEnds - now));
    const claims = { city: this.config.city, sub: officer.id, roles, name: officer.displayName, ttlSeconds, authTime, generation: officer.tokenGeneration };
    // Two tokens: the session token is exchanged here for a read token per city (by the gateway), so no city ever
    // holds a token good at another; the home token (writes, home-only reads) never leaves home.
    return {
      token: signOfficerToken(this.signingKey, { ...claims, scope: 'session' }),
      homeToken: signOfficerToken(this.signingKey, { ...claims, scope: 'home' }),
      expiresAt: new Date((now + ttlSeconds) * 1000).toISOString(),
      sessionEndsAt: new Date(sessionEnds * 1000).toISOString(),
      idleMinutes: this.config.sessionIdleMinutes,
      failedLogins: 0,
      officer: { id: officer.id, city: this.config.city, name: officer.displayName, roles, homeNode: true },
    };
  }

  /**
   * The read token of every city for a session of one of this city's officers: each names one city as its audience
   * and ends with the session. Issued once per session (asking again returns the same set), audited.
   */
  async cityTokens(ctx: RequestContext): Promise<{ tokens: Record<string, string>; expiresAt: string }> {
    const o = ctx.officer;
    if (!o || o.scope !== 'session' || o.city !== this.config.city) {
      throw AuthError.unauthenticated(`Send "Authorization: Bearer <session token>" of a ${this.config.city} officer (the token login returns); read tokens are issued for a session only.`);
    }
    const nowS = Math.floor(this.clock.now().getTime() / 1000);
    const kept = this.issued.get(o.jti);
    if (kept && kept.exp > nowS) return kept.answer;
    const tokens = Object.fromEntries(
      CITY_CODES.map((at) => [at, signOfficerToken(this.signingKey, { city: o.city, sub: o.sub, roles: o.roles, name: o.name, ttlSeconds: o.exp - nowS, expiresAt: o.exp, scope: 'city', at, sessionId: o.jti, generation: o.generation })]),
    );
    const answer = { tokens, expiresAt: new Date(o.exp * 1000).toISOString() };
    for (const [jti, entry] of this.issued) {
      if (this.issued.size < 10_000 && entry.exp > nowS) break;
      this.issued.delete(jti);
    }
    this.issued.set(o.jti, { exp: o.exp, answer });
    await this.audit.append(this.db.manager, {
      actor: { id: o.sub, city: o.city, roles: o.roles },
      action: 'officer.city_tokens',
      resourceKind: 'officer',
      resourceIds: [o.sub],
      detail: { session: o.jti, requestId: ctx.requestId, expiresAt: answer.expiresAt },
    });
    return answer;
  }

  me(ctx: RequestContext): OfficerProfile | null {
    if (!ctx.officer) return null;
    const o = ctx.officer;
    return { id: o.sub, city: o.city, name: o.name, roles: o.roles, homeNode: o.city === this.config.city };
  }

  /** Creates or updates an officer (seeding and administration); idempotent by id. */
  async upsertOfficer(input: {
    id: string;
    username: string;
    displayName: string;
    /** A password to hash, or an already computed scrypt hash (seeding many accounts with one password). */
    password: string | { hash: string };
    roles: Role[];
    unit?: string;
  }): Promise<boolean> {
    if (!input.roles.every((r) => (ROLES as readonly string[]).includes(r))) throw new Error('unknown role');
    const passwordHash = typeof input.password === 'string' ? await hashPassword(input.password) : input.password.hash;
    return this.db.transaction(async (em) => {
    const repo = em.getRepository(OfficerEntity);
    const existing = await repo.findOne({ where: { id: input.id } });
    if (existing) return false;
    await repo.insert({
      id: input.id,
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      roles: input.roles,
      unit: input.unit ?? null,
      active: true,
    });
    await this.audit.append(em, {
      actor: { id: `${this.config.city}:system`, city: this.config.city, roles: ['SYSTEM'] },
      action: 'officer.create',
      resourceKind: 'officer',
      resourceIds: [input.id],
      detail: { username: input.username, roles: input.roles },
    });
    return true;
    });
  }

  hashPassword(password: string): Promise<string> {
    return hashPassword(password);
  }
}
