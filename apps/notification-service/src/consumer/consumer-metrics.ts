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
  // the names every Kafka dashboard knows: a DLQ counter by topic, kafka_exporter's group lag
  deadLettered: counter(
    'dlq_messages_total',
    'Messages parked on <topic>.dlq, by source topic and reason (invalid, failed)',
    ['topic', 'reason'],
  ),
  lag: gauge(
    'kafka_consumergroup_lag',
    "Messages of a partition not yet committed by this service's consumer group",
    ['topic', 'partition'],
  ),
  storeLatency: histogram(
    'notification_event_store_latency_seconds',
    'From the event time to the notification being stored',
    [],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ),
});
export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;
