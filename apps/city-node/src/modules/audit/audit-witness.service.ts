import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditLog, countersignAuditHead, headsToKeep, judgeOfferedHead, type SignedAuditHead, verifyAuditHead } from '@ypf/audit';
import { KeyRegistry } from '@ypf/auth';
import { Clock, DomainError, parseInput } from '@ypf/common';
import { CITY_CODES } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { SIGNING_KEY } from '../../core/core.module.js';
import { notifyRole } from '../../core/notifications.js';
import { auditActor, type NodeContext, nodeActor, type OfficerContext } from '../../auth/request-context.js';
import { AuditHeadsRepository, toSignedHead } from './audit-heads.repository.js';
import { AuditException } from './audit.exception.js';
import { equivocationFilterSchema, signedHeadSchema } from './audit.input.js';
import type { AuditEquivocationEntity, WitnessedAuditHeadEntity } from './entities/audit-head.entity.js';

/** Per city, the highest heads a witness keeps, and the days for which it keeps the day's highest as a checkpoint. */
export const WITNESS_LATEST_HEADS = 20;
export const WITNESS_CHECKPOINT_DAYS = 366;
/** Per city, the conflicting heads and equivocation records kept: evidence, bounded against a city that floods them. */
export const WITNESS_MAX_CONFLICTS = 50;
/** How far ahead of this node's clock a head's signing time may be. */
const FUTURE_SKEW_MS = 5 * 60_000;

export type ReceiptStatus = 'ACCEPTED' | 'DUPLICATE' | 'EQUIVOCATION';
export interface AuditHeadReceipt {
  witnessCity: string;
  status: ReceiptStatus;
  countersignature: string | null;
  countersignedAt: string | null;
  problem: string | null;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** In words: the two signed heads, and what they mean. */
export function equivocationMessage(kind: 'FORK' | 'ROLLBACK', held: SignedAuditHead, offered: SignedAuditHead): string {
  if (kind === 'FORK') {
    return (
      `${held.city} signed two different hashes for its audit entry ${held.seq}: ${short(held.hash)} (signed ${held.signedAt}) and ` +
      `${short(offered.hash)} (signed ${offered.signedAt}), so one of its two histories was rewritten. Both signed heads are kept here as proof; ` +
      `${held.city}'s auditors should check its chain against the other cities (auditChainPeerVerification) and report to the region's security officer.`
    );
  }
  const [earlier, later] = Date.parse(held.signedAt) < Date.parse(offered.signedAt) ? [held, offered] : [offered, held];
  return (
    `${held.city} signed a head with ${later.entries} audit entries at ${later.signedAt}, after one with ${earlier.entries} entries at ${earlier.signedAt}: ` +
    `its chain shrank, so entries were cut off (or one of the heads belongs to a rewritten history). Both signed heads are kept here as proof; ` +
    `${held.city}'s auditors should check its chain against the other cities (auditChainPeerVerification) and report to the region's security officer.`
  );
}

/**
 * This node as witness of the other cities' audit chains: it keeps the signed heads each city sends it, finds a city
 * that equivocates (two hashes for one entry, or a chain that shrank), records the proof and tells its auditors, and
 * countersigns what it keeps. A city asks it for the heads of its own chain when its auditors verify the chain.
 */
@Injectable()
export class AuditWitnessService {
  private readonly logger = new Logger('AuditWitness');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly registry: KeyRegistry,
    @Inject(SIGNING_KEY) private readonly signingKey: KeyObject,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /**
   * A head the calling node sends of its own chain. Refused (and the refusal audited, nothing kept) unless it is that
   * city's, signed with that city's registry key, and a head a chain can have. Routine receipts are not audited: the
   * held heads are their record, and an entry per receipt would change this node's own head, to be sent again, for ever.
   */
  async receive(ctx: NodeContext, rawHead: unknown): Promise<AuditHeadReceipt> {
    let head: SignedAuditHead;
    try {
      head = this.acceptable(ctx, rawHead);
    } catch (e) {
      await this.audit.append(this.db.manager, {
        actor: nodeActor(ctx),
        action: 'audit.head.received',
        resourceKind: 'audit_head',
        outcome: 'REFUSED',
        detail: { code: e instanceof DomainError ? e.code : 'ERROR', reason: (e as Error).message.slice(0, 300) },
      });
      throw e;
    }
    const receivedAt = this.clock.now();
    const outcome = await this.db.transaction(async (em): Promise<{ status: ReceiptStatus; problem: string | null }> => {
      const repo = new AuditHeadsRepository(em);
      await repo.lockWitnessed(CITY_CODES.indexOf(head.city));
      const held = (await repo.witnessed(head.city)).map((row) => ({ ...toSignedHead(row, row.city), conflict: row.conflict, row }));
      const verdict = judgeOfferedHead(held, head);
      switch (verdict.kind) {
        case 'DUPLICATE':
          return { status: 'DUPLICATE', problem: null };
        case 'NEW': {
          await repo.addWitnessed(head, receivedAt, false);
          const all = [...held, { ...head, conflict: false, row: null }];
          const keep = headsToKeep(all, { latest: WITNESS_LATEST_HEADS, checkpointDays: WITNESS_CHECKPOINT_DAYS });
          await repo.dropWitnessed(all.filter((h) => !keep.has(h) && h.row).map((h) => h.row!));
          return { status: 'ACCEPTED', problem: null };
        }
        case 'FORK':
        case 'ROLLBACK': {
          const heldHead = toSignedHead(verdict.held.row, head.city);
          const message = equivocationMessage(verdict.kind, heldHead, head);
          const recorded = (await repo.countEquivocations(head.city)) < WITNESS_MAX_CONFLICTS;
          if (recorded) {
            await repo.markConflict(verdict.held.row);
            await repo.addWitnessed(head, receivedAt, true);
            const id = await repo.addEquivocation({ city: head.city, kind: verdict.kind, heldHead, offeredHead: head, detectedAt: receivedAt });
            await notifyRole(em, 'AUDITOR', 'audit.equivocation', message, `audit-equivocation:${id}`, receivedAt);
          }
          await this.audit.append(em, {
            actor: nodeActor(ctx),
            action: 'audit.head.equivocation',
            resourceKind: 'audit_head',
            resourceIds: [`${head.city}:${heldHead.seq}`, `${head.city}:${head.seq}`],
            outcome: 'REFUSED',
            detail: { kind: verdict.kind, held: heldHead, offered: head, recorded },
          });
          return { status: 'EQUIVOCATION', problem: message };
        }
      }
    });
    if (outcome.status === 'EQUIVOCATION') {
      this.logger.warn(`equivocation by ${head.city}: ${outcome.problem}`);
      return { witnessCity: this.config.city, status: 'EQUIVOCATION', countersignature: null, countersignedAt: null, problem: outcome.problem };
    }
    const c = countersignAuditHead(this.signingKey, this.config.city, head, receivedAt);
    return { witnessCity: this.config.city, status: outcome.status, countersignature: c.countersignature, countersignedAt: c.countersignedAt, problem: null };
  }

