import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One target city's answer to a request, with its SLA clock. The requester holds one per target. */
@Entity({ name: 'assistance_answer' })
@Index('idx_assistance_answer_status', ['status'])
export class AssistanceAnswerEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 80 })
  requestId!: string;

  @PrimaryColumn({ name: 'target_city', type: 'varchar', length: 32 })
  targetCity!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason!: string | null;

  @Column({ name: 'committed_quantity', type: 'integer', nullable: true })
  committedQuantity!: number | null;

  @Column({ name: 'commitment_note', type: 'varchar', length: 1000, nullable: true })
  commitmentNote!: string | null;

  @Column({ name: 'committed_by_id', type: 'varchar', length: 80, nullable: true })
  committedById!: string | null;

  @Column({ name: 'ack_due_at', type: 'timestamptz' })
  ackDueAt!: Date;

  @Column({ name: 'answer_due_at', type: 'timestamptz' })
  answerDueAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'committed_at', type: 'timestamptz', nullable: true })
  committedAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'fulfilled_at', type: 'timestamptz', nullable: true })
  fulfilledAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'ack_escalated_at', type: 'timestamptz', nullable: true })
  ackEscalatedAt!: Date | null;

  @Column({ name: 'answer_escalated_at', type: 'timestamptz', nullable: true })
  answerEscalatedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
