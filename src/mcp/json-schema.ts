import { GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, type GraphQLScalarType, type GraphQLInputType } from 'graphql';

export type JsonSchema = Record<string, unknown>;

/** Input objects nest at most this deep (the SDL has no recursive inputs; this only stops a future one). */
const MAX_DEPTH = 8;

/** The JSON Schema of a GraphQL input type: enums listed, non-null fields required, input objects expanded. */
export function toJsonSchema(type: GraphQLInputType, description?: string | null, depth = 0): JsonSchema {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  const schema = describeType(inner, depth);
  if (description) schema['description'] = description;
  return schema;
}

/** Whether a variable or field of this type must be given (non-null without a default). */
export function isRequired(type: GraphQLInputType, hasDefault: boolean): boolean {
  return type instanceof GraphQLNonNull && !hasDefault;
}

function describeType(type: GraphQLInputType, depth: number): JsonSchema {
  if (type instanceof GraphQLList) return { type: 'array', items: toJsonSchema(type.ofType, null, depth) };
  if (type instanceof GraphQLEnumType) return { type: 'string', enum: type.getValues().map((v) => v.name) };
  if (type instanceof GraphQLInputObjectType) {
    if (depth >= MAX_DEPTH) return { type: 'object' };
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of Object.values(type.getFields())) {
      properties[field.name] = toJsonSchema(field.type, field.description, depth + 1);
      if (field.defaultValue !== undefined) properties[field.name]!['default'] = field.defaultValue;
      if (isRequired(field.type, field.defaultValue !== undefined)) required.push(field.name);
    }
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
  }
  return scalarSchema(type as GraphQLScalarType);
}

function scalarSchema(type: GraphQLScalarType): JsonSchema {
  switch (type.name) {
    case 'String':
      return { type: 'string' };
    case 'ID':
      return { type: 'string', description: 'An id (a string; a whole number is accepted too)' };
    case 'Int':
      return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'Float':
      return { type: 'number' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'DateTime':
      return { type: 'string', format: 'date-time' };
    default:
      // JSON and any scalar added later: any value, checked by the scalar itself.
      return {};
  }
}
