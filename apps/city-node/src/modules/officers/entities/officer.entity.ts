import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'officer' })
@Index('uq_officer_username', ['username'], { unique: true })
export class OfficerEntity {
  /** City-scoped id, e.g. `taizhou:01J...` (demo officers: `taizhou:demo-analyst`). */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName!: string;

  /** scrypt$N$r$p$salt$hash, see password.ts */
  @Column({ name: 'password_hash', type: 'varchar', length: 256 })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  unit!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Set by an administrator's password reset: the one-time password must be replaced at the next login. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /**
   * Raised when the officer is disabled, loses a role or has the password reset: tokens carry the generation they
   * were issued in, and every node refuses an older one (OfficerRevocations).
   */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
