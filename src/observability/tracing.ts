import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapGetter, trace, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { TracingConfig } from '../config/config.js';

export interface Tracing {
  /**
   * The span of one GraphQL request: a child of the caller's W3C `traceparent` (and `tracestate`) when the
   * request carries a valid one, a root span otherwise (no global context manager is installed).
   */
  startRequest(requestId: string, headers?: Readonly<Record<string, string | string[] | undefined>>): Span;
  /** A client span for one vendor call, child of the request's span, and its W3C `traceparent`. */
  startUpstream(parent: Span | undefined, endpoint: string, method: string): { span: Span; traceparent: string };
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing, off unless configured. Spans are parented explicitly (request span ->
 * upstream span) instead of through a global context manager, so several gateways in one process
 * (tests) keep separate providers.
 */
export function createTracing(config: TracingConfig, exporter?: SpanExporter): Tracing | null {
  const chosen = exporter ?? toExporter(config);
  if (!chosen) return null;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'mi-gateway' }),
    // An injected exporter (tests) gets spans at once; real exporters get batches.
    spanProcessors: [exporter ? new SimpleSpanProcessor(chosen) : new BatchSpanProcessor(chosen)],
  });
  const tracer: Tracer = provider.getTracer('mi-gateway');
  const propagator = new W3CTraceContextPropagator();
  return {
    startRequest(requestId, headers) {
      // An invalid or absent traceparent leaves the context as it was: the span is then a root.
      const parent = headers ? propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter) : ROOT_CONTEXT;
      return tracer.startSpan('graphql.request', { kind: SpanKind.SERVER, attributes: { 'mi.request_id': requestId } }, parent);
    },
    startUpstream(parent, endpoint, method) {
      const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        `upstream ${endpoint}`,
        { kind: SpanKind.CLIENT, attributes: { 'mi.upstream.endpoint': endpoint, 'http.request.method': method } },
        context,
      );
      const { traceId, spanId, traceFlags } = span.spanContext();
      return { span, traceparent: `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}` };
    },
    shutdown: () => provider.shutdown(),
  };
}

function toExporter(config: TracingConfig): SpanExporter | null {
  switch (config.exporter) {
    case null:
      return null;
    case 'console':
      return new ConsoleSpanExporter();
    case 'otlp':
      return new OTLPTraceExporter(config.otlpEndpoint ? { url: `${config.otlpEndpoint}/v1/traces` } : {});
  }
}

export function endSpan(span: Span, errorCode: string | null, attributes: Record<string, string | number>): void {
  span.setAttributes(attributes);
  if (errorCode !== null) span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
  span.end();
}
