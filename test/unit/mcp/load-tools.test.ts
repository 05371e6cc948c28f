import { describe, expect, it } from 'vitest';
import { toTool } from '../../../src/mcp/load-tools.js';
import { buildGatewaySchema } from '../../../src/graphql/schema.js';

const schema = buildGatewaySchema();

describe('MCP tools from GraphQL operation files', () => {
  it('derives the input schema from the variable types: required, defaults, enums, expanded inputs, lists', () => {
    const tool = toTool(
      schema,
      'request-index',
      '# Custom scenes.\n# Second line.\nmutation R($input: RequestIndexInput!) { requestIndex(input: $input) { id } }',
    );
    expect(tool.description).toBe('Custom scenes. Second line.');
    expect(tool.operationType).toBe('mutation');
    expect(tool.inputSchema.required).toEqual(['input']);
    const props = tool.inputSchema.properties as Record<string, any>;
    expect(props['input'].additionalProperties).toBe(false);
    expect(props['input'].properties.tagIds).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(props['input'].properties.minSceneDurationSec.description).toMatch(/give both or neither/);
    expect(props['input'].properties.sceneRange.enum).toEqual(['EXTRA_SHORT', 'SHORT', 'MEDIUM', 'LONG']);
    expect(props['idempotencyKey']).toMatchObject({ type: 'string', maxLength: 255 });
    expect(tool.outputSchema.properties).toHaveProperty('requestIndex');
  });

  it('a variable with a default is optional; query tools offer no idempotencyKey', () => {
    const tool = toTool(schema, 'w', '# Workspaces.\nquery W($n: Int! = 3) { workspaces(pageSize: $n) { totalCount } }');
    expect(tool.inputSchema.required).toBeUndefined();
    expect(tool.inputSchema.properties).toEqual({ n: { type: 'integer', minimum: -2147483648, maximum: 2147483647, default: 3 } });
  });

  it('refuses a file at startup that is not one described, valid operation', () => {
    expect(() => toTool(schema, 'x', 'query A { viewer { tenantId } }')).toThrow('mcp/tools/x.graphql: describe the tool in a leading # comment');
    expect(() => toTool(schema, 'x', '# two\nquery A { viewer { tenantId } } query B { viewer { tenantId } }')).toThrow(/exactly one operation/);
    expect(() => toTool(schema, 'x', '# bad\nquery A { viewer { nope } }')).toThrow(/mcp\/tools\/x.graphql: Cannot query field "nope"/);
    expect(() => toTool(schema, 'x', '# sub\nsubscription S { analysisProgress(workspaceName: "w", projectId: 1, assetId: 2) { status } }')).toThrow(
      /named query or mutation/,
    );
  });
});
