import { AuditEntryEntity } from '@ypf/audit';
import { InboxMessageEntity, InboxStreamEntity, OutboxMessageEntity } from '@ypf/delivery';
import { SeenNodeTokenEntity } from '../auth/seen-token.entity.js';
import { NodeIdentityEntity } from './node-identity.entity.js';
import { OfficerRevocationEntity } from '../auth/officer-revocation.entity.js';
import { DisseminationEntity } from '../modules/intelligence/entities/dissemination.entity.js';
import { IntelligenceReportEntity } from '../modules/intelligence/entities/intelligence-report.entity.js';
import { ReportIdentifierEntity } from '../modules/intelligence/entities/report-identifier.entity.js';
import { OfficerEntity } from '../modules/officers/entities/officer.entity.js';
import { AssistanceRequestEntity } from '../modules/assistance/entities/assistance-request.entity.js';
import { AssistanceAnswerEntity } from '../modules/assistance/entities/assistance-answer.entity.js';
import { AssistanceEventEntity } from '../modules/assistance/entities/assistance-event.entity.js';
import { ResourceCatalogueEntryEntity } from '../modules/assistance/entities/resource-catalogue-entry.entity.js';
import { OfficerNotificationEntity } from '../core/officer-notification.entity.js';
import { NotificationMarkerEntity } from '../modules/feed/entities/notification-marker.entity.js';
import { LoginThrottleEntity } from '../modules/officers/entities/login-throttle.entity.js';
import { ServiceAccountEntity } from '../modules/officers/entities/service-account.entity.js';
import { WatchEntryEntity } from '../modules/watch/entities/watch-entry.entity.js';
import { WatchIdentifierEntity } from '../modules/watch/entities/watch-identifier.entity.js';
import { WatchEventEntity } from '../modules/watch/entities/watch-event.entity.js';
import { WatchHitEntity } from '../modules/watch/entities/watch-hit.entity.js';
import { BlindIndexStateEntity, IndexEvaluationBudgetEntity } from '../modules/identifiers/entities/index-evaluation-budget.entity.js';
import { WatchReplicaEntity, WatchReplicaEntryEntity, WatchReplicaFeedEntity, WatchReplicaPeerEntity } from '../modules/watch/entities/watch-replica.entity.js';
import { JointOperationEntity } from '../modules/incidents/entities/joint-operation.entity.js';
import { OperationParticipantEntity } from '../modules/incidents/entities/operation-participant.entity.js';
import { OperationTaskEntity } from '../modules/incidents/entities/operation-task.entity.js';
import { OperationSitrepEntity } from '../modules/incidents/entities/operation-sitrep.entity.js';
import { CaseStatisticEntity } from '../modules/early-warning/entities/case-statistic.entity.js';
import { WarningRuleEntity } from '../modules/early-warning/entities/warning-rule.entity.js';
import { WarningAlertEntity } from '../modules/early-warning/entities/warning-alert.entity.js';
import { AuditEquivocationEntity, AuditHeadCountersignatureEntity, AuditHeadEntity, WitnessedAuditHeadEntity } from '../modules/audit/entities/audit-head.entity.js';
import { OversightAlertEntity } from '../modules/oversight/entities/oversight-alert.entity.js';
import { OversightCursorEntity } from '../modules/oversight/entities/oversight-cursor.entity.js';
import { OversightPurposeShareEntity } from '../modules/oversight/entities/oversight-purpose-share.entity.js';
import { OversightUsageEntity } from '../modules/oversight/entities/oversight-usage.entity.js';

/** Every entity of the node, listed explicitly (no globs), in the order migrations were generated from. */
export const NODE_ENTITIES = [
  OfficerEntity,
  IntelligenceReportEntity,
  ReportIdentifierEntity,
  DisseminationEntity,
  AuditEntryEntity,
  SeenNodeTokenEntity,
  OutboxMessageEntity,
  InboxMessageEntity,
  InboxStreamEntity,
  AssistanceRequestEntity,
  AssistanceAnswerEntity,
  AssistanceEventEntity,
  ResourceCatalogueEntryEntity,
  OfficerNotificationEntity,
  NotificationMarkerEntity,
  LoginThrottleEntity,
  OfficerRevocationEntity,
  NodeIdentityEntity,
  ServiceAccountEntity,
  WatchEntryEntity,
  WatchIdentifierEntity,
  WatchEventEntity,
  WatchHitEntity,
  JointOperationEntity,
  OperationParticipantEntity,
  OperationTaskEntity,
  OperationSitrepEntity,
  CaseStatisticEntity,
  WarningRuleEntity,
  WarningAlertEntity,
  WatchReplicaFeedEntity,
  WatchReplicaEntity,
  WatchReplicaPeerEntity,
  WatchReplicaEntryEntity,
  IndexEvaluationBudgetEntity,
  BlindIndexStateEntity,
  AuditHeadEntity,
  AuditHeadCountersignatureEntity,
  WitnessedAuditHeadEntity,
  AuditEquivocationEntity,
  OversightUsageEntity,
  OversightPurposeShareEntity,
  OversightCursorEntity,
  OversightAlertEntity,
];
