/**
 * Checks answers against the response schemas of an OpenAPI 3.1 document with
 * a real JSON Schema (draft 2020-12) validator. Used by the unit test of the
 * document and by the API end-to-end tests, which read the document Till serves.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { z } from "zod";

type Json = Record<string, unknown>;

const json = z.record(z.string(), z.unknown());
const mediaType = z.looseObject({ schema: json.optional() });

/** An operation, with what the tests read of it; other members pass through. */
const operation = z.looseObject({
  operationId: z.string().optional(),
  summary: z.string().optional(),
  parameters: z.array(z.looseObject({ name: z.string(), in: z.string() })).optional(),
  requestBody: z.looseObject({ content: z.record(z.string(), mediaType) }).optional(),
  responses: z.record(z.string(), z.looseObject({ $ref: z.string().optional(), description: z.string().optional(), content: z.record(z.string(), mediaType).optional() })),
});

/**
 * An OpenAPI 3.1 document as Till serves it, read loosely (members the tests do
 * not read pass through unchanged): path items hold operations only.
 */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), operation)),
  components: z.looseObject({ schemas: z.record(z.string(), json), responses: z.record(z.string(), json).optional() }),
});

export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;

export type ResponseSchema = { mediaType: string; schema: Json; description: string };

const COMPONENT_REF = "#/components/schemas/";

/** A copy of a schema whose `#/components/schemas/X` refs point at `#/$defs/X`, so that it stands alone. */
function rebased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebased);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith(COMPONENT_REF) ? `#/$defs/${v.slice(COMPONENT_REF.length)}` : rebased(v)]),
    );
  }
  return value;
}

/** A response object, following one `$ref` into components.responses. */
function resolveResponse(doc: OpenApiDocument, response: Json): Json {
  const target = response.$ref;
  if (typeof target !== "string") return response;
  const name = target.replace("#/components/responses/", "");
  const resolved = doc.components.responses?.[name];
  if (!resolved) throw new Error(`unresolved response ${target}`);
  return resolved;
}

/**
 * The documented answer to `method path` with `status`. A path the document
 * does not have answers a 404 Problem, and a method a known path does not have
 * a 405 Problem (as the document's description says; OpenAPI has no place for
 * answers to operations that do not exist); anything else undocumented is an
 * error, so that an answer the document forgot fails.
 */
export function responseSchema(doc: OpenApiDocument, method: string, pathTemplate: string, status: number): ResponseSchema {
  const pathItem = doc.paths[pathTemplate];
  let response: Json | undefined;
  if (!pathItem) {
    if (status !== 404) throw new Error(`${pathTemplate} is not in the document, so only a 404 is expected of it (got ${status})`);
    response = undocumentedProblem("`not_found`: no such path");
  } else if (!pathItem[method.toLowerCase()]) {
    if (status !== 405) throw new Error(`${method} ${pathTemplate} is not in the document, so only a 405 is expected of it (got ${status})`);
    response = undocumentedProblem("`method_not_allowed`: the path exists, the method does not");
  } else {
    response = pathItem[method.toLowerCase()]!.responses?.[String(status)];
  }
  if (!response) throw new Error(`the document describes no ${status} answer to ${method} ${pathTemplate}`);
  const resolved = resolveResponse(doc, response);
  const content = resolved.content as Record<string, { schema?: Json }> | undefined;
  const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
  if (!mediaType || !media?.schema) throw new Error(`the ${status} answer to ${method} ${pathTemplate} has no schema`);
  return { mediaType, schema: media.schema, description: typeof resolved.description === "string" ? resolved.description : "" };
}

function undocumentedProblem(description: string): Json {
  return { description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };
}

/**
 * A validator for the document: strict Ajv (unknown keywords and formats are
 * errors, so a schema Ajv cannot understand fails instead of passing quietly),
 * with every component schema available to every response schema.
 */
export function contractValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const defs = rebased(doc.components.schemas) as Json;
  const cache = new Map<string, ValidateFunction>();

  const compile = (schema: Json): ValidateFunction => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile({ ...(rebased(schema) as Json), $defs: defs });
      cache.set(key, validate);
    }
    return validate;
  };

  /** The validation errors of `value` against `schema` (a schema of the document), or [] when it conforms. */
  const errorsOf = (schema: Json, value: unknown): string[] => {
    const validate = compile(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  };

  return {
    errorsOf,
    /** Errors of `value` against the named component schema. */
    componentErrors: (name: string, value: unknown) => {
      if (!doc.components.schemas[name]) throw new Error(`no component schema ${name}`);
      return errorsOf({ $ref: `${COMPONENT_REF}${name}` }, value);
    },
    /** Errors of an answer's body against the schema the document gives for it. */
    answerErrors: (method: string, pathTemplate: string, status: number, body: unknown) => errorsOf(responseSchema(doc, method, pathTemplate, status).schema, body),
  };
}
