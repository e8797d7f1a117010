import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * How often one officer accessed this node in one window, for one purpose: counted from the audit log by the
 * oversight scan (another city's officers' reads and checks here, and this city's officers' region-wide checks).
 * Counts only, never what was read. Kept for the baseline days, then deleted.
 */
@Entity({ name: 'oversight_usage' })
@Index('idx_oversight_usage_window', ['windowStart'])
@Index('idx_oversight_usage_pending', ['windowStart'], { where: 'pending' })
export class OversightUsageEntity {
  @PrimaryColumn({ name: 'officer_id', type: 'varchar', length: 100 })
  officerId!: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  /** The purpose (X-Purpose) as audited, '' when none was given. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  purpose!: string;

  @Column({ name: 'officer_city', type: 'varchar', length: 32 })
  officerCity!: string;

  /** Cross-city reads (every audited request of another city's officer that is not a check, refused ones included). */
  @Column({ type: 'int' })
  reads!: number;

  /** Identifier and watch checks (hit/no-hit), here or region-wide from this city. */
  @Column({ type: 'int' })
  checks!: number;

  /** Changed since the scan last evaluated it. */
  @Column({ type: 'boolean' })
  pending!: boolean;
}
