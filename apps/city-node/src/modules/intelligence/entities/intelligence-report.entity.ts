import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A report as held by its owning city. Shared views are derived from it per request, never stored elsewhere. */
@Entity({ name: 'intelligence_report' })
@Index('idx_intelligence_report_status', ['status'])
@Index('idx_intelligence_report_author', ['authorId'])
@Index('idx_intelligence_report_published_at', ['publishedAt'])
export class IntelligenceReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 2000 })
  summary!: string;

  /** Null once purged. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ name: 'source_reliability', type: 'char', length: 1 })
  sourceReliability!: string;

  @Column({ name: 'information_credibility', type: 'smallint' })
  informationCredibility!: number;

  @Column({ type: 'varchar', length: 16 })
  tlp!: string;

  @Column({ name: 'handling_conditions', type: 'text', array: true })
  handlingConditions!: string[];

  @Column({ type: 'varchar', length: 16 })
  scope!: string;

  @Column({ name: 'recipient_cities', type: 'text', array: true })
  recipientCities!: string[];

  @Column({ name: 'review_date', type: 'date' })
  reviewDate!: string;

  @Column({ name: 'author_id', type: 'varchar', length: 80 })
  authorId!: string;

  @Column({ name: 'author_name', type: 'varchar', length: 120 })
  authorName!: string;

  @Column({ name: 'approved_by_id', type: 'varchar', length: 80, nullable: true })
  approvedById!: string | null;

  @Column({ name: 'return_reason', type: 'varchar', length: 1000, nullable: true })
  returnReason!: string | null;

  @Column({ name: 'withdrawn_reason', type: 'varchar', length: 1000, nullable: true })
  withdrawnReason!: string | null;

  @Column({ name: 'last_review_reason', type: 'varchar', length: 1000, nullable: true })
  lastReviewReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'last_reviewed_at', type: 'timestamptz', nullable: true })
  lastReviewedAt!: Date | null;

  @Column({ name: 'purged_at', type: 'timestamptz', nullable: true })
  purgedAt!: Date | null;
}
