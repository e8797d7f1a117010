import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One episode of a rule firing: opened once, raised as the level rises, resolved with hysteresis; acknowledged by the duty commander. */
@Entity({ name: 'warning_alert' })
@Index('idx_warning_alert_rule', ['ruleId', 'openedAt'])
export class WarningAlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 80 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 8 })
  level!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: string;

  @Column({ name: 'campaign_id', type: 'varchar', length: 80, nullable: true })
  campaignId!: string | null;

  @Column({ type: 'varchar', array: true })
  cities!: string[];

  /** Every level change with the value and count that caused it. */
  @Column({ type: 'jsonb' })
  history!: { at: string; level: string | null; value: number; count: number; event: string }[];

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 120, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;
}
