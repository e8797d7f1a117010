import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An identifier a report mentions, with its keyed blind index used for region-wide hit/no-hit. */
@Entity({ name: 'intelligence_identifier' })
@Index('idx_intelligence_identifier_blind_index', ['blindIndex'])
export class ReportIdentifierEntity {
  @PrimaryColumn({ name: 'report_id', type: 'varchar', length: 80 })
  reportId!: string;

  @PrimaryColumn({ name: 'blind_index', type: 'char', length: 64 })
  blindIndex!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  /** The normalised value; removed with the report when it is purged. */
  @Column({ type: 'varchar', length: 128 })
  value!: string;
}
