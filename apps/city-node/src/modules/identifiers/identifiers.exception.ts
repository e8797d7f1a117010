import { DomainError } from '@ypf/common';

export enum IdentifierErrorCode {
  RATE_LIMITED = 'RATE_LIMITED',
  INDEX_EVALUATION_REFUSED = 'INDEX_EVALUATION_REFUSED',
}

export class IdentifierException extends DomainError {
  /** An officer checking identifiers faster than the node allows. */
  static officerRateLimited(limit: number, retryAfterSeconds: number) {
    return new IdentifierException(
      IdentifierErrorCode.RATE_LIMITED,
      `You may check at most ${limit} identifiers a minute; try again in ${retryAfterSeconds} s. Checks are limited so that nobody can guess identifiers against other cities' data by trying many.`,
      { retryAfterSeconds },
    );
  }

  /** Another city's node asking for more evaluations than this city grants it per minute. */
  static peerRateLimited(city: string, limit: number, retryAfterSeconds: number) {
    return new IdentifierException(
      IdentifierErrorCode.RATE_LIMITED,
      `${city} has used its ${limit} blind-index evaluations for this minute at this city; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }

  static badElement(message: string) {
    return new IdentifierException(IdentifierErrorCode.INDEX_EVALUATION_REFUSED, `Blind-index evaluation refused: ${message}.`);
  }
}
