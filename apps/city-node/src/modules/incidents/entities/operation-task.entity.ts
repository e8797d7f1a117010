import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskStatus } from '../incident-domain.js';

/** A task of a joint operation, assigned to a city (and a unit within it), with status and due time. */
@Entity({ name: 'operation_task' })
@Index('idx_operation_task_operation', ['operationId', 'city'])
export class OperationTaskEntity {
  /** City-scoped id of the lead city. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'operation_id', type: 'varchar', length: 80 })
  operationId!: string;

  @Column({ type: 'varchar', length: 32 })
  city!: string;

  @Column({ type: 'varchar', length: 120 })
  unit!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 2000 })
  description!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: TaskStatus;

  /** A checkpoint of a 关城门 plan: the board tracks each city's acknowledgement. */
  @Column({ type: 'boolean', default: false })
  checkpoint!: boolean;

  @Column({ name: 'plan_code', type: 'varchar', length: 64, nullable: true })
  planCode!: string | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 120, nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
