import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { ROLES, type Role } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { Clock, DomainError, InputError, parseInput } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type OfficerContext } from '../../auth/request-context.js';
import { reasonSchema } from '../../core/input-schemas.js';
import { OfficerRevocations, type RevocationReason } from '../../auth/officer-revocations.js';
import { OfficerEntity } from './entities/officer.entity.js';
import { OfficerRevocationMessages } from './officer-revocation.handlers.js';
import { hashPassword } from './password.js';

/** At least 12 characters with letters and digits, and not the username: the rule every new password meets. */
export const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters')
  .refine((p) => /\p{L}/u.test(p) && /\p{N}/u.test(p), 'must contain letters and digits');

const rolesSchema = z.array(z.enum(ROLES as unknown as [Role, ...Role[]])).min(1, 'name at least one role').max(ROLES.length);

const officerInputSchema = z
  .object({
    username: z.string().trim().regex(/^[a-z][a-z0-9._-]{2,63}$/, 'must be 3-64 lower-case letters, digits, dots, dashes or underscores, starting with a letter'),
    displayName: z.string().trim().min(2, 'must be at least 2 characters').max(120),
    unit: z.string().trim().max(200).nullish(),
    roles: rolesSchema,
  })
  .strict();

const filterSchema = z
  .object({ text: z.string().trim().max(64).nullish(), role: z.enum(ROLES as unknown as [Role, ...Role[]]).nullish(), active: z.boolean().nullish() })
  .strict();

export class OfficerAdminException extends DomainError {
  static notFound(id: string) {
    return new OfficerAdminException('OFFICER_NOT_FOUND', `No officer ${id} at this node.`, { id });
  }
  static usernameTaken(username: string) {
    return new OfficerAdminException('USERNAME_TAKEN', `The username ${username} is taken at this node; choose another.`, { username });
  }
  static lastAdmin() {
    return new OfficerAdminException('LAST_ADMIN', 'This is the last active ADMIN of the city: give another officer ADMIN first.');
  }
  static roleNotHeld(roles: string[]) {
    return new OfficerAdminException('ROLE_NOT_HELD', `You may give only roles you hold yourself; you do not hold ${roles.join(', ')}. Ask an administrator who does.`, { roles });
  }
}

