import { Args, ResolveField, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { DataSource } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { parseInput } from '@ypf/common';
import { CITY_CODES } from '@ypf/region';
import { Ctx } from '../../auth/ctx.decorator.js';
import { AllowHome, NodeOnly } from '../../auth/permissions.js';
import { auditActor, type NodeContext, type OfficerContext } from '../../auth/request-context.js';
import { AuditPeerVerificationService } from './audit-peer-verification.service.js';
import { AuditWitnessService } from './audit-witness.service.js';

const filterSchema = z
  .object({
    actorCity: z.enum(CITY_CODES as [string, ...string[]]).nullish(),
    action: z.string().max(64).nullish(),
    resourceId: z.string().max(80).nullish(),
    crossCityOnly: z.boolean().nullish(),
    limit: z.number().int().min(1).max(500, 'is at most 500').nullish(),
    beforeSeq: z.number().int().min(1).nullish(),
  })
  .strict();

/** Oversight: "who accessed our data", "what did we disclose to whom", and the chain check. Auditors only. */
@Resolver('CityNode')
export class AuditResolver {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly peerVerification: AuditPeerVerificationService,
    private readonly witness: AuditWitnessService,
  ) {}

  @ResolveField('auditTrail')
  @AllowHome(['AUDITOR'])
  async auditTrail(@Ctx() ctx: OfficerContext, @Args('filter') rawFilter: unknown) {
    const f = parseInput(filterSchema, rawFilter ?? {}, 'filter');
    const limit = f.limit ?? 100;
    const rows = await this.audit.list(this.db.manager, {
      actorCity: f.actorCity ?? undefined,
      action: f.action ?? undefined,
      resourceId: f.resourceId ?? undefined,
      crossCityOnly: f.crossCityOnly ?? false,
      beforeSeq: f.beforeSeq ?? undefined,
      limit,
    });
    // Reading the audit trail is itself audited.
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'audit.read', detail: { count: rows.length } });
    return {
      entries: rows.map((e) => ({ ...e, at: e.at.toISOString(), actorRoles: e.actorRoles })),
      nextBeforeSeq: rows.length === limit ? rows[rows.length - 1].seq : null,
    };
  }

  @ResolveField('auditChainVerification')
  @AllowHome(['AUDITOR'])
  async auditChainVerification(@Ctx() ctx: OfficerContext) {
    const result = await this.audit.verify(this.db.manager);
    await this.audit.append(this.db.manager, {
      actor: auditActor(ctx),
      action: 'audit.verify',
      outcome: result.ok ? 'OK' : 'REFUSED',
      detail: { ok: result.ok, checked: result.checked, firstBrokenSeq: result.firstBrokenSeq },
    });
    return result;
  }

  @ResolveField('auditChainPeerVerification')
  @AllowHome(['AUDITOR'])
  auditChainPeerVerification(@Ctx() ctx: OfficerContext) {
    return this.peerVerification.verify(ctx);
  }

  @ResolveField('auditEquivocations')
  @AllowHome(['AUDITOR'])
  auditEquivocations(@Ctx() ctx: OfficerContext, @Args('city') city: unknown) {
    return this.witness.equivocations(ctx, city);
  }

  @ResolveField('auditHeadsHeld')
  @NodeOnly()
  auditHeadsHeld(@Ctx() ctx: NodeContext) {
    return this.witness.heldFor(ctx);
  }
}

/** The other cities' signed audit chain heads, received as their witness. */
@Resolver('CityMutation')
export class AuditMutationsResolver {
  constructor(private readonly witness: AuditWitnessService) {}

  @ResolveField('receiveAuditHead')
  @NodeOnly()
  receiveAuditHead(@Ctx() ctx: NodeContext, @Args('head') head: unknown) {
    return this.witness.receive(ctx, head);
  }
}
