import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { WarningLevel } from '@ypf/region';
import type { IncidentGrade, IncidentType, OperationKind, OperationStatus } from '../incident-domain.js';

/**
 * A joint operation: an incident under unified command, or a joint campaign opened by the early-warning line. The lead
 * city holds the authoritative copy and replicates it to every invited city by delivery; each participant keeps a copy.
 */
@Entity({ name: 'joint_operation' })
@Index('idx_joint_operation_status', ['status', 'updatedAt'])
@Index('idx_joint_operation_source', ['sourceReference'])
export class JointOperationEntity {
  /** City-scoped id of the lead city at creation (it stays when the lead is the same city; no lead transfer). */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: OperationKind;

  @Column({ name: 'lead_city', type: 'varchar', length: 32 })
  leadCity!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** Incidents: PUBLIC_SECURITY, ACCIDENT_DISASTER, NATURAL_DISASTER, PUBLIC_HEALTH. */
  @Column({ name: 'incident_type', type: 'varchar', length: 32, nullable: true })
  incidentType!: IncidentType | null;

  /** Incidents: I–IV. */
  @Column({ type: 'varchar', length: 4, nullable: true })
  grade!: IncidentGrade | null;

  /** Campaigns: the case category and the warning level that opened (or last raised) it. */
  @Column({ type: 'varchar', length: 48, nullable: true })
  category!: string | null;

  @Column({ name: 'warning_level', type: 'varchar', length: 8, nullable: true })
  warningLevel!: WarningLevel | null;

  @Column({ type: 'varchar', length: 300 })
  location!: string;

  @Column({ name: 'affected_area', type: 'varchar', length: 500 })
  affectedArea!: string;

  @Column({ type: 'varchar', length: 4000 })
  summary!: string;

  @Column({ name: 'commander_name', type: 'varchar', length: 120 })
  commanderName!: string;

  @Column({ name: 'commander_contact', type: 'varchar', length: 120 })
  commanderContact!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OperationStatus;

  @Column({ name: 'plan_code', type: 'varchar', length: 64, nullable: true })
  planCode!: string | null;

  @Column({ name: 'after_action_review', type: 'text', nullable: true })
  afterActionReview!: string | null;

  /** Campaigns: the warning alert that opened it. */
  @Column({ name: 'source_reference', type: 'varchar', length: 120, nullable: true })
  sourceReference!: string | null;

  /** Raised by every change at the lead city; a participant applies only newer snapshots. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'last_sitrep_seq', type: 'int' })
  lastSitrepSeq!: number;

  @Column({ name: 'reported_by_id', type: 'varchar', length: 120 })
  reportedById!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
