import { type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { CITY_CODES } from '@ypf/region';

/**
 * A move of a watch entry's lead, signed by the city that gave it up: "the lead of `entryId` passes from `from` to
 * `to`, who leads it at `epoch`". The entry's chain of these, from the city that proposed it to its current lead, is
 * what lets any city check who leads an entry without trusting the city that says so: a node cannot make itself the
 * lead of another city's entry (in its feed, or by offering it on) without the real lead's signature.
 */
export interface LeadTransfer {
  entryId: string;
  epoch: number;
  from: string;
  to: string;
  /** ES256 (P-256, IEEE P1363) over `transferMessage`, base64url. */
  sig: string;
}

const city = z.enum(CITY_CODES as [string, ...string[]]);
export const leadTransferSchema = z
  .object({
    entryId: z.string().regex(/^[a-z]+:[0-9A-Z]{26}$/),
    epoch: z.number().int().min(1).max(1_000_000),
    from: city,
    to: city,
    sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'must be an ES256 signature (64 bytes, base64url)'),
  })
  .strict();
/** The chain, oldest move first; its length is the entry's lead epoch. */
export const leadChainSchema = z.array(leadTransferSchema).max(1000);

const transferMessage = (t: Omit<LeadTransfer, 'sig'>) => Buffer.from(`ypf-watch-lead-transfer\n${t.entryId}\n${t.epoch}\n${t.from}\n${t.to}`);

export function signLeadTransfer(key: KeyObject, t: Omit<LeadTransfer, 'sig'>): LeadTransfer {
  return { ...t, sig: sign('sha256', transferMessage(t), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url') };
}

/**
 * Who leads `entryId` according to `chain` (the city named by the id if the chain is empty), or why the chain proves
 * nothing: a move not signed by the city that held the lead, a gap, or a move of another entry.
 */
export function leadOf(entryId: string, chain: readonly LeadTransfer[], publicKeyOf: (city: string) => KeyObject | undefined): { lead: string; epoch: number } | { error: string } {
  const first = /^([a-z]+):/.exec(entryId)?.[1];
  if (!first || !(CITY_CODES as readonly string[]).includes(first)) return { error: `${entryId} names no city of the region` };
  let lead = first;
  for (const [i, t] of chain.entries()) {
    if (t.entryId !== entryId) return { error: `move ${i + 1} of the chain is of ${t.entryId}` };
    if (t.epoch !== i + 1) return { error: `move ${i + 1} of the chain says epoch ${t.epoch}` };
    if (t.from !== lead) return { error: `move ${i + 1} is given by ${t.from}, but ${lead} led the entry then` };
    if (t.to === t.from) return { error: `move ${i + 1} passes the lead from ${t.from} to itself` };
    const key = publicKeyOf(t.from);
    let ok: boolean;
    try {
      ok = !!key && verify('sha256', transferMessage(t), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(t.sig, 'base64url'));
    } catch {
      ok = false;
    }
    if (!ok) return { error: `move ${i + 1} (${t.from} to ${t.to}) is not signed by ${t.from}` };
    lead = t.to;
  }
  return { lead, epoch: chain.length };
}
