import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Case counts of one city per crime category, area (district) and period: aggregates, never personal data. */
@Entity({ name: 'case_statistic' })
@Index('idx_case_statistic_window', ['category', 'periodStart'])
export class CaseStatisticEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  city!: string;

  @PrimaryColumn({ type: 'varchar', length: 48 })
  category!: string;

  /** District or area code within the city, e.g. gulou; "ALL" for city-wide figures. */
  @PrimaryColumn({ type: 'varchar', length: 60 })
  area!: string;

  /** Start of the counted period (an hour or a day). */
  @PrimaryColumn({ name: 'period_start', type: 'timestamptz' })
  periodStart!: Date;

  @Column({ type: 'int' })
  count!: number;

  @Column({ name: 'recorded_by', type: 'varchar', length: 120 })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
