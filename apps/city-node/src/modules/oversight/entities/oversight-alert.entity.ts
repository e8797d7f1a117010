import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OversightAlertKind = 'VOLUME' | 'PURPOSE_SPREAD';
export type OversightMetric = 'READS' | 'CHECKS';

export interface PurposeCount {
  purpose: string;
  count: number;
}

export interface CityCount {
  city: string;
  count: number;
}

/**
 * A possible misuse for the auditors: an officer far above their baseline at a data owner (VOLUME, raised by the
 * owner), or one purpose reused across cities at volume (PURPOSE_SPREAD, raised by the officer's home city). Both
 * cities keep a copy under the raiser's id; each city's auditors acknowledge their own. Counts, purposes and the
 * officer's id only: never what was read.
 */
@Entity({ name: 'oversight_alert' })
@Index('idx_oversight_alert_raised', ['raisedAt'])
@Index('idx_oversight_alert_dedupe', ['dedupeKey'], { unique: true })
export class OversightAlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  /** sha256 of what makes the alert one (raiser, kind, metric, officer, window, purpose): a scan run twice raises it once. */
  @Column({ name: 'dedupe_key', type: 'char', length: 64 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: OversightAlertKind;

  @Column({ type: 'varchar', length: 8, nullable: true })
  metric!: OversightMetric | null;

  @Column({ name: 'officer_id', type: 'varchar', length: 100 })
  officerId!: string;

  @Column({ name: 'officer_city', type: 'varchar', length: 32 })
  officerCity!: string;

  @Column({ name: 'raised_by', type: 'varchar', length: 32 })
  raisedBy!: string;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz' })
  windowEnd!: Date;

  @Column({ type: 'int' })
  count!: number;

  /** VOLUME: the officer's typical window when raised. */
  @Column({ type: 'double precision', nullable: true })
  baseline!: number | null;

  @Column({ type: 'int' })
  threshold!: number;

  /** VOLUME: busy windows the baseline came from (below the minimum: the floor was used). */
  @Column({ name: 'history_windows', type: 'int', nullable: true })
  historyWindows!: number | null;

  @Column({ type: 'jsonb' })
  purposes!: PurposeCount[];

  @Column({ type: 'jsonb' })
  cities!: CityCount[];

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  /** Null where it was raised; when it arrived from the raiser otherwise. */
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 120, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledgement_note', type: 'varchar', length: 1000, nullable: true })
  acknowledgementNote!: string | null;
}
