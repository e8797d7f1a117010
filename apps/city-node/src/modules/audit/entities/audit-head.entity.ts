import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { SignedAuditHead } from '@ypf/audit';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A head of this city's own audit chain, signed here and sent to the other cities (the latest few are kept). */
@Entity({ name: 'audit_head' })
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  seq!: number;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  entries!: number;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'varchar', length: 100 })
  signature!: string;
}

/** Another city's countersignature of one of this city's heads: proof that it holds the head. */
@Entity({ name: 'audit_head_countersignature' })
export class AuditHeadCountersignatureEntity {
  @PrimaryColumn({ name: 'witness_city', type: 'varchar', length: 32 })
  witnessCity!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  seq!: number;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** The head as signed (the countersignature covers it whole, signature included). */
  @Column({ name: 'head_signed_at', type: 'timestamptz' })
  headSignedAt!: Date;

  @Column({ name: 'head_signature', type: 'varchar', length: 100 })
  headSignature!: string;

  @Column({ name: 'countersigned_at', type: 'timestamptz' })
  countersignedAt!: Date;

  @Column({ type: 'varchar', length: 100 })
  countersignature!: string;
}

/**
 * A head of another city's audit chain that this node holds as its witness. Kept: the latest few, one per day as a
 * checkpoint, and every head involved in an equivocation (`conflict`), as evidence. The key (city, seq, hash) also
 * serves the lookups by city and sequence number.
 */
@Entity({ name: 'witnessed_audit_head' })
export class WitnessedAuditHeadEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  city!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  seq!: number;

  @PrimaryColumn({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  entries!: number;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'varchar', length: 100 })
  signature!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'boolean', default: false })
  conflict!: boolean;
}

/**
 * An equivocation this node found as witness: `city` signed two heads that cannot both be true of one growing chain.
 * Both signed heads are kept, so the proof can be shown to anyone who holds the region's public keys.
 */
@Entity({ name: 'audit_equivocation' })
@Index('idx_audit_equivocation_city', ['city', 'detectedAt'])
export class AuditEquivocationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  city!: string;

  /** FORK (two hashes for one sequence number) or ROLLBACK (a head signed later with fewer entries). */
  @Column({ type: 'varchar', length: 16 })
  kind!: 'FORK' | 'ROLLBACK';

  /** Both as signed: the fields and the signature. */
  @Column({ name: 'held_head', type: 'jsonb' })
  heldHead!: SignedAuditHead;

  @Column({ name: 'offered_head', type: 'jsonb' })
  offeredHead!: SignedAuditHead;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt!: Date;
}
