/**
 * SCIM PATCH (RFC 7644 §3.5.2) on a resource's JSON: add, replace and remove, with or without a
 * path, with value filters (`emails[type eq "work"].value`, `members[value eq "…"]`), and the forms
 * Microsoft Entra ID sends (capitalised ops, a value object of attribute paths, removing members by
 * a value list). Pure: the caller turns the patched JSON back into a row with the same mapping as
 * PUT, so PATCH and PUT validate alike. Unit tested in patch.test.ts.
 */
import { filter as tester, parse, type Filter } from "scim2-parse-filter";
import { MAX_PATCH_OPERATIONS, SCIM_PATCH } from "./constants";
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget } from "./errors";
import { stripUrn } from "./rules";

export type Json = Record<string, unknown>;
export type PatchOp = { op: "add" | "replace" | "remove"; path?: string; value?: unknown };

export type PatchOptions = {
  /** The resource's own schema URN(s): a path may be prefixed with them. */
  urns: string[];
  /** Extension schemas accepted and ignored (their attributes are not stored). */
  ignoredUrns?: string[];
  /** The resource's attribute names as it spells them, for case-insensitive paths. */
  canonical: string[];
};

const READ_ONLY = new Set(["id", "meta", "schemas"]);

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The operations of a PatchOp request body; a malformed one is 400 invalidSyntax (or invalidValue for a value). */
export function parsePatchRequest(body: unknown): PatchOp[] {
  if (!isObject(body)) throw invalidSyntax("Send a PatchOp JSON object.");
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === SCIM_PATCH.toLowerCase()))) {
    throw invalidSyntax(`A PATCH request names the schema ${SCIM_PATCH}.`);
  }
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax("A PATCH request carries a non-empty Operations list.");
  if (operations.length > MAX_PATCH_OPERATIONS) throw invalidSyntax(`At most ${MAX_PATCH_OPERATIONS} operations in one request.`);
  return operations.map((raw, i) => {
    if (!isObject(raw)) throw invalidSyntax(`Operation ${i + 1} is not an object.`);
    const op = typeof raw.op === "string" ? raw.op.trim().toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") throw invalidSyntax(`Operation ${i + 1}: "op" is add, replace or remove.`);
    if (raw.path !== undefined && raw.path !== null && typeof raw.path !== "string") throw invalidPath(`Operation ${i + 1}: "path" is a string.`);
    const path = typeof raw.path === "string" && raw.path.trim() !== "" ? raw.path.trim() : undefined;
    if (path && path.length > 1000) throw invalidPath(`Operation ${i + 1}: the path is too long.`);
    if (op !== "remove" && !("value" in raw)) throw invalidValue(`Operation ${i + 1}: ${op} needs a value.`);
    return { op, ...(path ? { path } : {}), ...("value" in raw ? { value: raw.value } : {}) } as PatchOp;
  });
}

type ParsedPath = { attr: string; filter?: Filter; sub?: string; ignored?: boolean };

/** `[urn:…:]attr[.sub]` or `attr[filter][.sub]`, with the attribute names as given. */
export function parsePath(path: string, options: PatchOptions): ParsedPath {
  for (const urn of options.ignoredUrns ?? []) {
    if (path.toLowerCase() === urn.toLowerCase() || path.toLowerCase().startsWith(`${urn.toLowerCase()}:`)) return { attr: path, ignored: true };
  }
  const rest = stripUrn(path, options.urns);
  const open = rest.indexOf("[");
  if (open >= 0) {
    const close = rest.lastIndexOf("]");
    if (close < open) throw invalidPath(`The path "${path}" has an unclosed "[".`);
    const attr = rest.slice(0, open).trim();
    const after = rest.slice(close + 1);
    if (after !== "" && !/^\.[A-Za-z$][\w$-]*$/.test(after)) throw invalidPath(`The path "${path}" is not valid.`);
    let ast: Filter;
    try {
      ast = parse(rest.slice(open + 1, close));
    } catch {
      throw invalidPath(`The value filter in "${path}" could not be parsed.`);
    }
    if (!/^[A-Za-z$][\w$-]*$/.test(attr)) throw invalidPath(`The path "${path}" is not valid.`);
    return { attr, filter: ast, ...(after ? { sub: after.slice(1) } : {}) };
  }
  const parts = rest.split(".");
  if (parts.length > 2 || parts.some((p) => !/^[A-Za-z$][\w$-]*$/.test(p))) throw invalidPath(`The path "${path}" is not valid.`);
  return { attr: parts[0]!, ...(parts[1] ? { sub: parts[1] } : {}) };
}

/** The key of `name` in `obj`, matched case-insensitively; else its canonical spelling; else as given. */
function keyOf(obj: Json, name: string, canonical: string[] = []): string {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? canonical.find((c) => c.toLowerCase() === lower) ?? name;
}

/** Lower-cases strings, so value filters match as SCIM's case-insensitive strings do. */
function lowered(value: unknown): unknown {
  if (typeof value === "string") return value.toLowerCase();
  if (Array.isArray(value)) return value.map(lowered);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lowered(v)]));
  return value;
}

function loweredFilter(f: Filter): Filter {
  switch (f.op) {
    case "and":
    case "or":
      return { ...f, filters: f.filters.map(loweredFilter) };
    case "not":
      return { ...f, filter: loweredFilter(f.filter) };
    case "[]":
      return { ...f, valFilter: loweredFilter(f.valFilter) };
    case "pr":
      return f;
    default:
      return { ...f, compValue: typeof f.compValue === "string" ? f.compValue.toLowerCase() : f.compValue };
  }
}

