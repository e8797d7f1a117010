import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins, shared by every process of the city (issue 24: the lockout lived in one process's memory). Keys:
 * `source:<address>`, `pair:<username>@<address>` and `account:<username>` (counted only, to tell the officer).
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 240 })
  key!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'first_failure_at', type: 'timestamptz' })
  firstFailureAt!: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil!: Date | null;
}