export interface OfficerAdminView {
  id: string;
  username: string;
  displayName: string;
  unit: string | null;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

/**
 * Officer administration at the home node (issue 24: a city without DEMO_SEED had no officers and nothing but raw SQL,
 * which skips the audit, could create one). By an ADMIN of the city only (the resolver's @AllowHome), every step audited
 * in the same transaction. An administrator gives only roles they hold, and the city always keeps an active ADMIN.
 */
@Injectable()
export class OfficerAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly revocations: OfficerRevocations,
    private readonly revocationMessages: OfficerRevocationMessages,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async list(ctx: OfficerContext, raw: unknown): Promise<OfficerAdminView[]> {
    const f = parseInput(filterSchema, raw ?? {}, 'filter');
    const qb = this.db.getRepository(OfficerEntity).createQueryBuilder('o').orderBy('o.username').take(500);
    if (f.text) qb.andWhere('(o.username ILIKE :t OR o.display_name ILIKE :t)', { t: `%${f.text.replace(/[%_\\]/g, (c) => `\\${c}`)}%` });
    if (f.role) qb.andWhere(':role = ANY(o.roles)', { role: f.role });
    if (f.active !== undefined && f.active !== null) qb.andWhere('o.active = :active', { active: f.active });
    const rows = await qb.getMany();
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), action: 'officer.list', resourceKind: 'officer', resourceIds: [], detail: { count: rows.length } });
    return rows.map(view);
  }

  /** A new officer with a one-time password (returned once, never stored in clear), to be changed at the first login. */
  async create(ctx: OfficerContext, raw: unknown): Promise<{ officer: OfficerAdminView; oneTimePassword: string }> {
    const input = parseInput(officerInputSchema, raw);
    assertMayGive(ctx, input.roles);
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const officer = await this.db.transaction(async (em) => {
      const repo = em.getRepository(OfficerEntity);
      if (await repo.exists({ where: { username: input.username } })) throw OfficerAdminException.usernameTaken(input.username);
      const row = Object.assign(new OfficerEntity(), {
        id: `${this.config.city}:${input.username}`,
        username: input.username,
        displayName: input.displayName,
        unit: input.unit ?? null,
        roles: [...new Set(input.roles)],
        passwordHash,
        active: true,
        mustChangePassword: true,
      });
      await repo.insert(row);
      await this.record(em, ctx, 'officer.create', row.id, { roles: row.roles, unit: row.unit });
      return (await repo.findOneByOrFail({ id: row.id }))!;
    });
    return { officer: view(officer), oneTimePassword };
  }

  async setRoles(ctx: OfficerContext, id: string, raw: unknown): Promise<OfficerAdminView> {
    const roles = [...new Set(parseInput(rolesSchema, raw, 'roles'))];
    return this.change(ctx, id, 'officer.roles', async (em, o) => {
      // Giving a role needs holding it; taking one away does not.
      assertMayGive(ctx, roles.filter((r) => !o.roles.includes(r)));
      if (o.roles.includes('ADMIN') && !roles.includes('ADMIN') && o.active) await this.keepAnAdmin(em, o.id);
      const before = o.roles;
      o.roles = roles;
      // A role taken away stops working at once everywhere; one given is in the next token (login or renewal).
      const withdrawn = before.some((r) => !roles.includes(r as Role)) ? await this.withdrawTokens(em, o, 'ROLE_REMOVED') : {};
      return { from: before, to: roles, ...withdrawn };
    });
  }

  /** Disables (with a reason) or re-enables an officer: a disabled officer cannot log in or renew a session. */
  async setActive(ctx: OfficerContext, id: string, active: boolean, rawReason: unknown): Promise<OfficerAdminView> {
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    return this.change(ctx, id, active ? 'officer.enable' : 'officer.disable', async (em, o) => {
      if (!active && o.active && o.roles.includes('ADMIN')) await this.keepAnAdmin(em, o.id);
      const withdrawn = !active && o.active ? await this.withdrawTokens(em, o, 'DISABLED') : {};
      o.active = active;
      return { reason, ...withdrawn };
    });
  }

  /** A new one-time password (returned once), to be changed at the next login. */
  async resetPassword(ctx: OfficerContext, id: string): Promise<{ officer: OfficerAdminView; oneTimePassword: string }> {
    const oneTimePassword = newOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const officer = await this.change(ctx, id, 'officer.password_reset', async (em, o) => {
      o.passwordHash = passwordHash;
      o.mustChangePassword = true;
      return this.withdrawTokens(em, o, 'PASSWORD_RESET');
    });
    return { officer, oneTimePassword };
  }

  private async change(ctx: OfficerContext, id: string, action: string, apply: (em: EntityManager, o: OfficerEntity) => Promise<Record<string, unknown>>): Promise<OfficerAdminView> {
    return this.db.transaction(async (em) => {
      const repo = em.getRepository(OfficerEntity);
      const o = await repo.createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
      if (!o) throw OfficerAdminException.notFound(String(id).slice(0, 80));
      const detail = await apply(em, o);
      await repo.save(o);
      await this.record(em, ctx, action, o.id, detail);
      return view(o);
    }).finally(() => this.revocations.reload());
  }

  /**
   * Every token the officer holds stops working, here and (within seconds) at every node: the officer's generation is
   * raised, recorded here and sent to each peer in the same transaction. The audit detail names the new generation.
   */
  private async withdrawTokens(em: EntityManager, o: OfficerEntity, reason: RevocationReason): Promise<{ tokensWithdrawn: RevocationReason; generation: number }> {
    o.tokenGeneration += 1;
    const revokedAt = this.clock.now();
    await this.revocationMessages.withdraw(em, o.id, o.tokenGeneration, reason, revokedAt);
    return { tokensWithdrawn: reason, generation: o.tokenGeneration };
  }

  /** Refuses when `id` is the last active ADMIN (the other admins' rows are locked, so two removals cannot race). */
  private async keepAnAdmin(em: EntityManager, id: string): Promise<void> {
    const others = await em.query(`SELECT id FROM officer WHERE active AND 'ADMIN' = ANY(roles) AND id <> $1 FOR UPDATE`, [id]);
    if (others.length === 0) throw OfficerAdminException.lastAdmin();
  }

  private record(em: EntityManager, ctx: OfficerContext, action: string, id: string, detail: Record<string, unknown>) {
    return this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action, resourceKind: 'officer', resourceIds: [id], detail });
  }
}

/** An administrator gives only roles they hold (ROLE_NOT_HELD names the others): officers' and service accounts'. */
export function assertMayGive(ctx: OfficerContext, roles: readonly string[]): void {
  const missing = roles.filter((r) => !ctx.officer.roles.includes(r as Role));
  if (missing.length) throw OfficerAdminException.roleNotHeld(missing);
}

/** 16 characters from an alphabet without look-alikes, with letters and digits (it meets passwordSchema). */
function newOneTimePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  const digits = '23456789';
  const all = letters + letters.toUpperCase() + digits;
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => all[b % all.length]);
  chars[0] = letters[bytes[0] % letters.length];
  chars[1] = digits[bytes[1] % digits.length];
  return chars.join('');
}

function view(o: OfficerEntity): OfficerAdminView {
  return {
    id: o.id,
    username: o.username,
    displayName: o.displayName,
    unit: o.unit,
    roles: o.roles,
    active: o.active,
    mustChangePassword: o.mustChangePassword,
    createdAt: o.createdAt.toISOString(),
  };
}

/** Checks a new password against the rule, naming the field. */
export function parseNewPassword(raw: unknown, field: string, username: string): string {
  const password = parseInput(passwordSchema, raw, field);
  if (password.toLowerCase().includes(username.toLowerCase())) throw new InputError(`${field}: must not contain the username`, field);
  return password;
}
