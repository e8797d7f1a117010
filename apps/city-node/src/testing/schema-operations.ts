import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { RESOLVER_NAME_METADATA, RESOLVER_PROPERTY_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { gql } from '@ypf/testing';
import { type Permission, PERMISSION_KEY } from '../auth/permissions.js';

/** The two parent types of every city operation: reads hang off CityNode, writes off CityMutation. */
export const OPERATION_PARENTS = ['CityNode', 'CityMutation'] as const;
export type OperationParent = (typeof OPERATION_PARENTS)[number];

export interface CityOperation {
  parent: OperationParent;
  name: string;
  field: GraphQLField<unknown, unknown>;
  /** `CityNode.me`, `CityMutation.login` */
  key: string;
}

/** The schema the node actually serves (introspection is on outside production). */
export async function introspectNode(url: string): Promise<GraphQLSchema> {
  const r = await gql<IntrospectionQuery>(url, getIntrospectionQuery());
  if (r.errors || !r.data) throw new Error(`introspection failed: ${JSON.stringify(r.errors)}`);
  return buildClientSchema(r.data);
}

/** Every field of CityNode and CityMutation: the node's whole operation list. */
export function cityOperations(schema: GraphQLSchema): CityOperation[] {
  return OPERATION_PARENTS.flatMap((parent) => {
    const type = schema.getType(parent) as GraphQLObjectType | undefined;
    if (!type) throw new Error(`the schema has no ${parent} type`);
    return Object.values(type.getFields()).map((field) => ({ parent, name: field.name, field, key: `${parent}.${field.name}` }));
  });
}

export interface DeclaredResolver {
  className: string;
  method: string;
  /** The method the guard reads the declaration from. */
  handler: object;
  permission: Permission | undefined;
}

/**
 * The permission each CityNode / CityMutation field's resolver declares, read from the running app's resolver classes
 * exactly as the guard reads it (handler first, then class). A field with no resolver is absent from the map.
 */
export function declaredPermissions(app: INestApplication): Map<string, DeclaredResolver> {
  // Built over the app's own module container: works whether or not a module imported DiscoveryModule.
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const out = new Map<string, DeclaredResolver>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || !wrapper.metatype || typeof wrapper.metatype !== 'function') continue;
    const cls = wrapper.metatype as new (...args: never[]) => unknown;
    const parent = Reflect.getMetadata(RESOLVER_TYPE_METADATA, cls) as string | undefined;
    if (!parent || !(OPERATION_PARENTS as readonly string[]).includes(parent)) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
      if (!Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, handler)) continue;
      const fieldName = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? method;
      const key = `${parent}.${fieldName}`;
      if (out.has(key)) throw new Error(`${key} has two resolvers: ${out.get(key)!.className} and ${cls.name}`);
      out.set(key, { className: cls.name, method, handler, permission: reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [handler, cls]) });
    }
  }
  return out;
}

/** An id of this city's shape that names nothing. */
export const probeId = (city: string) => `${city}:01JAAAAAAAAAAAAAAAAAAAAAAA`;

/** The smallest value GraphQL accepts for a type: required input fields only, one-element lists, the first enum value. */
export function minimalValue(type: GraphQLInputType, city: string): unknown {
  if (isNonNullType(type)) return minimalValue(type.ofType, city);
  if (isListType(type)) return [minimalValue(type.ofType, city)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, minimalValue(f.type, city)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return probeId(city);
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      default:
        return 'matrix probe';
    }
  }
  throw new Error(`no minimal value for ${String(type)}`);
}

export const requiredArgs = (field: GraphQLField<unknown, unknown>): GraphQLArgument[] =>
  field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** `{ __typename }` for object results, nothing for scalars and enums. */
export const selectionOf = (field: GraphQLField<unknown, unknown>) => (isCompositeType(getNamedType(field.type)) ? '{ __typename }' : '');

/**
 * One operation as a document with variables: reads through the Region entity (`_entities`, the path the gateway takes),
 * writes under `Mutation.<city>`. The answer's value sits at `data.<root>…<field>`.
 */
export function operationDocument(city: string, op: CityOperation, args: readonly GraphQLArgument[]): string {
  const decl = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const field = `${op.name}${call ? `(${call})` : ''} ${selectionOf(op.field)}`;
  if (op.parent === 'CityMutation') return `mutation${decl ? `(${decl})` : ''} { ${city} { ${field} } }`;
  return `query${decl ? `(${decl})` : ''} { _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region { ${city} { ${field} } } } }`;
}