  /** The checks that do not need what this node holds; throws the coded refusal. */
  private acceptable(ctx: NodeContext, rawHead: unknown): SignedAuditHead {
    const head = parseInput(signedHeadSchema, rawHead, 'head');
    if (head.city === this.config.city) throw AuditException.ownCity(this.config.city);
    if (head.city !== ctx.node.city) throw AuditException.notFromItsCity(head.city, ctx.node.city);
    const key = this.registry.publicKeyOf(head.city);
    if (!key || !verifyAuditHead(key, head)) throw AuditException.signatureInvalid(head.city);
    if (head.entries !== head.seq) throw AuditException.entriesNotSeq(head.seq, head.entries);
    const now = this.clock.now();
    if (Date.parse(head.signedAt) > now.getTime() + FUTURE_SKEW_MS) throw AuditException.signedInFuture(head.signedAt, now.toISOString());
    return head;
  }

  /** For the calling city's verification: every head of its chain held here, highest first. Audited. */
  async heldFor(ctx: NodeContext) {
    const rows = await new AuditHeadsRepository(this.db.manager).witnessed(ctx.node.city);
    await this.audit.append(this.db.manager, {
      actor: nodeActor(ctx),
      action: 'audit.head.shared',
      resourceKind: 'audit_head',
      detail: { heads: rows.length, conflicts: rows.filter((r) => r.conflict).length, highestSeq: rows[0]?.seq ?? null },
    });
    return rows.map(witnessedView);
  }

  /** The equivocations found here as witness, newest first (home auditors); the read is audited. */
  async equivocations(ctx: OfficerContext, rawCity: unknown) {
    const { city } = parseInput(equivocationFilterSchema, { city: rawCity ?? null }, 'filter');
    const rows = await new AuditHeadsRepository(this.db.manager).equivocations(city ?? undefined, 500);
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), action: 'audit.read', detail: { view: 'equivocations', city: city ?? null, count: rows.length } });
    return rows.map((r) => equivocationView(this.config.city, r));
  }
}

export const witnessedView = (r: WitnessedAuditHeadEntity) => ({ ...toSignedHead(r, r.city), receivedAt: r.receivedAt.toISOString(), conflict: r.conflict });

/** The record's id carries the witness's city, like every id (the node that holds it). */
const equivocationView = (witnessCity: string, r: AuditEquivocationEntity) => ({
  id: `${witnessCity}:equivocation-${r.id}`,
  city: r.city,
  kind: r.kind,
  heldHead: r.heldHead,
  offeredHead: r.offeredHead,
  detectedAt: r.detectedAt.toISOString(),
  message: equivocationMessage(r.kind, r.heldHead, r.offeredHead),
});
