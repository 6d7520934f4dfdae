import { Attributes, Context, Link, SpanKind, trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  Sampler,
  SamplingDecision,
  SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { IncomingMessage } from 'node:http';

/** Probes and scrapes: many a minute, nothing an operator wants in a trace. */
const UNTRACED_PATHS = /^\/(health\/|metrics|favicon)/;

/**
 * OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as the spec names them; the default is
 * parentbased_always_on (every trace an incoming request starts, and whatever its caller
 * sampled). Built here because the SDK's own env factory is not exported and passing a sampler
 * to NodeSDK bypasses it.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv = process.env): Sampler {
  const ratio = () => {
    const arg = Number(env['OTEL_TRACES_SAMPLER_ARG'] ?? '1');
    return Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1;
  };
  switch (env['OTEL_TRACES_SAMPLER']) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/**
 * A trace starts only where work enters the service: an incoming request (SERVER) or a message
 * (CONSUMER). Client, producer and internal spans without a parent come from background work
 * (outbox relay polls, Eureka heartbeats and registry fetches, sweepers) and would flood the
 * trace backend with one-span traces every second, so they are not recorded.
 */
export class EntrySpanSampler implements Sampler {
  constructor(private readonly delegate: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const entry = kind === SpanKind.SERVER || kind === SpanKind.CONSUMER;
    if (!entry && !trace.getSpanContext(context)) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return this.delegate.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `EntrySpanSampler{${this.delegate.toString()}}`;
  }
}

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry tracing before the app's modules load (import the app's tracing.ts first
 * in main.ts, so the instrumentations patch http, undici, mysql2, mongodb and pino as they are
 * required). Configured only by the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (default
 * http://localhost:4318, OTLP http/protobuf), OTEL_TRACES_SAMPLER (default parentbased_always_on),
 * OTEL_SERVICE_NAME (default the app's name), OTEL_SDK_DISABLED=true turns it all off. Spans are
 * batched and exported in the background: with no backend listening a batch is dropped quietly
 * (the SDK logs only when OTEL_LOG_LEVEL asks it to) and no request waits for it.
 */
export function startTracing(serviceName: string): void {
  if (sdk) return;
  sdk = new NodeSDK({
    serviceName: process.env['OTEL_SERVICE_NAME'] || serviceName,
    sampler: new EntrySpanSampler(samplerFromEnv()),
    // traces only: metrics stay on Prometheus' /metrics, logs on stdout
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.test(request.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new MySQL2Instrumentation(),
      new MongoDBInstrumentation({ requireParentSpan: true }),
      // trace_id and span_id on every line logged inside a span; the lines stay on stdout
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
}

/** Flushes the spans still batched; runService calls it before the process exits. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
