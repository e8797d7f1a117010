import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * At an officer's home city: how often another city saw the officer use one purpose in one purpose window, as that
 * city reported it (oversight.usage). The home city alone sees every city's share and correlates them.
 */
@Entity({ name: 'oversight_purpose_share' })
@Index('idx_oversight_purpose_share_bucket', ['bucketStart'])
export class OversightPurposeShareEntity {
  @PrimaryColumn({ name: 'officer_id', type: 'varchar', length: 100 })
  officerId!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  purpose!: string;

  @PrimaryColumn({ name: 'bucket_start', type: 'timestamptz' })
  bucketStart!: Date;

  /** The data-owning city that reported the share. */
  @PrimaryColumn({ name: 'owner_city', type: 'varchar', length: 32 })
  ownerCity!: string;

  @Column({ type: 'int' })
  uses!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
