import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WatchLeadChain1796427458639 implements MigrationInterface {
  name = 'WatchLeadChain1796427458639';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "watch_replica_entry" ("entry_id" character varying(80) NOT NULL, "lead_city" character varying(32) NOT NULL, "lead_epoch" integer NOT NULL, "active" boolean NOT NULL, "participant" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e2a5cfb6336c8a7167bf16db912" PRIMARY KEY ("entry_id"))`);
    await queryRunner.query(`CREATE INDEX "idx_watch_replica_entry_active_lead" ON "watch_replica_entry" ("lead_city") WHERE active`);
    await queryRunner.query(`ALTER TABLE "watch_entry" ADD "lead_chain" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "watch_entry" ADD "offered_transfer" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "watch_entry" DROP COLUMN "offered_transfer"`);
    await queryRunner.query(`ALTER TABLE "watch_entry" DROP COLUMN "lead_chain"`);
    await queryRunner.query(`DROP INDEX "public"."idx_watch_replica_entry_active_lead"`);
    await queryRunner.query(`DROP TABLE "watch_replica_entry"`);
  }
}
