import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { Clock, parseInput } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type OfficerContext } from '../../auth/request-context.js';
import { ResourceCatalogueEntryEntity } from './entities/resource-catalogue-entry.entity.js';
import { catalogueEntryInputSchema, catalogueFilterSchema } from './dto/assistance.input.js';
import { AssistanceException } from './assistance.exception.js';

/** The city's shareable specialist resources (优势警务资源共享利用), searchable by every city through the gateway. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async search(rawFilter: unknown) {
    const f = parseInput(catalogueFilterSchema, rawFilter ?? {}, 'filter');
    const qb = this.db.getRepository(ResourceCatalogueEntryEntity).createQueryBuilder('c').orderBy('c.resource_type').addOrderBy('c.id');
    if (f.resourceTypes?.length) qb.andWhere('c.resource_type IN (:...types)', { types: f.resourceTypes });
    const rows = await qb.getMany();
    const at = f.availableAt ? Date.parse(f.availableAt) : null;
    return rows
      .filter((r) => at === null || r.availability.some((w) => Date.parse(w.from) <= at && at < Date.parse(w.to)))
      .map((r) => ({ ...r, city: this.config.city, updatedAt: r.updatedAt.toISOString() }));
  }

  async upsert(ctx: OfficerContext | null, raw: unknown) {
    const input = parseInput(catalogueEntryInputSchema, raw);
    const id = `${this.config.city}:${input.key}`;
    const row = {
      id,
      resourceType: input.resourceType,
      name: input.name,
      description: input.description ?? '',
      count: input.count,
      unit: input.unit,
      contact: input.contact,
      availability: input.availability ?? [],
      updatedAt: this.clock.now(),
    };
    await this.db.transaction(async (em) => {
      await em.getRepository(ResourceCatalogueEntryEntity).save(row);
      await this.audit.append(em, {
        actor: ctx ? auditActor(ctx) : { id: `${this.config.city}:system`, city: this.config.city, roles: ['SYSTEM'] },
        action: 'catalogue.upsert',
        resourceKind: 'resource_catalogue_entry',
        resourceIds: [id],
        detail: { type: row.resourceType, count: row.count },
      });
    });
    return { ...row, city: this.config.city, updatedAt: row.updatedAt.toISOString() };
  }

  async remove(ctx: OfficerContext, id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const res = await em.getRepository(ResourceCatalogueEntryEntity).delete({ id });
      if (!res.affected) throw AssistanceException.notFound(id);
      await this.audit.append(em, { actor: auditActor(ctx), action: 'catalogue.remove', resourceKind: 'resource_catalogue_entry', resourceIds: [id] });
      return true;
    });
  }
}
