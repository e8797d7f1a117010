import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';
import { ASSISTANCE_KINDS } from '@ypf/policy';
import { PRIORITIES } from '@ypf/region';
import { RESOURCE_TYPES } from './assistance.input.js';

/** Payloads of the assistance messages between nodes, checked on receipt: a peer's message is input like any other. */
const city = z.enum(CITY_CODES as [string, ...string[]]);
const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a timestamp');
const requestId = z.string().regex(/^[a-z]+:[0-9A-Za-z-]{1,64}$/);

/** The event as sent; the receiver keeps only its id, author, kind and text, and sets request, city and answer itself. */
export const eventPayloadSchema = z.object({
  id: z.string().regex(/^[0-9A-Z]{26}$/),
  authorId: z.string().max(80),
  authorName: z.string().max(120),
  type: z.enum(['MESSAGE', 'STATUS_REPORT', 'TRANSITION', 'ESCALATION']),
  action: z.string().max(32).nullable(),
  status: z.string().max(24).nullable(),
  text: z.string().max(4000).nullable(),
  at: iso,
});

export const submittedPayloadSchema = z.object({
  request: z.object({
    id: requestId,
    requesterCity: city,
    kind: z.enum(ASSISTANCE_KINDS),
    title: z.string().min(1).max(200),
    description: z.string().min(1).max(4000),
    resourceType: z.enum(RESOURCE_TYPES),
    quantity: z.number().int().min(1).max(10000),
    catalogueEntryIds: z.array(z.string().max(80)).max(20),
    location: z.string().min(1).max(300),
    startsAt: iso,
    endsAt: iso.nullable(),
    servesReference: z.string().min(1).max(120),
    legalReference: z.string().max(200).nullable(),
    priority: z.enum(PRIORITIES),
    targetCities: z.array(city).min(1).max(CITY_CODES.length),
    createdById: z.string().max(80),
    createdByName: z.string().max(120),
    createdAt: iso,
    submittedAt: iso,
  }),
  event: eventPayloadSchema,
});

export const transitionPayloadSchema = z.object({
  requestId,
  target: city,
  action: z.string().max(32),
  answer: z.object({
    reason: z.string().max(1000).nullable().optional(),
    committedQuantity: z.number().int().min(1).max(10000).nullable().optional(),
    commitmentNote: z.string().max(1000).nullable().optional(),
    committedById: z.string().max(80).nullable().optional(),
  }).catchall(iso.nullable()),
  event: eventPayloadSchema,
});

export const messagePayloadSchema = z.object({ requestId, event: eventPayloadSchema });

export const escalatedPayloadSchema = z.object({
  requestId,
  target: city,
  which: z.enum(['ACK', 'ANSWER']),
  at: iso,
  event: eventPayloadSchema,
});
