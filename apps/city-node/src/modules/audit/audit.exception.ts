import { DomainError } from '@ypf/common';

export enum AuditErrorCode {
  /** The node token's city is not the city whose head it carries. */
  HEAD_NOT_FROM_ITS_CITY = 'AUDIT_HEAD_NOT_FROM_ITS_CITY',
  /** The head's signature does not verify under its city's registry key. */
  HEAD_SIGNATURE_INVALID = 'AUDIT_HEAD_SIGNATURE_INVALID',
  /** Signed, but not a head a chain can have (entries other than seq, signed in the future, this node's own city). */
  HEAD_INVALID = 'AUDIT_HEAD_INVALID',
}

/** Why a node refused another node's audit chain head; nothing of the head is kept (the refusal is audited). */
export class AuditException extends DomainError {
  static notFromItsCity(headCity: string, tokenCity: string) {
    return new AuditException(
      AuditErrorCode.HEAD_NOT_FROM_ITS_CITY,
      `A node publishes only its own city's audit head: this head is ${headCity}'s, but the node token was issued by ${tokenCity}. Nothing was kept.`,
      { headCity, tokenCity },
    );
  }
  static signatureInvalid(city: string) {
    return new AuditException(
      AuditErrorCode.HEAD_SIGNATURE_INVALID,
      `The head's signature does not verify under ${city}'s key in the region's key registry: it was not signed by ${city}, or was changed after signing. Nothing was kept; sign the head with ${city}'s ES256 key.`,
      { city },
    );
  }
  static ownCity(city: string) {
    return new AuditException(AuditErrorCode.HEAD_INVALID, `This is the ${city} node: it does not witness its own audit chain. Send the head to the other cities.`);
  }
  static entriesNotSeq(seq: number, entries: number) {
    return new AuditException(
      AuditErrorCode.HEAD_INVALID,
      `A head's entry count equals its sequence number (the chain is numbered from 1 without gaps), but this one says ${entries} entries at entry ${seq}. Nothing was kept.`,
      { seq, entries },
    );
  }
  static signedInFuture(signedAt: string, now: string) {
    return new AuditException(
      AuditErrorCode.HEAD_INVALID,
      `The head says it was signed at ${signedAt}, after this node's time ${now} (more than the 5 minutes of clock difference allowed). Nothing was kept; check the signing node's clock.`,
      { signedAt },
    );
  }
}
