import { DomainError } from '@ypf/common';

export enum OversightErrorCode {
  ALERT_NOT_FOUND = 'OVERSIGHT_ALERT_NOT_FOUND',
  ALREADY_ACKNOWLEDGED = 'ALREADY_ACKNOWLEDGED',
}

export class OversightException extends DomainError {
  static alertNotFound(id: string) {
    return new OversightException(OversightErrorCode.ALERT_NOT_FOUND, `No misuse alert ${id} at this node: take the id from oversightAlerts.`, { id });
  }
  static alreadyAcknowledged(id: string, by: string, at: string) {
    return new OversightException(OversightErrorCode.ALREADY_ACKNOWLEDGED, `Alert ${id} was acknowledged by ${by} at ${at}; its note stands.`, { id });
  }
}
