/** The node's delivery queue: one job per outbox message (jobId = message id), plus the sweeper. */
export const DELIVERY_QUEUE = 'delivery';

export const SEND_MESSAGE_JOB = 'delivery.send';
export interface SendMessageJobData {
  city: string;
  messageId: string;
}

export const SWEEP_OUTBOX_JOB = 'delivery.sweep';
export const SWEEP_OUTBOX_SCHEDULER_ID = 'delivery-sweeper';
export interface SweepOutboxJobData {
  city: string;
}

/** BullMQ refuses ':' in custom job ids. */
export const sendJobId = (messageId: string) => `send-${messageId}`;
