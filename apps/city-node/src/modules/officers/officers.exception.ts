import { DomainError } from '@ypf/common';

export enum OfficerErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LOGIN_LOCKED = 'LOGIN_LOCKED',
  SESSION_ENDED = 'SESSION_ENDED',
}

export class OfficerException extends DomainError {
  static invalidCredentials() {
    return new OfficerException(OfficerErrorCode.INVALID_CREDENTIALS, 'Unknown username or wrong password for this node. Officers log in at their home city\'s node.');
  }
  static locked(seconds: number) {
    return new OfficerException(OfficerErrorCode.LOGIN_LOCKED, `Too many failed logins for this username; try again in ${seconds} s.`, { retryAfterSeconds: seconds });
  }
  static sessionEnded(why: string) {
    return new OfficerException(OfficerErrorCode.SESSION_ENDED, `${why} Log in again with your password.`);
  }
}
