import { Initial1795953598171 } from './1795953598171-Initial.js';
import { DeliveryAndHitReferences1795955442062 } from './1795955442062-DeliveryAndHitReferences.js';
import { AssistanceRequests1795955731335 } from './1795955731335-AssistanceRequests.js';
import { JointOperationsAndEarlyWarning1795973215577 } from './1795973215577-JointOperationsAndEarlyWarning.js';
import { JointWatch1795967236797 } from './1795967236797-JointWatch.js';
import { NotificationFeed1795968500000 } from './1795968500000-NotificationFeed.js';
import { InboxStreamBufferedMark1795986453223 } from './1795986453223-InboxStreamBufferedMark.js';
import { WatchReplica1796000735521 } from './1796000735521-WatchReplica.js';
import { WatchLeadChain1796427458639 } from './1796427458639-WatchLeadChain.js';
import { AuditHeads1796427487116 } from './1796427487116-AuditHeads.js';
import { BlindIndexPerCity1796429123304 } from './1796429123304-BlindIndexPerCity.js';
import { OversightAlerts1796431912549 } from './1796431912549-OversightAlerts.js';
import { NotificationMarker1796440615129 } from './1796440615129-NotificationMarker.js';
import { NoticeParams1796441616479 } from './1796441616479-NoticeParams.js';
import { LoginThrottle1796442710061 } from './1796442710061-LoginThrottle.js';
import { OfficerTokenGeneration1796450170218 } from './1796450170218-OfficerTokenGeneration.js';
import { NodeIdentity1796450552941 } from './1796450552941-NodeIdentity.js';
import { ServiceAccounts1796451960872 } from './1796451960872-ServiceAccounts.js';
import { OfficerMustChangePassword1796444840143 } from './1796444840143-OfficerMustChangePassword.js';

/** Migrations in order, listed explicitly. Generate new ones with generate-migration.ts (see docs/adding-an-operation.md). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NODE_MIGRATIONS: Function[] = [Initial1795953598171, DeliveryAndHitReferences1795955442062, AssistanceRequests1795955731335, JointWatch1795967236797, NotificationFeed1795968500000, JointOperationsAndEarlyWarning1795973215577, InboxStreamBufferedMark1795986453223, WatchReplica1796000735521, WatchLeadChain1796427458639, AuditHeads1796427487116, BlindIndexPerCity1796429123304, OversightAlerts1796431912549, NotificationMarker1796440615129, NoticeParams1796441616479, LoginThrottle1796442710061, OfficerMustChangePassword1796444840143, OfficerTokenGeneration1796450170218, NodeIdentity1796450552941, ServiceAccounts1796451960872];
