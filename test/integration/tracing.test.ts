import { describe, expect, it } from 'vitest';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '../../src/config/config.js';
import { DEMO_ANALYSED_ASSET_ID, DEMO_ASSET_ID, DEMO_PROJECT_ID, DEMO_WORKSPACE } from '../../src/dev/emulator/seed.js';
import { follow, within } from '../helpers/live.js';
import { TENANT_KEY, useStack } from '../helpers/stack.js';

describe('OpenTelemetry tracing', () => {
  it('is off by default and on when an OTLP endpoint or exporter is configured', () => {
    expect(loadConfig({}).tracing.exporter).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' }).tracing).toEqual({ exporter: 'otlp', otlpEndpoint: 'http://127.0.0.1:4318' });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).tracing.exporter).toBe('console');
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).tracing.exporter).toBeNull();
  });

  describe('with an in-memory exporter', () => {
    const exporter = new InMemorySpanExporter();
    const stack = useStack({ deps: { spanExporter: exporter } });

    it('records the operation and its upstream call, and sends traceparent to the vendor', async () => {
      const res = await stack.gql(/* GraphQL */ `mutation Traced($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }`, {
        input: { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ASSET_ID), analysisPersonCount: 2 },
      });
      expect(res.body.errors).toBeUndefined();
      const spans = exporter.getFinishedSpans();
      const request = spans.find((s) => s.name === 'graphql mutation Traced');
      const upstream = spans.find((s) => s.name === 'upstream index');
      expect(request?.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'http.response.status_code': 200 });
      expect(upstream?.attributes).toMatchObject({ 'mi.upstream.endpoint': 'index', 'http.response.status_code': 200 });
      expect(upstream!.spanContext().traceId).toBe(request!.spanContext().traceId);
      expect(upstream!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
      const [call] = stack.emulator.requests.filter((r) => r.method === 'POST');
      expect(call!.traceparent).toBe(`00-${upstream!.spanContext().traceId}-${upstream!.spanContext().spanId}-01`);
      expect(call!.signatureValid).toBe(true);
    });

    it("traces a subscription's status polls as root spans and sends their traceparent to the vendor", async () => {
      exporter.reset();
      stack.emulator.clearRequests();
      const f = follow(
        stack.gateway.url,
        { authorization: `Bearer ${TENANT_KEY}` },
        { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: String(DEMO_ANALYSED_ASSET_ID) },
      );
      try {
        await within('the stream to end', f.ended);
      } finally {
        await f.dispose();
      }
      const polls = exporter.getFinishedSpans().filter((span) => span.name === 'upstream index-status');
      expect(polls.length).toBeGreaterThan(0);
      const sent = stack.emulator.requests.filter((r) => r.target.endsWith('/index/status')).map((r) => r.traceparent);
      expect(sent.length).toBeGreaterThan(0);
      for (const traceparent of sent)
        expect(polls.some((span) => traceparent === `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`)).toBe(true);
    });

    it("continues the caller's trace from a valid traceparent, and starts a new one from an invalid one", async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const callerSpanId = '00f067aa0ba902b7';
      const input = { workspaceName: DEMO_WORKSPACE, projectId: String(DEMO_PROJECT_ID), assetId: '424242', analysisPersonCount: 2 };
      exporter.reset();
      await stack.gql(
        /* GraphQL */ `mutation Continued($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }`,
        { input },
        { traceparent: `00-${traceId}-${callerSpanId}-01` },
      );
      const continued = exporter.getFinishedSpans().find((s) => s.name === 'graphql mutation Continued');
      expect(continued!.spanContext().traceId).toBe(traceId);
      expect(continued!.parentSpanContext?.spanId).toBe(callerSpanId);
      const upstream = exporter.getFinishedSpans().find((s) => s.name === 'upstream index');
      expect(upstream!.spanContext().traceId).toBe(traceId);

      exporter.reset();
      await stack.gql(
        /* GraphQL */ `mutation Fresh($input: AnalyzeInput!) { analyzeAsset(input: $input) { id } }`,
        { input },
        { traceparent: `00-${'0'.repeat(32)}-${callerSpanId}-01` },
      );
      const fresh = exporter.getFinishedSpans().find((s) => s.name === 'graphql mutation Fresh');
      expect(fresh!.spanContext().traceId).not.toBe('0'.repeat(32));
      expect(fresh!.parentSpanContext).toBeUndefined();
    });
  });
});
