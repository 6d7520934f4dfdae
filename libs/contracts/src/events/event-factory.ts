import { z } from 'zod';
import { createCloudEvent } from './cloud-event';
import { EVENT_CATALOG, EventType, KnownEvent } from './event-registry';
import { Topic } from './topics';

/** What a producer hands over as `data`: the schema's input, so a drifted payload fails `tsc`. */
export type EventDataInput<T extends EventType> = z.input<(typeof EVENT_CATALOG)[T]['data']>;

/** The topic EVENT_CATALOG puts an event type on. */
export type EventTopic<T extends EventType> = (typeof EVENT_CATALOG)[T]['topic'];

/** The event types that travel on topic `P`. */
export type EventTypeOn<P extends Topic> = {
  [T in EventType]: EventTopic<T> extends P ? T : never;
}[EventType];

/** An event's type and its data, kept together: a union over the types, never a loose pair. */
export type EventBody<T extends EventType = EventType> = {
  [K in T]: { type: K; data: EventDataInput<K> };
}[T];

/** What a producer gives to create an event; the topic is not among it, the catalog names it. */
export type NewEvent<T extends EventType = EventType> = EventBody<T> & {
  source: string;
  /** The aggregate id; also the Kafka message key. */
  subject: string;
  id?: string;
  time?: Date;
};

/** A producer's event whose data its type's schema refuses (a bug: nothing may be written). */
export class InvalidEventError extends Error {}

export interface OutgoingEvent {
  topic: Topic;
  event: KnownEvent;
}

type CatalogEntry = { topic: Topic; data: z.ZodType };

/**
 * The CloudEvent for `input` and the topic it goes on. The data is checked by the same schema the
 * consumers parse with, so a payload that would end on the DLQ throws here instead, before the
 * caller's write commits.
 */
export function createEvent(input: NewEvent): OutgoingEvent {
  // the types rule out an unknown type; a cast or plain JS caller does not
  const entry = (EVENT_CATALOG as Record<string, CatalogEntry | undefined>)[input.type];
  if (!entry) throw new InvalidEventError(`unknown event type ${input.type}`);
  const data = entry.data.safeParse(input.data);
  if (!data.success)
    throw new InvalidEventError(`${input.type}: invalid data: ${z.prettifyError(data.error)}`);
  const event = createCloudEvent({
    source: input.source,
    type: input.type,
    subject: input.subject,
    data: data.data,
    id: input.id,
    time: input.time,
  });
  return { topic: entry.topic, event: event as KnownEvent };
}
