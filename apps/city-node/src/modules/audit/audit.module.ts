import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { MAINTENANCE_QUEUE, MaintenanceTasks } from '../../jobs/maintenance.js';
import { scheduledJob } from '../../jobs/scheduled-job.js';
import { AuditMutationsResolver, AuditResolver } from './audit.resolver.js';
import { AuditHeadPublisher } from './audit-head.publisher.js';
import { AuditPeerVerificationService } from './audit-peer-verification.service.js';
import { AuditWitnessService } from './audit-witness.service.js';

/** Signs this city's audit chain head if the chain grew, and sends it to every city that has not countersigned it. */
export const AUDIT_HEAD_PUBLISH_JOB = 'audit.head.publish';
const HeadScheduler = scheduledJob(MAINTENANCE_QUEUE, 'audit-head-publish', AUDIT_HEAD_PUBLISH_JOB, (c) => c.auditHeadPublishMs, { removeOnComplete: 10, removeOnFail: 50 });

@Injectable()
class AuditMaintenance implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly publisher: AuditHeadPublisher,
  ) {}

  onModuleInit(): void {
    this.tasks.register(AUDIT_HEAD_PUBLISH_JOB, () => this.publisher.publish());
  }
}

/** Oversight of the audit log, and the signed chain heads the cities keep and countersign for each other. */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [AuditResolver, AuditMutationsResolver, AuditWitnessService, AuditHeadPublisher, AuditPeerVerificationService, AuditMaintenance, HeadScheduler],
  exports: [AuditHeadPublisher],
})
export class AuditModule {}
