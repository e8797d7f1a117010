import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** One append-only, hash-chained audit record. Rows are never updated or deleted (a trigger refuses it). */
@Entity({ name: 'audit_entry' })
@Index('idx_audit_entry_actor_city', ['actorCity'])
@Index('idx_audit_entry_action', ['action'])
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  seq!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 100 })
  actorId!: string;

  @Column({ name: 'actor_city', type: 'varchar', length: 32 })
  actorCity!: string;

  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles!: string[];

  @Column({ type: 'varchar', length: 128, nullable: true })
  purpose!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'resource_kind', type: 'varchar', length: 32, nullable: true })
  resourceKind!: string | null;

  @Column({ name: 'resource_ids', type: 'text', array: true })
  resourceIds!: string[];

  @Column({ name: 'access_level', type: 'varchar', length: 16, nullable: true })
  accessLevel!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: string;

  /** Canonical JSON (sorted keys), kept as text so the hashed bytes are exactly what is stored. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
