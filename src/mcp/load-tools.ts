import { readFileSync, readdirSync } from 'node:fs';
import {
  Kind,
  parse,
  typeFromAST,
  valueFromAST,
  validate,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { isRequired, toJsonSchema, type JsonSchema } from './json-schema.js';

/** mcp/tools/ at the package root: this module sits in src/mcp/ (and dist/mcp/), two levels below it. */
export const TOOLS_DIR = new URL('../../mcp/tools/', import.meta.url);

export interface McpTool {
  /** The file name without .graphql, e.g. analyze-asset. */
  name: string;
  description: string;
  operationName: string;
  operationType: 'query' | 'mutation';
  document: string;
  /** The operation's variable definitions, for coercing arguments before anything runs. */
  variableDefinitions: OperationDefinitionNode['variableDefinitions'];
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema: JsonSchema & { type: 'object' };
}

/** Arguments every mutation tool offers besides its variables. */
export const IDEMPOTENCY_KEY_ARG = 'idempotencyKey';
/** Argument of query tools whose operation is analysisStatus. */
export const WAIT_ARG = 'waitForTerminal';

/** Reads every mcp/tools/*.graphql: one operation a file, checked against the gateway schema at startup. */
export function loadTools(schema: GraphQLSchema, dir: URL = TOOLS_DIR): McpTool[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  return files.map((file) => toTool(schema, file.slice(0, -'.graphql'.length), readFileSync(new URL(file, dir), 'utf8')));
}

export function toTool(schema: GraphQLSchema, name: string, source: string): McpTool {
  const where = `mcp/tools/${name}.graphql`;
  const document: DocumentNode = parse(source, { noLocation: false });
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || document.definitions.length !== 1) throw new Error(`${where}: exactly one operation (and no fragments) per file`);
  const operation = operations[0]!;
  if (operation.operation === 'subscription' || !operation.name) throw new Error(`${where}: a named query or mutation`);
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`${where}: ${errors.map((e) => e.message).join('; ')}`);
  const description = leadingComment(source);
  if (!description) throw new Error(`${where}: describe the tool in a leading # comment`);

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType;
    const property = toJsonSchema(type);
    const hasDefault = definition.defaultValue !== undefined;
    if (hasDefault) property['default'] = valueFromAST(definition.defaultValue, type);
    properties[definition.variable.name.value] = property;
    if (isRequired(type, hasDefault)) required.push(definition.variable.name.value);
  }
  if (operation.operation === 'mutation') {
    properties[IDEMPOTENCY_KEY_ARG] = {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description:
        'Optional. Calls with the same key (per tenant, 24 h) run once; a retry gets the first answer. Without it, a retry of the same session and request id is recognised.',
    };
  }
  if (isStatusTool(operation)) {
    properties[WAIT_ARG] = {
      type: 'boolean',
      default: false,
      description: 'Wait (up to 45 s; then the current state) for a terminal state, sending progress notifications meanwhile.',
    };
  }
  return {
    name,
    description,
    operationName: operation.name.value,
    operationType: operation.operation,
    document: source,
    variableDefinitions: operation.variableDefinitions,
    inputSchema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
    outputSchema: outputSchemaOf(operation),
  };
}

/** A loose schema of the answer: the operation's root fields (each may be null), plus errors when isError. */
function outputSchemaOf(operation: OperationDefinitionNode): JsonSchema & { type: 'object' } {
  const properties: Record<string, JsonSchema> = {};
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    properties[key] = { type: ['object', 'null'] };
  }
  properties['error'] = { type: 'object', description: 'Set when isError: code, retryable, retryAfterSeconds, hint' };
  return { type: 'object', properties, additionalProperties: true };
}

export function isStatusTool(operation: Pick<OperationDefinitionNode, 'operation' | 'selectionSet'>): boolean {
  return operation.operation === 'query' && operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'analysisStatus');
}

/** The `#` lines before the operation, joined into one paragraph. */
function leadingComment(source: string): string {
  const lines: string[] = [];
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) lines.push(trimmed.replace(/^#+\s?/, ''));
    else if (trimmed !== '') break;
  }
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}
