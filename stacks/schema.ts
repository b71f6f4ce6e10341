/**
 * A small schema language for stack settings: each field parses one config value, applies its
 * default, and reports problems as "<dotted.key> must <rule> (got <value>)". The same field
 * objects produce the README's config reference, so docs and validation cannot drift apart.
 */

/** Where parsing collects its problems; all of them are reported together. */
export type Problems = string[];

export interface Field<T> {
    /** Human text of what is allowed, e.g. "an integer from 1 to 20". */
    readonly allowed: string;
    /** One-line description for Pulumi.yaml and the README. */
    readonly doc: string;
    /** Default used when the key is absent; `undefined` for required or optional-without-default. */
    readonly defaultValue?: T;
    /** True when absence is not an error and no default applies. */
    readonly optional: boolean;
    /** Nested fields, for objects. */
    readonly fields?: Readonly<Record<string, Field<unknown>>>;
    /** Parses a present value; pushes problems and returns undefined when invalid. */
    parse(value: unknown, key: string, problems: Problems): T | undefined;
    /**
     * Objects only: like `parse`, but keeps every field that parsed (a bad field is undefined)
     * instead of dropping the whole object, so rules across keys can still run on the good ones.
     */
    parsePartial?(value: unknown, key: string, problems: Problems): DeepPartial<T> | undefined;
}

/** What {@link Field.parsePartial} returns: objects whose fields may each be missing. */
export type DeepPartial<T> = T extends readonly unknown[]
    ? T
    : T extends object
      ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
      : T;

export type FieldType<F> = F extends Field<infer T> ? T : never;

/** Renders a config value for a message: strings quoted, objects as JSON. */
export function show(value: unknown): string {
    return JSON.stringify(value) ?? String(value);
}

function mustBe(key: string, allowed: string, value: unknown): string {
    return `${key} must be ${allowed} (got ${show(value)})`;
}

interface Common<T> {
    doc: string;
    default?: T;
}

function field<T>(
    allowed: string,
    opts: Common<T>,
    parse: (value: unknown, key: string, problems: Problems) => T | undefined,
): Field<T> {
    return { allowed, doc: opts.doc, defaultValue: opts.default, optional: false, parse };
}

/** Absence is fine and yields `undefined`. */
export function optional<T>(inner: Field<T>): Field<T | undefined> {
    return { ...inner, optional: true };
}

export function bool(opts: Common<boolean>): Field<boolean> {
    return field("true or false", opts, (value, key, problems) => {
        if (typeof value === "boolean") {
            return value;
        }
        problems.push(mustBe(key, "true or false", value));
        return undefined;
    });
}

export function int(opts: Common<number> & { min: number; max: number }): Field<number> {
    const allowed = `an integer from ${opts.min} to ${opts.max}`;
    return field(allowed, opts, (value, key, problems) => {
        if (
            typeof value === "number" &&
            Number.isInteger(value) &&
            value >= opts.min &&
            value <= opts.max
        ) {
            return value;
        }
        problems.push(mustBe(key, allowed, value));
        return undefined;
    });
}

export function oneOf<const V extends string | number>(
    values: readonly V[],
    opts: Common<V>,
): Field<V> {
    const allowed = `one of ${values.join(", ")}`;
    return field(allowed, opts, (value, key, problems) => {
        if ((values as readonly unknown[]).includes(value)) {
            return value as V;
        }
        problems.push(mustBe(key, allowed, value));
        return undefined;
    });
}

/**
 * A string matching an anchored pattern; `allowed` says in words what the pattern means. With
 * `numbers`, a finite number is taken as its decimal text (YAML and `pulumi config set --path`
 * write numeric-looking values as numbers).
 */
export function text(
    opts: Common<string> & {
        pattern: RegExp;
        allowed: string;
        check?: (value: string) => boolean;
        numbers?: boolean;
    },
): Field<string> {
    if (!opts.pattern.source.startsWith("^") || !opts.pattern.source.endsWith("$")) {
        throw new Error(`pattern for "${opts.doc}" must be anchored with ^ and $`);
    }
    return field(opts.allowed, opts, (raw, key, problems) => {
        const value =
            opts.numbers && typeof raw === "number" && Number.isFinite(raw) ? String(raw) : raw;
        if (
            typeof value === "string" &&
            opts.pattern.test(value) &&
            (opts.check?.(value) ?? true)
        ) {
            return value;
        }
        problems.push(mustBe(key, opts.allowed, raw));
        return undefined;
    });
}

export function list<T>(
    item: Field<T>,
    opts: Common<T[]> & { min: number; max: number; unique?: boolean },
): Field<readonly T[]> {
    const allowed = `a list of ${opts.min} to ${opts.max} items, each ${item.allowed}${opts.unique ? ", without repeats" : ""}`;
    return field<readonly T[]>(allowed, opts, (value, key, problems) => {
        if (!Array.isArray(value) || value.length < opts.min || value.length > opts.max) {
            problems.push(mustBe(key, allowed, value));
            return undefined;
        }
        const before = problems.length;
        const items = value.map((v, i) => item.parse(v, `${key}[${i}]`, problems));
        if (opts.unique && new Set(value.map(show)).size !== value.length) {
            problems.push(`${key} must not repeat an item (got ${show(value)})`);
        }
        return problems.length === before ? Object.freeze(items as T[]) : undefined;
    });
}

