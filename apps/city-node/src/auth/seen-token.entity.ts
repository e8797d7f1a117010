import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Node-token ids already accepted, kept until the token would have expired, so a replay is refused. */
@Entity({ name: 'seen_node_token' })
@Index('idx_seen_node_token_expires_at', ['expiresAt'])
export class SeenNodeTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jti!: string;

  @Column({ name: 'issuer_city', type: 'varchar', length: 32 })
  issuerCity!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
