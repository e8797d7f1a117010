import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LeadTransfer } from '../lead-chain.js';

/**
 * A joint watch entry (key person), held by its lead city. Participating cities read it from the lead through the
 * region as the lead's policy allows; other cities only learn, on a hit, what to do and whom to contact. A city that
 * has been offered the lead holds a copy until it accepts or declines.
 */
@Entity({ name: 'watch_entry' })
@Index('idx_watch_entry_status_review', ['status', 'reviewDate'])
export class WatchEntryEntity {
  /** City-scoped id of the city that proposed it (kept when the lead moves). */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'lead_city', type: 'varchar', length: 32 })
  leadCity!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ name: 'legal_basis', type: 'varchar', length: 300 })
  legalBasis!: string;

  @Column({ name: 'decision_reference', type: 'varchar', length: 120 })
  decisionReference!: string;

  /** A crime category (never a category of person); none for a missing person. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  offence!: string | null;

  @Column({ name: 'risk_level', type: 'varchar', length: 8 })
  riskLevel!: string;

  @Column({ name: 'participating_cities', type: 'text', array: true })
  participatingCities!: string[];

  @Column({ name: 'review_date', type: 'date' })
  reviewDate!: string;

  /** Minimal description for recognition; deleted with the identifiers when the entry's retention ends. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  /** Normalised identifiers ({ kind, value }[]) as JSON; deleted when the retention ends. */
  @Column({ type: 'text', nullable: true })
  identifiers!: string | null;

  @Column({ name: 'proposed_by', type: 'varchar', length: 120 })
  proposedBy!: string;

  @Column({ name: 'proposed_at', type: 'timestamptz' })
  proposedAt!: Date;

  @Column({ name: 'approved_by', type: 'varchar', length: 120, nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  /** While the lead is offered to another city (at the lead), or the city that offered it (at the offered city). */
  @Column({ name: 'transfer_city', type: 'varchar', length: 32, nullable: true })
  transferCity!: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 1000, nullable: true })
  endReason!: string | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** The review date a warning was last sent for (one warning per review date). */
  @Column({ name: 'review_warned_for', type: 'date', nullable: true })
  reviewWarnedFor!: string | null;

  @Column({ name: 'personal_data_deleted_at', type: 'timestamptz', nullable: true })
  personalDataDeletedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** How many times the lead has moved: other cities' copies keep the rows of the lead with the highest number. */
  @Column({ name: 'lead_epoch', type: 'integer', default: 0 })
  leadEpoch!: number;

  /** The signed moves of the lead, oldest first (as many as `leadEpoch`): the proof of who leads it. */
  @Column({ name: 'lead_chain', type: 'jsonb', default: () => "'[]'" })
  leadChain!: LeadTransfer[];

  /** At a city offered the lead: the move the offering lead signed, which becomes part of the chain on acceptance. */
  @Column({ name: 'offered_transfer', type: 'jsonb', nullable: true })
  offeredTransfer!: LeadTransfer | null;
}