/** A map of free keys (matching `keyPattern`) to values of one field type. */
export function record<T>(
    valueField: Field<T>,
    opts: Common<Record<string, T>> & { keyPattern: RegExp; keyAllowed: string },
): Field<Readonly<Record<string, T>>> {
    const allowed = `a map from ${opts.keyAllowed} to ${valueField.allowed}`;
    return field<Readonly<Record<string, T>>>(allowed, opts, (value, key, problems) => {
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            problems.push(mustBe(key, allowed, value));
            return undefined;
        }
        const before = problems.length;
        const out: Record<string, T> = {};
        for (const [k, v] of Object.entries(value)) {
            if (!opts.keyPattern.test(k)) {
                problems.push(`${key} keys must be ${opts.keyAllowed} (got ${show(k)})`);
                continue;
            }
            const parsed = valueField.parse(v, `${key}.${k}`, problems);
            if (parsed !== undefined) {
                out[k] = parsed;
            }
        }
        return problems.length === before ? Object.freeze(out) : undefined;
    });
}

type ObjectType<S extends Record<string, Field<unknown>>> = {
    readonly [K in keyof S]: FieldType<S[K]>;
};

/**
 * An object of named fields. Unknown keys are errors (they are usually typos); absent keys take
 * their field's default. An absent object is parsed as `{}`, so all its defaults apply.
 */
export function object<S extends Record<string, Field<unknown>>>(
    fields: S,
    opts: { doc: string },
): Field<ObjectType<S>> {
    const names = Object.keys(fields);
    /** Parses the fields; `partial` keeps the good ones of a bad object (nested objects too). */
    const parseFields = (
        value: unknown,
        key: string,
        problems: Problems,
        partial: boolean,
    ): Record<string, unknown> | undefined => {
        const raw = value ?? {};
        if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
            problems.push(mustBe(key, "an object with keys " + names.join(", "), value));
            return undefined;
        }
        const before = problems.length;
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(raw)) {
            if (!(k in fields)) {
                problems.push(
                    `${join(key, k)} is not a known setting (known: ${names.join(", ")})`,
                );
            }
        }
        for (const [name, f] of Object.entries(fields)) {
            const v = (raw as Record<string, unknown>)[name];
            const dotted = join(key, name);
            const parseOne = partial && f.parsePartial ? f.parsePartial : f.parse;
            if (v === undefined || v === null) {
                if (f.fields) {
                    out[name] = parseOne(undefined, dotted, problems);
                } else if (f.defaultValue !== undefined) {
                    out[name] = f.defaultValue;
                } else if (!f.optional) {
                    problems.push(`${dotted} is required: set it to ${f.allowed}`);
                }
                continue;
            }
            out[name] = parseOne(v, dotted, problems);
        }
        return partial || problems.length === before ? Object.freeze(out) : undefined;
    };
    const parse = (value: unknown, key: string, problems: Problems): ObjectType<S> | undefined =>
        parseFields(value, key, problems, false) as ObjectType<S> | undefined;
    const parsePartial = (value: unknown, key: string, problems: Problems) =>
        parseFields(value, key, problems, true) as DeepPartial<ObjectType<S>> | undefined;
    return {
        allowed: `an object with keys ${names.join(", ")}`,
        doc: opts.doc,
        optional: false,
        fields,
        parse,
        parsePartial,
    };
}

function join(prefix: string, key: string): string {
    return prefix ? `${prefix}.${key}` : key;
}

/** One row of the config reference: every leaf setting with its rule and default. */
export interface ReferenceRow {
    key: string;
    allowed: string;
    default: string;
    doc: string;
}

/** A default for the reference: long lists of named objects show their names only. */
function showDefault(value: unknown): string {
    const text = show(value);
    if (
        text.length > 60 &&
        Array.isArray(value) &&
        value.every((v) => typeof v?.name === "string")
    ) {
        return `${value.map((v) => v.name).join(", ")} (see stacks/settings.ts)`;
    }
    return text;
}

/** Flattens a field tree into reference rows, in declaration order. */
export function referenceRows(
    fields: Readonly<Record<string, Field<unknown>>>,
    prefix = "",
): ReferenceRow[] {
    const rows: ReferenceRow[] = [];
    for (const [name, f] of Object.entries(fields)) {
        const key = join(prefix, name);
        if (f.fields) {
            rows.push(...referenceRows(f.fields, key));
            continue;
        }
        const dflt =
            f.defaultValue !== undefined
                ? showDefault(f.defaultValue)
                : f.optional
                  ? "(unset)"
                  : "(required)";
        rows.push({ key, allowed: f.allowed, default: dflt, doc: f.doc });
    }
    return rows;
}
