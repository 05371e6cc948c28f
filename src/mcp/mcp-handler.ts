import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
// The low-level Server: the tools' JSON Schemas are derived from GraphQL at startup (McpServer wants zod schemas).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { IncomingHeaders } from '../edge/authenticate.js';
import { ErrorCode, HTTP_STATUS } from '../common/errors.js';
import { BodyTooLargeError, readBody } from '../http/read-body.js';
import { sendGraphQLError, sendJson } from '../http/send.js';
import type { Logger } from '../observability/logger.js';
import type { Tenant } from '../config/tenants.js';
import type { McpTool } from './load-tools.js';
import { errorResult, toolError, type ToolResult } from './tool-errors.js';
import type { ToolCall } from './run-tool.js';

export interface McpHandlerOptions {
  tools: readonly McpTool[];
  runTool: (tool: McpTool, call: ToolCall) => Promise<ToolResult>;
  authenticate: (headers: IncomingHeaders) => Tenant | null;
  maxBodyBytes: number;
  log: Logger;
  /** Sessions kept per tenant; the least recently used goes first. */
  maxSessionsPerTenant?: number;
  /** A session unused this long is closed. */
  idleMs?: number;
}

export interface McpHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  tenantId: string;
  lastUsed: number;
}

export const UNAUTHENTICATED_MESSAGE = 'Missing or unknown API key: send Authorization: Bearer <apiKey>';

/** MCP's Streamable HTTP transport at /mcp: one MCP server and transport per session, each bound to one tenant. */
export function createMcpHandler(options: McpHandlerOptions): McpHandler {
  const { tools, runTool, authenticate, log } = options;
  const maxSessions = options.maxSessionsPerTenant ?? 100;
  const idleMs = options.idleMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();
  const byName = new Map(tools.map((t) => [t.name, t]));
  const listed = tools.map((t) => ({
    name: t.name,
    title: t.operationName,
    description: t.description,
    inputSchema: t.inputSchema,
    outputSchema: t.outputSchema,
    annotations: { readOnlyHint: t.operationType === 'query', idempotentHint: true, openWorldHint: true },
  }));

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const session of sessions.values()) if (now - session.lastUsed > idleMs) void session.transport.close();
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();

  const newSession = (tenant: Tenant): StreamableHTTPServerTransport => {
    const mine = [...sessions.entries()].filter(([, s]) => s.tenantId === tenant.id).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [, oldest] of mine.slice(0, Math.max(0, mine.length - maxSessions + 1))) void oldest.transport.close();
    const server = new Server({ name: 'mi-gateway', version: '0.1.0' }, { capabilities: { tools: { listChanged: false } } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const tool = byName.get(request.params.name);
      if (!tool) return errorResult(toolError(ErrorCode.BAD_USER_INPUT, `No tool named ${JSON.stringify(request.params.name)}; tools/list shows the tools`));
      const progressToken = request.params._meta?.progressToken;
      return runTool(tool, {
        tenant,
        sessionId: extra.sessionId ?? '',
        rpcId: extra.requestId,
        args: request.params.arguments ?? {},
        signal: extra.signal,
        progress:
          progressToken === undefined
            ? undefined
            : (step, message) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: step, message } }),
      });
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, tenantId: tenant.id, lastUsed: Date.now() });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    void server.connect(transport);
    return transport;
  };

  return {
    async handle(req, res) {
      const tenant = authenticate(req.headers);
      if (!tenant) {
        res.setHeader('www-authenticate', 'Bearer');
        return sendGraphQLError(res, HTTP_STATUS.UNAUTHENTICATED!, UNAUTHENTICATED_MESSAGE, ErrorCode.UNAUTHENTICATED);
      }
      // POST bodies are read here, bounded by MAX_BODY_BYTES, whichever session they belong to.
      let body: unknown;
      if (req.method === 'POST') {
        try {
          body = JSON.parse(await readBody(req, options.maxBodyBytes));
        } catch (error) {
          if (error instanceof BodyTooLargeError)
            return sendJson(res, 413, rpcError(-32000, `Request body larger than ${options.maxBodyBytes} bytes`), { connection: 'close' });
          return sendJson(res, 400, rpcError(-32700, 'Parse error: the body must be JSON'));
        }
      }
      const header = req.headers['mcp-session-id'];
      const sessionId = Array.isArray(header) ? header[0] : header;
      if (sessionId !== undefined) {
        const session = sessions.get(sessionId);
        // Another tenant's session is answered exactly like an unknown one: nothing tells it exists.
        if (!session || session.tenantId !== tenant.id) return sendJson(res, 404, rpcError(-32001, 'Session not found'));
        session.lastUsed = Date.now();
        return session.transport.handleRequest(req, res, body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(body))
        return sendJson(res, 400, rpcError(-32000, 'Bad Request: no mcp-session-id header; start with an initialize POST'));
      log.debug({ tenantId: tenant.id }, 'mcp session starting');
      return newSession(tenant).handleRequest(req, res, body);
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => {})));
      sessions.clear();
    },
  };
}

function rpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
