import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NodeIdentity1796450552941 implements MigrationInterface {
  name = 'NodeIdentity1796450552941';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "node_identity" ("singleton" boolean NOT NULL DEFAULT true, "city" character varying(20) NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "node_identity_one_row" CHECK (singleton), CONSTRAINT "PK_41650f3fe011c6a4115858ed8b9" PRIMARY KEY ("singleton"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "node_identity"`);
  }
}
