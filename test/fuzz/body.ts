import fc from 'fast-check';
import { hostileJson, hostileJsonBody, hostileXml, Labeled, labeled, malformedJson } from './hostile-values';
import { RawJson, toJsonText, withKey } from './json-text';

/** valid: accepted as it is; hostile-field: valid but for one field; garbage: not the endpoint's shape at all. */
export type DraftKind = 'valid' | 'hostile-field' | 'garbage';

/** One field of a request body: what a valid value looks like, and values that nearly are. */
export interface FieldSpec {
  valid: fc.Arbitrary<unknown>;
  /** Values of the right type that break one rule of this field (a CSR that does not verify, a name too long). */
  near?: fc.Arbitrary<unknown>;
  optional?: boolean;
  /** An object field whose own fields are also fuzzed one at a time. */
  fields?: ObjectSpec;
}
export type ObjectSpec = Record<string, FieldSpec>;

export interface BodyDraft {
  kind: DraftKind;
  label: string;
  bytes: Buffer;
  contentType: string;
}

/** Valid objects of a spec; an optional field is sometimes left out. */
export function validObject(spec: ObjectSpec): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(spec).map(([key, field]) => {
    const value = field.fields ? fc.oneof(field.valid, validObject(field.fields)) : field.valid;
    return [key, field.optional ? fc.option(value, { nil: undefined, freq: 3 }) : value] as const;
  });
  return fc.tuple(...entries.map(([, arbitrary]) => arbitrary)).map((values) => {
    const body: Record<string, unknown> = {};
    entries.forEach(([key], i) => {
      if (values[i] !== undefined) body[key] = values[i];
    });
    return body;
  });
}

/** Every field path of a spec, nested ones included, with its spec. */
function fieldPaths(spec: ObjectSpec, prefix: string[] = []): Array<[string[], FieldSpec]> {
  return Object.entries(spec).flatMap(([key, field]) => [
    [[...prefix, key], field] as [string[], FieldSpec],
    ...(field.fields ? fieldPaths(field.fields, [...prefix, key]) : []),
  ]);
}

const EXTRA_KEYS = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toJSON', 'status', 'requestId', 'owner', 'isAdmin', ''),
  fc.string({ minLength: 1, maxLength: 12 }),
);

type Change = { kind: 'set'; value: unknown } | { kind: 'drop' };

/** A deep copy that keeps RawJson leaves and own `__proto__` keys. */
function copyOf<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (value === null || typeof value !== 'object' || value instanceof RawJson) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) withKey(copy, key, copyOf((value as Record<string, unknown>)[key]));
  return copy as T;
}

/** A copy of `body` with `change` made at `path`; a missing parent object is made. */
function changed(body: Record<string, unknown>, path: string[], change: Change): Record<string, unknown> {
  const copy = copyOf(body);
  let parent = copy;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    parent =
      next !== null && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : (parent[key] = {} as Record<string, unknown>);
  }
  const last = path[path.length - 1];
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- dropping a field of a JSON body is the change
  if (change.kind === 'drop') delete parent[last];
  else withKey(parent, last, change.value);
  return copy;
}

/** The valid body with one field made hostile (wrong type, near miss, dropped) or one key added. */
function oneHostileField(spec: ObjectSpec, valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Labeled<Record<string, unknown>>> {
  const paths = fieldPaths(spec);
  const atField = fc.nat({ max: paths.length - 1 }).chain((i) => {
    const [path, field] = paths[i];
    const name = path.join('.');
    const values: Array<fc.Arbitrary<Labeled<Change>>> = [
      hostileJson.map(({ label, value }) => ({ label: `${name}: ${label}`, value: { kind: 'set', value } })),
      fc.constant({ label: `${name}: missing`, value: { kind: 'drop' } }),
    ];
    if (field.near)
      values.unshift(
        labeled(
          `${name}: near miss`,
          field.near.map((value): Change => ({ kind: 'set', value })),
        ),
      );
    return fc.tuple(fc.constant(path), fc.oneof(...values));
  });
  const extraKey = fc.tuple(fc.nat({ max: paths.length }), EXTRA_KEYS, hostileJson).map(([i, key, hostile]) => {
    // At the top level, or beside one of the nested fields.
    const parent = i < paths.length ? paths[i][0].slice(0, -1) : [];
    const path: string[] = [...parent, key];
    return [path, { label: `extra key ${JSON.stringify(path.join('.'))}: ${hostile.label}`, value: { kind: 'set', value: hostile.value } }] as [
      string[],
      Labeled<Change>,
    ];
  });
  return fc
    .tuple(valid, fc.oneof({ weight: 5, arbitrary: atField }, { weight: 1, arbitrary: extraKey }))
    .map(([body, [path, change]]) => ({ label: change.label, value: changed(body, path, change.value) }));
}

/** Objects of a spec as plain values, valid or with one hostile field: items of a list in a body. */
export function objectsOf(spec: ObjectSpec): fc.Arbitrary<unknown> {
  const valid = validObject(spec);
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: oneHostileField(spec, valid).map(({ value }) => value) });
}

const json = (kind: DraftKind, label: string, value: unknown): BodyDraft => ({
  kind,
  label,
  bytes: Buffer.from(toJsonText(value)),
  contentType: 'application/json',
});

/** Garbage bodies: malformed JSON, a single hostile value, XML. */
export function garbageBody(validText?: string): fc.Arbitrary<BodyDraft> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: malformedJson(validText).map(({ label, value }) => ({
        kind: 'garbage' as const,
        label: `malformed JSON: ${label}`,
        bytes: value,
        contentType: 'application/json',
      })),
    },
    { weight: 2, arbitrary: hostileJsonBody.map(({ label, value }) => ({ kind: 'garbage' as const, label, bytes: value, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(hostileXml, fc.constantFrom('application/xml', 'text/xml', 'application/soap+xml; charset=utf-8', 'application/json'))
        .map(([{ label, value }, contentType]) => ({
          kind: 'garbage' as const,
          label: `XML body (${contentType.split(';')[0]}): ${label}`,
          bytes: Buffer.from(value),
          contentType,
        })),
    },
  );
}

/**
 * Bodies for an endpoint that takes `spec`: valid ones (so that some are accepted and run), valid ones but
 * for one hostile field (so that they reach deep validation and the worker), and garbage.
 */
export function bodyOf(spec: ObjectSpec, weights = { valid: 3, hostileField: 6, garbage: 3 }): fc.Arbitrary<BodyDraft> {
  const valid = validObject(spec);
  return fc.oneof(
    { weight: weights.valid, arbitrary: valid.map((body) => json('valid', 'valid', body)) },
    { weight: weights.hostileField, arbitrary: oneHostileField(spec, valid).map(({ label, value }) => json('hostile-field', label, value)) },
    { weight: weights.garbage, arbitrary: valid.chain((body) => garbageBody(toJsonText(body))) },
  );
}
