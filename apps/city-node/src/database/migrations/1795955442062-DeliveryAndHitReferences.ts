import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryAndHitReferences1795955442062 implements MigrationInterface {
  name = 'DeliveryAndHitReferences1795955442062';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox_message" ("id" character varying(40) NOT NULL, "target_city" character varying(32) NOT NULL, "kind" character varying(64) NOT NULL, "stream_key" character varying(120) NOT NULL, "stream_seq" integer NOT NULL, "payload" text NOT NULL, "status" character varying(16) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(1000), "next_attempt_at" TIMESTAMP WITH TIME ZONE, "dead_reason" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_message_stream" ON "outbox_message"  ("target_city", "stream_key", "stream_seq") `);
    await queryRunner.query(`CREATE INDEX "idx_outbox_message_status" ON "outbox_message"  ("status") `);
    await queryRunner.query(`CREATE TABLE "inbox_message" ("source_city" character varying(32) NOT NULL, "id" character varying(40) NOT NULL, "kind" character varying(64) NOT NULL, "stream_key" character varying(120) NOT NULL, "stream_seq" integer NOT NULL, "payload" text NOT NULL, "state" character varying(16) NOT NULL, "detail" character varying(1000), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9d688561db62cfa3cdc08d2f862" PRIMARY KEY ("source_city", "id"))`);
    await queryRunner.query(`CREATE INDEX "idx_inbox_message_stream" ON "inbox_message"  ("source_city", "stream_key", "stream_seq") `);
    await queryRunner.query(`CREATE TABLE "inbox_stream" ("source_city" character varying(32) NOT NULL, "stream_key" character varying(120) NOT NULL, "last_applied_seq" integer NOT NULL, CONSTRAINT "PK_1fe560a87d2a648b60ae5631ac7" PRIMARY KEY ("source_city", "stream_key"))`);
    await queryRunner.query(`ALTER TABLE "intelligence_dissemination" ADD "reference" character varying(80)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "intelligence_dissemination" DROP COLUMN "reference"`);
    await queryRunner.query(`DROP TABLE "inbox_stream"`);
    await queryRunner.query(`DROP INDEX "public"."idx_inbox_message_stream"`);
    await queryRunner.query(`DROP TABLE "inbox_message"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbox_message_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_outbox_message_stream"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
  }
}
