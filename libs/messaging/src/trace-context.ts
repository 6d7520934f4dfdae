import {
  Context,
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  TextMapGetter,
  trace,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/** W3C trace context as an outbox row stores it (null: written outside any trace). */
export interface StoredTraceContext {
  traceparent: string | null;
  tracestate: string | null;
}

const tracer = trace.getTracer('@mstore/messaging');

/**
 * The caller's trace context, to store with an outbox row in the same write as the state change:
 * the relay publishes later, in another context, yet the event belongs to the request's trace.
 */
export function captureTraceContext(): StoredTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { traceparent: carrier['traceparent'] ?? null, tracestate: carrier['tracestate'] ?? null };
}

const headerGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(String) : String(value);
  },
};

/** The context a stored row or a message's headers carry; ROOT_CONTEXT when there is none. */
export function contextFrom(carrier: IHeaders | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier, headerGetter) : ROOT_CONTEXT;
}

/** Ends a span with the outcome of the work it measured. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
  }
  span.end();
}

/**
 * Runs a consumer's handling of one message in a CONSUMER span that is a child of the context
 * the message's headers carry (not a link): the relay publishes after the request has answered,
 * but the event is caused by it, and one trace per order, from the click to the notification, is
 * what an operator opening a slow or failed order wants to read.
 */
export async function inMessageSpan<T>(
  topic: string,
  headers: IHeaders | undefined,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(
    `${topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': topic,
        ...attributes,
      },
    },
    contextFrom(headers),
  );
  try {
    const result = await context.with(trace.setSpan(context.active(), span), work);
    endSpan(span);
    return result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/** Starts the PRODUCER span of one outbox message, a child of the context stored with its row. */
export function startPublishSpan(
  topic: string,
  stored: Partial<StoredTraceContext>,
  attributes: Record<string, string>,
): { span: Span; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (!stored.traceparent) {
    // written outside a trace (a sweeper, an old row): the consumer starts a trace of its own
    return { span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT), headers };
  }
  const parent = contextFrom({
    traceparent: stored.traceparent,
    ...(stored.tracestate ? { tracestate: stored.tracestate } : {}),
  });
  const span = tracer.startSpan(
    `${topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        ...attributes,
      },
    },
    parent,
  );
  propagation.inject(trace.setSpan(parent, span), headers);
  return { span, headers };
}
