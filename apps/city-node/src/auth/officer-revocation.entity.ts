import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The lowest token generation each officer's tokens must carry, as their home city last said (issue 24: a disabled
 * officer's tokens stop working at once at every node). Kept at the home node and at every peer; one row per officer
 * whose access was ever withdrawn.
 */
@Entity({ name: 'officer_revocation' })
export class OfficerRevocationEntity {
  /** The officer id, `wuxi:li.wei`: its city is the only one whose word on it counts. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  sub!: string;

  /** Tokens of a lower generation are refused. */
  @Column({ name: 'min_generation', type: 'integer' })
  minGeneration!: number;

  /** DISABLED, ROLE_REMOVED or PASSWORD_RESET: what the officer is told. */
  @Column({ type: 'varchar', length: 20 })
  reason!: string;

  /** When the home city withdrew the tokens (its clock). */
  @Column({ name: 'revoked_at', type: 'timestamptz' })
  revokedAt!: Date;

  /** When this node learnt it: the processes of the node reload rows newer than what they hold. */
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
