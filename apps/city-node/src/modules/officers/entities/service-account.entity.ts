import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A machine's account at the city (issue 24): another agency's system polling a feed, a script. Created by an ADMIN
 * with roles, an owning officer, a purpose and an expiry; it exchanges its client secret for short-lived tokens
 * (`POST /auth/service-token`), and everything it reads is audited under its id.
 */
@Entity({ name: 'service_account' })
@Index('uq_service_account_name', ['name'], { unique: true })
export class ServiceAccountEntity {
  /** `wuxi:svc:feed-poller`: the client id, and the subject of its tokens (no officer username has a colon). */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** The officer of this city answerable for it. */
  @Column({ name: 'owner_id', type: 'varchar', length: 80 })
  ownerId!: string;

  @Column({ type: 'varchar', length: 200 })
  purpose!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  /** scrypt hash of the client secret (shown once, at creation). */
  @Column({ name: 'secret_hash', type: 'varchar', length: 256 })
  secretHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** As OfficerEntity.tokenGeneration: raised when disabled, so its tokens stop working at every node. */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration!: number;

  @Column({ name: 'created_by', type: 'varchar', length: 80 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_token_at', type: 'timestamptz', nullable: true })
  lastTokenAt!: Date | null;
}
