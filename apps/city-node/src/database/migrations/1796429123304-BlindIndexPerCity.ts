import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BlindIndexPerCity1796429123304 implements MigrationInterface {
  name = 'BlindIndexPerCity1796429123304';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "index_evaluation_budget" ("city" character varying(32) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "used" integer NOT NULL, CONSTRAINT "PK_d2e33f1dcd954f5a339d64c93e1" PRIMARY KEY ("city", "window_start"))`);
    await queryRunner.query(`CREATE TABLE "blind_index_state" ("name" character varying(32) NOT NULL, "fingerprint" character varying(64) NOT NULL, "indexed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_76dc605a43723bdbd30978b175a" PRIMARY KEY ("name"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "blind_index_state"`);
    await queryRunner.query(`DROP TABLE "index_evaluation_budget"`);
  }
}
