import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperationStatus } from '../incident-domain.js';

/**
 * A numbered situation report (ICS-209 style). The lead city numbers them (never reusing a number) and every
 * participating city holds the same numbers, in the same order.
 */
@Entity({ name: 'operation_sitrep' })
export class OperationSitrepEntity {
  @PrimaryColumn({ name: 'operation_id', type: 'varchar', length: 80 })
  operationId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'issued_by_id', type: 'varchar', length: 120 })
  issuedById!: string;

  @Column({ name: 'issued_by_name', type: 'varchar', length: 120 })
  issuedByName!: string;

  @Column({ name: 'status_at_issue', type: 'varchar', length: 16 })
  statusAtIssue!: OperationStatus;

  @Column({ name: 'grade_at_issue', type: 'varchar', length: 8, nullable: true })
  gradeAtIssue!: string | null;

  @Column({ type: 'varchar', length: 4000 })
  situation!: string;

  @Column({ name: 'actions_taken', type: 'varchar', length: 4000 })
  actionsTaken!: string;

  @Column({ name: 'resources_deployed', type: 'varchar', length: 2000, nullable: true })
  resourcesDeployed!: string | null;

  @Column({ name: 'next_steps', type: 'varchar', length: 2000, nullable: true })
  nextSteps!: string | null;

  /** Counts as known at issue: killed, injured, missing, evacuated, arrested. */
  @Column({ type: 'jsonb', nullable: true })
  casualties!: Record<string, number> | null;
}
