import { Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog, AuditEntryEntity } from '@ypf/audit';
import { AccessPolicy } from '@ypf/policy';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { systemActor } from '../../auth/request-context.js';
import { AccessPolicyResolver } from './access-policy.resolver.js';

/** Records in the audit log every time the node starts with a policy it has not run before. */
@Module({ providers: [AccessPolicyResolver] })
export class AccessPolicyModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('AccessPolicy');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly policy: AccessPolicy,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(72000102)');
      const last = await em
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('a')
        .where("a.action = 'policy.activated'")
        .orderBy('a.seq', 'DESC')
        .getOne();
      const lastHash = last?.detail ? (JSON.parse(last.detail) as { hash?: string }).hash : undefined;
      if (lastHash === this.policy.hash) return;
      await this.audit.append(em, {
        actor: systemActor(this.config.city),
        action: 'policy.activated',
        resourceKind: 'access_policy',
        resourceIds: [`${this.config.city}:policy-v${this.policy.document.version}`],
        detail: { version: this.policy.document.version, hash: this.policy.hash, previousHash: lastHash ?? null },
      });
      this.logger.log(`access policy v${this.policy.document.version} activated (${this.policy.hash.slice(0, 12)})`);
    });
  }
}
