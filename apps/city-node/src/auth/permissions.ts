import { SetMetadata } from '@nestjs/common';
import type { Role } from '@ypf/auth';

export const PERMISSION_KEY = 'ypf:permission';

export type Permission =
  | { kind: 'public' }
  | { kind: 'node' }
  | { kind: 'officer'; roles: readonly Role[] | 'ANY'; homeOnly: boolean };

/** No token needed (login, health, the region directory). */
export const Public = () => SetMetadata(PERMISSION_KEY, { kind: 'public' } satisfies Permission);

/** Officers of any city holding one of the roles ('ANY': any role). */
export const Allow = (roles: readonly Role[] | 'ANY') =>
  SetMetadata(PERMISSION_KEY, { kind: 'officer', roles, homeOnly: false } satisfies Permission);

/** Officers of this node's own city only (every write: officers write only at their home node). */
export const AllowHome = (roles: readonly Role[] | 'ANY') =>
  SetMetadata(PERMISSION_KEY, { kind: 'officer', roles, homeOnly: true } satisfies Permission);

/** Other nodes only: a node token addressed to this node, in the X-YPF-Node-Token header (never an officer token). */
export const NodeOnly = () => SetMetadata(PERMISSION_KEY, { kind: 'node' } satisfies Permission);
