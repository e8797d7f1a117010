import { useState } from 'react';
import { readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { formatTime } from '../i18n';
import { Badge, City, Field, Loading, Outcome, Select, useAction, useLoad } from '../ui';

interface OutboxMessage {
  id: string;
  targetCity: string;
  kind: string;
  streamKey: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  deadReason: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Messages my node sends to other cities: queued, delivered, retrying (why, next attempt) or dead (re-drive). */
export function DeliveryScreen() {
  const { t, lang, session } = useConsole();
  const [status, setStatus] = useState('');
  const list = useLoad(
    () =>
      readHome<{ region: Record<string, { outboxMessages: OutboxMessage[] }> }>(
        session,
        ops.outboxMessages(session.city),
        { f: { limit: 100, ...(status ? { status } : {}) } },
      ),
    [session, status],
  );
  const redrive = useAction();
  const again = (m: OutboxMessage) =>
    void redrive.run(async () => {
      await write(session, ops.redriveMessage(session.city), { id: m.id });
      list.reload();
      return t('common.done');
    });
  const messages = list.data?.data.region[session.city]?.outboxMessages ?? [];
  return (
    <section className="card" aria-labelledby="outbox-h">
      <h2 id="outbox-h">{t('delivery.heading')}</h2>
      <div className="row">
        <Field label={t('common.status')}>{(id) => <Select id={id} value={status} values={['QUEUED', 'RETRYING', 'DELIVERED', 'DEAD']} onChange={setStatus} blank={t('delivery.all')} />}</Field>
        <button type="button" onClick={list.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <Loading loading={list.loading} />
      {list.error ? <ErrorNote error={list.error} /> : null}
      <Outcome action={redrive} />
      <table data-testid="outbox">
        <thead>
          <tr>
            <th>{t('common.created')}</th>
            <th>{t('delivery.target')}</th>
            <th>{t('delivery.kind')}</th>
            <th>{t('common.status')}</th>
            <th>{t('delivery.attempts')}</th>
            <th>{t('delivery.error')}</th>
            <th>{t('delivery.next')}</th>
            <th>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.id} className={m.status === 'DEAD' ? 'overdue' : ''}>
              <td>{formatTime(lang, m.createdAt)}</td>
              <td>
                <City code={m.targetCity} />
              </td>
              <td>
                {m.kind}
                <div className="muted">{m.streamKey}</div>
              </td>
              <td>
                <Badge value={m.status} />
              </td>
              <td>{m.attempts}</td>
              <td>{m.deadReason ?? m.lastError ?? '—'}</td>
              <td>{m.status === 'DELIVERED' ? formatTime(lang, m.deliveredAt) : formatTime(lang, m.nextAttemptAt)}</td>
              <td>{m.status === 'DEAD' ? <button onClick={() => again(m)}>{t('delivery.redrive')}</button> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {messages.length === 0 && !list.loading ? <p className="muted">{t('common.none')}</p> : null}
    </section>
  );
}