function matcher(f: Filter): (element: unknown) => boolean {
  const test = tester(loweredFilter(f));
  return (element) => isObject(element) && test(lowered(element));
}

/** The sub-attribute values an `eq`-only filter pins (type eq "work" → {type: "work"}), or null. */
function pinned(f: Filter): Json | null {
  if (f.op === "eq") return { [f.attrPath]: f.compValue };
  if (f.op === "and") {
    const parts = f.filters.map(pinned);
    return parts.every(Boolean) ? Object.assign({}, ...parts) : null;
  }
  return null;
}

/** Two elements of a multi-valued attribute are the same when their `value`s are (else when equal as JSON). */
function sameElement(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b) && "value" in a && "value" in b) return String(a.value).toLowerCase() === String(b.value).toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Applies the operations in order to a copy of the resource; throws ScimError 400 on a bad one. */
export function applyPatch(resource: Json, ops: PatchOp[], options: PatchOptions): Json {
  const out = structuredClone(resource);
  for (const op of ops) applyOne(out, op, options);
  return out;
}

function applyOne(target: Json, given: PatchOp, options: PatchOptions): void {
  const op = { ...given, op: given.op.toLowerCase() as PatchOp["op"] };
  if (!op.path) {
    if (op.op === "remove") throw noTarget("A remove operation needs a path.");
    if (!isObject(op.value)) throw invalidValue(`An ${op.op} without a path takes an object of attributes.`);
    for (const [key, value] of Object.entries(op.value)) {
      if (READ_ONLY.has(key.toLowerCase())) continue; // sent back as read; read-only, ignored (RFC 7643 §2.2)
      if (options.urns.some((u) => u.toLowerCase() === key.toLowerCase())) {
        if (!isObject(value)) throw invalidValue(`"${key}" takes an object of attributes.`);
        for (const [k, v] of Object.entries(value)) applyOne(target, { op: op.op, path: k, value: v }, options);
        continue;
      }
      applyOne(target, { op: op.op, path: key, value }, options);
    }
    return;
  }
  const path = parsePath(op.path, options);
  if (path.ignored) return;
  if (READ_ONLY.has(path.attr.toLowerCase())) throw mutability(`"${path.attr}" cannot be changed.`);
  const key = keyOf(target, path.attr, options.canonical);

  if (path.filter) {
    const list = target[key];
    const matches = matcher(path.filter);
    const elements = Array.isArray(list) ? list : [];
    const hits = elements.filter(matches);
    if (op.op === "remove") {
      if (hits.length === 0) return; // already gone: removing it again changes nothing
      if (!path.sub) target[key] = elements.filter((e) => !matches(e));
      else for (const e of hits) delete (e as Json)[keyOf(e as Json, path.sub)];
      return;
    }
    if (hits.length === 0) {
      // Entra sets emails[type eq "work"].value on people who have no work address yet: the
      // filter's own eq terms describe the element to create. Any other filter has no target.
      const seed = pinned(path.filter);
      if (!seed) throw noTarget(`No value of "${path.attr}" matches the filter.`);
      const created: Json = { ...seed };
      if (path.sub) created[path.sub] = op.value;
      else if (isObject(op.value)) Object.assign(created, op.value);
      else throw invalidValue(`"${op.path}" takes an object.`);
      target[key] = [...elements, created];
      return;
    }
    for (const e of hits as Json[]) {
      if (path.sub) e[keyOf(e, path.sub)] = op.value;
      else if (isObject(op.value)) Object.assign(e, op.value);
      else throw invalidValue(`"${op.path}" takes an object.`);
    }
    return;
  }

  if (path.sub) {
    const current = target[key];
    if (Array.isArray(current)) {
      // A sub-attribute of a multi-valued attribute without a filter: every value's (one, here).
      if (op.op === "remove") {
        for (const e of current) if (isObject(e)) delete e[keyOf(e, path.sub)];
      } else if (current.length === 0) {
        target[key] = [{ [path.sub]: op.value }];
      } else {
        for (const e of current) if (isObject(e)) e[keyOf(e, path.sub)] = op.value;
      }
      return;
    }
    if (op.op === "remove") {
      if (isObject(current)) delete current[keyOf(current, path.sub)];
      return;
    }
    const object = isObject(current) ? current : {};
    object[keyOf(object, path.sub)] = op.value;
    target[key] = object;
    return;
  }

  const current = target[key];
  if (op.op === "remove") {
    // Entra removes members by naming them in the value: only those go.
    if (Array.isArray(current) && op.value !== undefined && op.value !== null) {
      const leaving = asList(op.value);
      target[key] = current.filter((e) => !leaving.some((l) => sameElement(e, l)));
    } else {
      delete target[key];
    }
    return;
  }
  if (Array.isArray(current) || (current === undefined && Array.isArray(op.value))) {
    const incoming = asList(op.value);
    if (op.op === "replace") {
      target[key] = incoming;
      return;
    }
    const merged = [...(current as unknown[] | undefined ?? [])];
    for (const v of incoming) if (!merged.some((m) => sameElement(m, v))) merged.push(v);
    target[key] = merged;
    return;
  }
  // A complex attribute: the given sub-attributes replace or add, the others stay (RFC 7644 §3.5.2.3).
  if (isObject(current) && isObject(op.value)) {
    for (const [k, v] of Object.entries(op.value)) current[keyOf(current, k)] = v;
    return;
  }
  target[key] = op.value;
}
