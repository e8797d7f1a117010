import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROLES } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { Clock } from '@ypf/common';
import { getCity } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { BlindIndex } from '../../core/blind-index.js';
import { systemActor } from '../../auth/request-context.js';
import { OfficersService } from '../officers/officers.service.js';
import { IntelligenceReportEntity } from '../intelligence/entities/intelligence-report.entity.js';
import { IntelligenceRepository } from '../intelligence/intelligence.repository.js';
import { DEMO_PASSWORD, demoCaseCounts, demoCatalogue, demoReports } from './demo-data.js';
import { EarlyWarningService } from '../early-warning/early-warning.service.js';
import { CatalogueService } from '../assistance/catalogue.service.js';
import { ResourceCatalogueEntryEntity } from '../assistance/entities/resource-catalogue-entry.entity.js';

export const demoOfficerId = (city: string, role: string) => `${city}:demo-${role.toLowerCase().replace(/_/g, '-')}`;
export const demoUsername = (city: string, role: string) => `${city}.${role.toLowerCase()}`;

/**
 * DEMO_SEED=true: one officer per role (plus a second supervisor, so approval by "not the author" can be shown)
 * and a few published reports. Idempotent: runs again on every start without duplicating anything.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly db: DataSource,
    private readonly officers: OfficersService,
    private readonly catalogue: CatalogueService,
    private readonly warnings: EarlyWarningService,
    private readonly audit: AuditLog,
    private readonly blind: BlindIndex,
    private readonly clock: Clock,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoSeed) return;
    const city = getCity(this.config.city);
    // One hash for every demo account (they share the published demo password): one scrypt run instead of eight.
    let demoHash: string | undefined;
    const password = async () => ({ hash: (demoHash ??= await this.officers.hashPassword(DEMO_PASSWORD)) });
    for (const role of ROLES) {
      await this.officers.upsertOfficer({
        id: demoOfficerId(city.code, role),
        username: demoUsername(city.code, role),
        displayName: `Demo ${role.toLowerCase().replace(/_/g, ' ')} (${city.nameEn} ${city.nameZh})`,
        password: await password(),
        roles: [role],
        unit: `${city.nameZh}市公安局 ${city.nameEn} PSB`,
      });
    }
    await this.officers.upsertOfficer({
      id: `${city.code}:demo-supervisor-2`,
      username: `${city.code}.supervisor2`,
      displayName: `Demo second supervisor (${city.nameEn})`,
      password: await password(),
      roles: ['SUPERVISOR'],
    });
    const now = this.clock.now();
    const review = new Date(now.getTime() + 180 * 86_400_000).toISOString().slice(0, 10);
    let created = 0;
    for (const demo of demoReports(city.code, city.nameEn)) {
      const id = `${city.code}:demo-${demo.key}`;
      await this.db.transaction(async (em) => {
        const repo = new IntelligenceRepository(em);
        if (await repo.findById(id)) return;
        const report = Object.assign(new IntelligenceReportEntity(), {
          id,
          status: 'PUBLISHED',
          title: demo.title,
          summary: demo.summary,
          body: demo.body,
          category: demo.category,
          sourceReliability: demo.sourceReliability,
          informationCredibility: demo.informationCredibility,
          tlp: demo.tlp,
          handlingConditions: demo.handlingConditions,
          scope: demo.scope,
          recipientCities: demo.recipientCities,
          reviewDate: review,
          authorId: demoOfficerId(city.code, 'ANALYST'),
          authorName: `Demo analyst (${city.nameEn})`,
          approvedById: demoOfficerId(city.code, 'SUPERVISOR'),
          returnReason: null,
          withdrawnReason: null,
          lastReviewReason: null,
          createdAt: now,
          updatedAt: now,
          submittedAt: now,
          approvedAt: now,
          publishedAt: now,
          withdrawnAt: null,
          lastReviewedAt: null,
          purgedAt: null,
        } satisfies IntelligenceReportEntity);
        await repo.save(report);
        await repo.replaceIdentifiers(
          id,
          demo.identifiers.map((i) => ({ kind: i.kind, value: i.value, blindIndex: this.blind.token(i.kind, i.value) })),
        );
        await this.audit.append(em, {
          actor: systemActor(city.code),
          action: 'seed.demo_report',
          resourceKind: 'intelligence_report',
          resourceIds: [id],
          detail: { tlp: demo.tlp, scope: demo.scope },
        });
        created += 1;
      });
    }
    if ((await this.db.getRepository(ResourceCatalogueEntryEntity).count()) === 0) {
      for (const entry of demoCatalogue(city.code, city.nameEn, now)) await this.catalogue.upsert(null, entry);
    }
    await this.warnings.seedDemo(demoCaseCounts(city.code, now));
    if (created > 0) this.logger.log(`seeded ${created} demo reports and demo officers (password "${DEMO_PASSWORD}")`);
  }
}
