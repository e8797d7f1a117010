import { ResolveField, Resolver } from '@nestjs/graphql';
import { AccessPolicy } from '@ypf/policy';
import { Ctx } from '../../auth/ctx.decorator.js';
import { Allow } from '../../auth/permissions.js';
import type { OfficerContext } from '../../auth/request-context.js';

/** A node publishes its effective policy read-only, so that peers see what they will get before they ask. */
@Resolver('CityNode')
export class AccessPolicyResolver {
  constructor(private readonly policy: AccessPolicy) {}

  @ResolveField('accessPolicy')
  @Allow('ANY')
  accessPolicy(@Ctx() ctx: OfficerContext) {
    const d = this.policy.document;
    return {
      city: d.city,
      version: d.version,
      effectiveFrom: d.effectiveFrom,
      description: d.description ?? null,
      contact: { city: d.city, ...d.contact },
      summaryFields: d.summaryFields,
      rules: d.rules.map((r) => ({ ...r, description: r.description ?? null, roles: r.roles ?? null })),
      assistance: d.assistance.map((r) => ({ ...r, description: r.description ?? null })),
      grantsForCaller: this.policy.grantsFor(ctx.officer.city, ctx.officer.roles),
    };
  }
}
