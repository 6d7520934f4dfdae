import { counter, gauge, histogram } from '@mstore/observability';

export const consumerMetrics = () => ({
  consumed: counter(
    'notification_events_consumed_total',
    'Kafka messages handled, by outcome (stored, duplicate, ignored, dead-lettered)',
    ['topic', 'outcome'],
  ),
  retried: counter('notification_events_retried_total', 'Retries after a transient failure', [
    'topic',
  ]),
  deadLettered: counter(
    'notification_events_dead_lettered_total',
    'Messages parked on the DLQ, by reason (invalid, failed)',
    ['topic', 'reason'],
  ),
  lag: gauge('notification_consumer_lag', 'Messages not yet committed by the consumer group', [
    'topic',
    'partition',
  ]),
  storeLatency: histogram(
    'notification_event_store_latency_seconds',
    'From the event time to the notification being stored',
    [],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ),
});
export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;
