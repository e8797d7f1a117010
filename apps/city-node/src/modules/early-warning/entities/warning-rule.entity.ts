import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An early-warning rule of this city and its evaluation state: thresholds per level over a window (or CUSUM against a
 * baseline), a minimum count, a hold duration before firing or resolving, and hysteresis on the way down.
 */
@Entity({ name: 'warning_rule' })
export class WarningRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 48 })
  category!: string;

  /** CITY: this city's counts (optionally one area); REGION: all eight cities' counts, gathered from their nodes. */
  @Column({ type: 'varchar', length: 8 })
  scope!: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  area!: string | null;

  /** REGION: the cities whose counts are summed (a belt such as Suzhou–Wuxi–Changzhou, or all eight). */
  @Column({ type: 'varchar', array: true })
  cities!: string[];

  /** THRESHOLD: the window's count against the thresholds; CUSUM: the cumulative sum against a baseline, in standard deviations. */
  @Column({ type: 'varchar', length: 12 })
  method!: string;

  @Column({ name: 'window_hours', type: 'int' })
  windowHours!: number;

  /** CUSUM: bucket size, baseline length in buckets, and the slack k (in standard deviations). */
  @Column({ name: 'bucket_hours', type: 'int' })
  bucketHours!: number;

  @Column({ name: 'baseline_buckets', type: 'int' })
  baselineBuckets!: number;

  @Column({ name: 'cusum_k', type: 'double precision' })
  cusumK!: number;

  /** Ascending: blue, yellow, orange, red. */
  @Column({ type: 'jsonb' })
  thresholds!: { BLUE: number; YELLOW: number; ORANGE: number; RED: number };

  @Column({ name: 'min_count', type: 'int' })
  minCount!: number;

  @Column({ name: 'hold_minutes', type: 'int' })
  holdMinutes!: number;

  /** Resolves only when the value is this many percent below the blue threshold (for the hold). */
  @Column({ name: 'hysteresis_percent', type: 'int' })
  hysteresisPercent!: number;

  /** The cities a campaign involves; empty: the rule's city (CITY) or the cities with cases in the window (REGION). */
  @Column({ name: 'campaign_cities', type: 'varchar', array: true })
  campaignCities!: string[];

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 120 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  // ---- evaluation state ----

  @Column({ name: 'state_level', type: 'varchar', length: 8, nullable: true })
  stateLevel!: string | null;

  @Column({ name: 'candidate_level', type: 'varchar', length: 8, nullable: true })
  candidateLevel!: string | null;

  @Column({ name: 'candidate_since', type: 'timestamptz', nullable: true })
  candidateSince!: Date | null;

  @Column({ name: 'clear_since', type: 'timestamptz', nullable: true })
  clearSince!: Date | null;

  @Column({ name: 'open_alert_id', type: 'varchar', length: 80, nullable: true })
  openAlertId!: string | null;

  @Column({ name: 'last_value', type: 'double precision', nullable: true })
  lastValue!: number | null;

  @Column({ name: 'last_count', type: 'int', nullable: true })
  lastCount!: number | null;

  @Column({ name: 'last_evaluated_at', type: 'timestamptz', nullable: true })
  lastEvaluatedAt!: Date | null;

  /** Why the last evaluation did not complete (a city's node unreachable), else null. */
  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;
}
