import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { citySchema } from '../../core/input-schemas.js';
import { INCIDENT_TYPES, OPERATION_KINDS, OPERATION_STATUSES, PARTICIPANT_STATUSES, TASK_ACTIONS, TASK_STATUSES } from './incident-domain.js';
import { WARNING_LEVELS } from '@ypf/region';
import { gradeSchema, operationIdSchema } from './incidents.input.js';

/**
 * The messages joint operations send between nodes, with their payloads (parsed with these schemas on receipt; who
 * may send each is PEER_MESSAGE_RULES in delivery/peer-senders.ts). Everything on an operation travels on the
 * operation's stream (streamKey: its id), so each city applies it in order.
 */

/** Lead city → each invited city: the whole operation (header, participants, tasks) at a version. */
export const MSG_SNAPSHOT = 'operation.snapshot';
/** Lead city → each city taking part: one numbered situation report. */
export const MSG_SITREP = 'operation.sitrep';
/** Invited city → lead city: accepted (naming a liaison) or declined (with a reason). */
export const MSG_INVITATION_ANSWER = 'operation.invitation.answer';
/** A task's own city → lead city: a step on the task. */
export const MSG_TASK_UPDATE = 'operation.task.update';

const isoSchema = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'is not a timestamp');

export const operationSnapshotSchema = z.object({
  id: operationIdSchema,
  kind: z.enum(OPERATION_KINDS),
  leadCity: citySchema,
  title: z.string().max(200),
  incidentType: z.enum(INCIDENT_TYPES).nullable(),
  grade: gradeSchema.nullable(),
  category: z.string().max(48).nullable(),
  warningLevel: z.enum(WARNING_LEVELS).nullable(),
  location: z.string().max(300),
  affectedArea: z.string().max(500),
  summary: z.string().max(4000),
  commanderName: z.string().max(120),
  commanderContact: z.string().max(120),
  status: z.enum(OPERATION_STATUSES),
  planCode: z.string().max(64).nullable(),
  afterActionReview: z.string().max(20_000).nullable(),
  sourceReference: z.string().max(120).nullable(),
  version: z.number().int().min(1),
  lastSitrepSeq: z.number().int().min(0),
  reportedById: z.string().max(120),
  createdAt: isoSchema,
  updatedAt: isoSchema,
  closedAt: isoSchema.nullable(),
  participants: z
    .array(
      z.object({
        city: citySchema,
        status: z.enum(PARTICIPANT_STATUSES),
        liaisonName: z.string().max(120).nullable(),
        liaisonContact: z.string().max(120).nullable(),
        reason: z.string().max(1000).nullable(),
        invitedAt: isoSchema,
        answeredAt: isoSchema.nullable(),
      }),
    )
    .max(CITY_CODES.length),
  tasks: z
    .array(
      z.object({
        id: operationIdSchema,
        city: citySchema,
        unit: z.string().max(120),
        title: z.string().max(200),
        description: z.string().max(2000),
        status: z.enum(TASK_STATUSES),
        checkpoint: z.boolean(),
        planCode: z.string().max(64).nullable(),
        dueAt: isoSchema.nullable(),
        note: z.string().max(1000).nullable(),
        updatedBy: z.string().max(120).nullable(),
        acknowledgedAt: isoSchema.nullable(),
        completedAt: isoSchema.nullable(),
        createdAt: isoSchema,
        updatedAt: isoSchema,
      }),
    )
    .max(2000),
});
export type OperationSnapshot = z.output<typeof operationSnapshotSchema>;

export const sitrepPayloadSchema = z.object({
  operationId: operationIdSchema,
  seq: z.number().int().min(1),
  issuedAt: isoSchema,
  issuedById: z.string().max(120),
  issuedByName: z.string().max(120),
  statusAtIssue: z.enum(OPERATION_STATUSES),
  gradeAtIssue: z.string().max(8).nullable(),
  situation: z.string().max(4000),
  actionsTaken: z.string().max(4000),
  resourcesDeployed: z.string().max(2000).nullable(),
  nextSteps: z.string().max(2000).nullable(),
  casualties: z.record(z.string(), z.number().int().min(0)).nullable(),
});
export type SitrepPayload = z.output<typeof sitrepPayloadSchema>;

export const invitationAnswerPayloadSchema = z.object({
  operationId: operationIdSchema,
  accept: z.boolean(),
  liaisonName: z.string().max(120).nullable(),
  liaisonContact: z.string().max(120).nullable(),
  reason: z.string().max(1000).nullable(),
  answeredAt: isoSchema,
});
export type InvitationAnswerPayload = z.output<typeof invitationAnswerPayloadSchema>;

export const taskUpdatePayloadSchema = z.object({
  operationId: operationIdSchema,
  taskId: operationIdSchema,
  action: z.enum(TASK_ACTIONS),
  note: z.string().max(1000).nullable(),
  by: z.string().max(120),
  at: isoSchema,
});
export type TaskUpdatePayload = z.output<typeof taskUpdatePayloadSchema>;
