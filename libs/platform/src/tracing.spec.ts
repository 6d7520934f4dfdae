import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { EntrySpanSampler, samplerFromEnv } from './tracing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const withParent = (flags: TraceFlags) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags: flags,
    isRemote: true,
  });
const decide = (sampler: EntrySpanSampler, kind: SpanKind, context = ROOT_CONTEXT) =>
  sampler.shouldSample(context, TRACE_ID, 'span', kind, {}, []).decision;

describe(EntrySpanSampler.name, () => {
  const sampler = new EntrySpanSampler(samplerFromEnv({}));

  it('starts traces at incoming requests and messages', () => {
    expect(decide(sampler, SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, SpanKind.CONSUMER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('drops parentless background spans (polls, heartbeats)', () => {
    for (const kind of [SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.INTERNAL])
      expect(decide(sampler, kind)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('follows the parent otherwise (default parentbased_always_on)', () => {
    const sampled = withParent(TraceFlags.SAMPLED);
    const unsampled = withParent(TraceFlags.NONE);
    expect(decide(sampler, SpanKind.CLIENT, sampled)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, SpanKind.SERVER, unsampled)).toBe(SamplingDecision.NOT_RECORD);
  });
});

describe(samplerFromEnv.name, () => {
  it('reads OTEL_TRACES_SAMPLER and its ratio', () => {
    expect(samplerFromEnv({}).toString()).toMatch(/ParentBased.*AlwaysOn/);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toMatch(/AlwaysOff/);
    expect(
      samplerFromEnv({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).toString(),
    ).toMatch(/TraceIdRatioBased\{0.25\}/);
  });
});
