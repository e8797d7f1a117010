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
    const shown = rows.filter((r) => at === null || r.availability.some((w) => Date.parse(w.from) <= at && at < Date.parse(w.to)));
    const committed = await this.committedAt(shown.map((r) => r.id), new Date(at ?? this.clock.now().getTime()));
    return shown.map((r) => {
      const c = committed.get(r.id) ?? 0;
      return { ...r, committed: c, available: Math.max(0, r.count - c), city: this.config.city, updatedAt: r.updatedAt.toISOString() };
    });
  }

  /**
   * How many of each entry this city has committed at `at` (issue 17: the catalogue showed 3 SWAT teams with 2 of
   * them committed): the quantities of its answers that are COMMITTED or IN_PROGRESS on requests naming the entry
   * whose period covers `at` (open-ended when the request gives no end). Fulfilling, closing or cancelling releases them.
   */
  private async committedAt(ids: string[], at: Date): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { entry: string; committed: string }[] = await this.db.query(
      `SELECT e.entry, SUM(a.committed_quantity) AS committed
         FROM assistance_request r
         JOIN assistance_answer a ON a.request_id = r.id AND a.target_city = $1
         CROSS JOIN LATERAL unnest(r.catalogue_entry_ids) AS e(entry)
        WHERE a.status IN ('COMMITTED', 'IN_PROGRESS') AND a.committed_quantity IS NOT NULL
          AND e.entry = ANY($2) AND r.starts_at <= $3 AND (r.ends_at IS NULL OR r.ends_at > $3)
        GROUP BY e.entry`,
      [this.config.city, ids, at],
    );
    return new Map(rows.map((r) => [r.entry, Number(r.committed)]));
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
    const committed = (await this.committedAt([id], row.updatedAt)).get(id) ?? 0;
    return { ...row, committed, available: Math.max(0, row.count - committed), city: this.config.city, updatedAt: row.updatedAt.toISOString() };
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
