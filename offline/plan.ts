/**
 * Predicts what `pulumi preview` / `pulumi up` would do to a stack, offline: compares a base (an
 * earlier `npm run synth -- --out` file, a render of another git revision, or a real
 * `pulumi stack export`) with a fresh render of the working tree, resource by resource, following
 * the engine's step generator (pulumi/pulumi pkg/resource/deploy/step_generator.go) and the
 * bridged provider's Diff (pulumi-terraform-bridge, terraform-provider-aws ForceNew).
 *
 * Rules, in order:
 *  - Identity is the URN. A rendered resource whose URN, or else one of its candidate aliases, is
 *    in the base is the same resource (`getOldResource`: URN first, then aliases; the matched
 *    alias is the step's `aliasOf`); otherwise it is a create. A base resource nothing claims is a
 *    delete.
 *  - Compared keys: every key of the rendered inputs, plus base keys the render no longer has.
 *    Skipped: keys the base marks as provider defaults (the bridge's `__defaults`), internal `__*`
 *    keys, the resource's `ignoreChanges` paths (the engine copies the old value over the new
 *    one before diffing: step_generator.go `processIgnoreChanges`), and a base key the render
 *    dropped when the provider computes it (Optional + Computed: the provider keeps the old
 *    value; read from the type's output declaration in @pulumi/aws, see {@link providerComputed}).
 *  - Values: an unknown on either side is not a change by itself; a secret on either side is
 *    "secret, not compared"; `region` unset on one side and the provider's region on the other is
 *    no change; set-typed properties ({@link REPLACE_RULES} `sets`, from the provider's
 *    `schema.TypeSet` declarations) compare as sets; otherwise deep equality.
 *  - Op: no changed key → same; a changed key that the type's rule lists as ForceNew, or that
 *    `replaceOnChanges` names (step_generator.go `applyReplaceOnChanges`) → replace; else update.
 *    A type without rules is "no replace rules: assumed update" and counted.
 *  - Cascade: a replaced (or created) resource's outputs are unknown in a preview. A resource
 *    whose input reads one of them (`propertyDependencies`) sees that input change; if the input
 *    is ForceNew it is replaced too (`cascadeFrom`), else updated; transitively.
 *  - Delete-before-replace: the program's explicit `deleteBeforeReplace` (true or false) wins,
 *    else the provider's answer (step_generator.go: "The user can override the provider's
 *    decision"): the type always is, or its auto-named input is set explicitly (replaceRules.ts).
 *  - Providers: provider resources are steps like the others (default providers
 *    `pulumi:providers:<pkg>::default_<version>` and explicit ones). A provider whose region or
 *    account changes is replaced, and with it every resource it manages (`cascadeFrom` the
 *    provider). A base without any provider resource (an offline export made before they were
 *    recorded) is compared without provider steps.
 *  - Protected: replacing a resource protected in base and render, or deleting one protected in
 *    the base, makes the preview itself fail; the step is `blocked: "protected"` with the engine's
 *    message (step_generator.go, step.go `deleteProtectedError`).
 *  - Moves: a deleted and a created resource of the same type with equal inputs is the same cloud
 *    resource under a new URN; both steps stay and the pair is reported as a move.
 *  - Dangerous: a replace or delete of a protected or data-holding resource, a blocked step, or a
 *    replaced provider. Exit 3 when any step is dangerous.
 */
import * as fs from "fs";
import * as path from "path";
import { InputFileError, readJsonFile } from "../lib/files";
import { UNKNOWN_VALUE, WIRE_SIGNATURES } from "../sdk/internals";
import { aliasCandidates, exportDocument, RegistrationDetails } from "./export";
import type { RecordedResource } from "./mocks";
import { REPLACE_RULES } from "./replaceRules";
import { parseUrn } from "./urn";

/** Pulumi's wire signature key and secret signature (@pulumi/pulumi runtime/rpc, one home). */
const SIG_KEY = WIRE_SIGNATURES.key;
const SECRET_SIG = WIRE_SIGNATURES.secret;
/** How the offline render writes a secret, and how the plan shows one. */
const SECRET_PLACEHOLDER = "[secret]";
/** How the plan shows a value that is unknown until the deployment. */
const UNKNOWN_SHOWN = "[unknown]";

/** Types whose replacement or deletion loses data (issue 11's list). */
export const DATA_HOLDING_TYPES: ReadonlySet<string> = new Set([
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:cloudsearch/domain:Domain",
    "aws:secretsmanager/secret:Secret",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:ecr/repository:Repository",
]);

/** Provider inputs that are not provider configuration (providers.FilterProviderConfig). */
const PROVIDER_INTERNAL_KEYS: ReadonlySet<string> = new Set([
    "version",
    "pluginDownloadURL",
    "__internal",
]);

/**
 * Provider config keys that pick the account resources live in: a change points the provider at
 * another account, where none of its resources exist (terraform-provider-aws
 * internal/conns/config.go: credentials from `profile`, static keys, `assume_role`,
 * `assume_role_with_web_identity`; `allowed_account_ids` pins the account).
 */
const ACCOUNT_KEYS: ReadonlySet<string> = new Set([
    "allowedAccountIds",
    "forbiddenAccountIds",
    "assumeRole",
    "assumeRoles",
    "assumeRoleWithWebIdentity",
    "profile",
    "accessKey",
]);

/** The fields of an export resource the plan reads. */
export interface PlanResource {
    urn: string;
    type: string;
    custom?: boolean;
    id?: string;
    inputs?: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    /** Candidate aliases (render) or the matched alias (a real export). */
    aliases?: string[];
    /** The program's explicit option; undefined leaves it to the provider. Render only. */
    deleteBeforeReplace?: boolean;
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** `<provider URN>::<id>`. */
    provider?: string;
}

export type Op = "same" | "create" | "update" | "replace" | "delete";

/** A changed key's values, as shown: secrets `[secret]`, unknowns `[unknown]`. */
export interface ValueChange {
    old: unknown;
    new: unknown;
}

/** One predicted step. Later columns (cost, …) extend this record. */
export interface PlanStep {
    urn: string;
    type: string;
    op: Op;
    /** Changed input keys (update/replace), sorted. */
    keys: string[];
    /** Old and new value of each changed key. */
    diff?: Record<string, ValueChange>;
    /** The changed keys that force the replacement. */
    replaceKeys?: string[];
    /** On every replace: whether the old resource goes before the new one is created. */
    deleteBeforeReplace?: boolean;
    /** The replaced or created resource (or provider) whose unknown outputs cause this step. */
    cascadeFrom?: string;
    /** Keys holding secrets on either side, not compared. */
    notCompared?: string[];
    /** The base URN this resource matched through its aliases. */
    aliasOf?: string;
    /** For a delete/create pair with equal inputs: the URN on the other side. */
    movedTo?: string;
    movedFrom?: string;
    protect?: boolean;
    dataHolding?: boolean;
    /** The type has no replace rules: an input change was assumed to update in place. */
    noRules?: boolean;
    /** Replace or delete of a protected or data-holding resource, a blocked step, a replaced provider. */
    dangerous?: boolean;
    /** The preview fails on this step. */
    blocked?: "protected";
    /** The engine's error for a blocked step. */
    message?: string;
}

/** Options of {@link planSteps}. */
export interface PlanOptions {
    /** The provider's region (`aws:region`) when no provider resource says it. */
    readonly providerRegion?: string;
}

type Comparison = "equal" | "changed" | "secret";

function isSecret(v: unknown): boolean {
    return (
        v === SECRET_PLACEHOLDER ||
        (v !== null &&
            typeof v === "object" &&
            (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG)
    );
}

/** Combines two comparisons: a change wins over a secret, a secret over equality. */
function worst(a: Comparison, b: Comparison): Comparison {
    return a === "changed" || b === "changed" ? "changed" : a === "secret" ? a : b;
}

/**
 * Structural comparison: secrets are "secret" where they sit (so a change beside them still
 * shows), unknowns equal anything, `null` equals absent, object key order does not matter, and
 * arrays at a set-typed path (dotted, from the resource's top level) compare as sets.
 */
function compare(a: unknown, b: unknown, sets: ReadonlySet<string> = EMPTY, at = ""): Comparison {
    if (isSecret(a) || isSecret(b)) {
        return a === undefined || b === undefined ? "changed" : "secret";
    }
    if (a === UNKNOWN_VALUE || b === UNKNOWN_VALUE) {
        return "equal";
    }
    if ((a === null || a === undefined) && (b === null || b === undefined)) {
        return "equal";
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
            return "changed";
        }
        if (sets.has(at)) {
            // A set: every element of one side has an equal, not yet used, element on the other.
            const used = new Set<number>();
            let result: Comparison = "equal";
            for (const x of a) {
                let found = -1;
                let how: Comparison = "changed";
                for (let i = 0; i < b.length && found < 0; i++) {
                    if (!used.has(i)) {
                        const c = compare(x, b[i], sets, at);
                        if (c !== "changed") {
                            found = i;
                            how = c;
                        }
                    }
                }
                if (found < 0) {
                    return "changed";
                }
                used.add(found);
                result = worst(result, how);
            }
            return result;
        }
        return a.reduce<Comparison>((acc, x, i) => worst(acc, compare(x, b[i], sets, at)), "equal");
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const ao = a as Record<string, unknown>;
        const bo = b as Record<string, unknown>;
        const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
        return [...keys].reduce<Comparison>(
            (acc, k) => worst(acc, compare(ao[k], bo[k], sets, at ? `${at}.${k}` : k)),
            "equal",
        );
    }
    return a === b ? "equal" : "changed";
}
const EMPTY: ReadonlySet<string> = new Set();

function compareValue(
    key: string,
    base: unknown,
    next: unknown,
    regions: { base: string; next: string },
    sets: ReadonlySet<string>,
): Comparison {
    if (key === "region") {
        const b = base === undefined || base === null ? regions.base : base;
        const n = next === undefined || next === null ? regions.next : next;
        return compare(b, n);
    }
    return compare(base, next, sets, key);
}

/** A value as the plan shows it: secrets `[secret]`, unknowns `[unknown]`, absent `null`. */
export function shown(value: unknown): unknown {
    if (isSecret(value)) {
        return SECRET_PLACEHOLDER;
    }
    if (value === UNKNOWN_VALUE) {
        return UNKNOWN_SHOWN;
    }
    if (value === undefined) {
        return null;
    }
    if (Array.isArray(value)) {
        return value.map(shown);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shown(v)]));
    }
    return value;
}

/** `a.b[0]["c"]` → `["a", "b", "0", "c"]` (ignoreChanges paths, resource/property_path.go syntax). */
function pathParts(p: string): string[] {
    const parts: string[] = [];
    const re = /([^.[\]"]+)|\[(\d+|\*)\]|\["([^"]*)"\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(p)) !== null) {
        parts.push(m[1] ?? m[2] ?? m[3]);
    }
    return parts;
}

/** A copy of `next` with the values at `paths` taken from `base` (processIgnoreChanges). */
function applyIgnoreChanges(
    base: Record<string, unknown>,
    next: Record<string, unknown>,
    paths: readonly string[],
): Record<string, unknown> {
    if (paths.length === 0) {
        return next;
    }
    const out = structuredClone(next);
    const set = (
        from: unknown,
        to: Record<string, unknown> | unknown[],
        parts: string[],
        holder: { v: unknown },
    ): void => {
        const [head, ...rest] = parts;
        if (head === "*" && Array.isArray(from) && Array.isArray(to)) {
            from.forEach((_, i) => set(from, to, [String(i), ...rest], holder));
            return;
        }
        const src =
            from !== null && typeof from === "object"
                ? (from as Record<string, unknown>)[head]
                : undefined;
        const rec = to as Record<string, unknown>;
        if (rest.length === 0) {
            if (src === undefined) {
                delete rec[head];
            } else {
                rec[head] = structuredClone(src);
            }
            return;
        }
        if (rec[head] === null || typeof rec[head] !== "object") {
            if (src === undefined) {
                return;
            }
            rec[head] = Array.isArray(src) ? [] : {};
        }
        set(src, rec[head] as Record<string, unknown>, rest, holder);
    };
    for (const p of paths) {
        const parts = pathParts(p);
        if (parts.length > 0) {
            set(base, out, parts, { v: undefined });
        }
    }
    return out;
}

/** The keys compared for a resource (see the module comment). */
function comparedKeys(base: Record<string, unknown>, next: Record<string, unknown>): string[] {
    const defaults = new Set(
        Array.isArray(base["__defaults"]) ? (base["__defaults"] as unknown[]).map(String) : [],
    );
    const keys = new Set(Object.keys(next));
    for (const k of Object.keys(base)) {
        if (!defaults.has(k)) {
            keys.add(k);
        }
    }
    return [...keys].filter((k) => !k.startsWith("__")).sort();
}

/** The values at a dotted path, through arrays (`a.b` of `{a: [{b: 1}]}` is `[1]`). */
function valuesAt(value: unknown, p: string[]): unknown[] {
    if (p.length === 0) {
        return [value];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v) => valuesAt(v, p));
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    return valuesAt((value as Record<string, unknown>)[p[0]], p.slice(1));
}

/** The changed keys that force a replacement of `type` (ForceNew rules and replaceOnChanges). */
function forcingKeys(
    type: string,
    changed: readonly string[],
    base: Record<string, unknown>,
    next: Record<string, unknown>,
    replaceOnChanges: readonly string[],
): string[] {
    const rule = REPLACE_RULES[type];
    const forceNew = [...(rule?.forceNew ?? []), ...replaceOnChanges.map((p) => pathParts(p)[0])];
    const sets = new Set(rule?.sets ?? []);
    const conditional = new Set(rule?.replaceIf?.(base, next) ?? []);
    return changed.filter(
        (key) =>
            conditional.has(key) ||
            forceNew.some((f) => {
                if (f === key || f === "*") {
                    return true;
                }
                if (!f.startsWith(`${key}.`)) {
                    return false;
                }
                const p = f.split(".").slice(1);
                return (
                    compare(valuesAt(base[key], p), valuesAt(next[key], p), sets, f) === "changed"
                );
            }),
    );
}

/** Whether the key is ForceNew for the type (a whole input: cascades replace through it). */
function forcesNew(type: string, key: string, replaceOnChanges: readonly string[]): boolean {
    const forceNew = REPLACE_RULES[type]?.forceNew ?? [];
    return (
        forceNew.some((f) => f === key || f.startsWith(`${key}.`)) ||
        replaceOnChanges.some((p) => p === "*" || pathParts(p)[0] === key)
    );
}

/** Whether the bridge would delete before replacing, absent the program's own choice. */
function providerDeletesFirst(r: PlanResource): boolean {
    const rule = REPLACE_RULES[r.type];
    const name = rule?.physicalName;
    return (
        rule?.deleteBeforeReplace === true || (name !== undefined && r.inputs?.[name] !== undefined)
    );
}

// ------------------------------------------------------------------------- provider-computed keys

const computedCache = new Map<string, ReadonlySet<string>>();

/**
 * The inputs of a type that the provider computes when the program leaves them out (Optional +
 * Computed in the provider schema). Source: the @pulumi/aws declaration of the resource class,
 * generated from the schema: an optional argument whose output property is declared without
 * `| undefined` is one the provider fills in (pulumi codegen: an output is required when it is
 * always set, which for an optional input means Computed).
 */
export function providerComputed(type: string): ReadonlySet<string> {
    const cached = computedCache.get(type);
    if (cached) {
        return cached;
    }
    const found = new Set<string>();
    const [pkg, mod, cls] = type.split(":");
    const [dir, file] = (mod ?? "").split("/");
    if (pkg && dir && file && cls) {
        try {
            const dts = path.join(
                path.dirname(require.resolve(`@pulumi/${pkg}`)),
                dir,
                `${file}.d.ts`,
            );
            const text = fs.readFileSync(dts, "utf8");
            const classStart = text.indexOf(`export declare class ${cls} `);
            const classEnd = text.indexOf("\n}", classStart);
            const argsStart = text.indexOf(`export interface ${cls}Args `);
            const argsEnd = text.indexOf("\n}", argsStart);
            if (classStart >= 0 && argsStart >= 0) {
                const optionalArgs = new Set(
                    [
                        ...text.slice(argsStart, argsEnd).matchAll(/^\s+(?:readonly )?(\w+)\?:/gm),
                    ].map((m) => m[1]),
                );
                for (const m of text
                    .slice(classStart, classEnd)
                    .matchAll(/^\s+readonly (\w+): pulumi\.Output<(.*)>;$/gm)) {
                    if (optionalArgs.has(m[1]) && !/\| undefined$/.test(m[2])) {
                        found.add(m[1]);
                    }
                }
            }
        } catch {
            // Not an installed package: nothing known to be computed.
        }
    }
    computedCache.set(type, found);
    return found;
}

// ------------------------------------------------------------------------- providers

function isProviderType(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

/** `<urn>::<id>` → `<urn>` (the id is the last `::` segment). */
function providerUrnOf(ref: string | undefined): string | undefined {
    if (!ref) {
        return undefined;
    }
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/** Provider config without the engine's own keys (providers.FilterProviderConfig). */
function providerConfig(r: PlanResource | undefined): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(r?.inputs ?? {}).filter(
            ([k]) => !PROVIDER_INTERNAL_KEYS.has(k) && !k.startsWith("__"),
        ),
    );
}

/** The provider config keys whose change moves the provider to another region or account. */
function providerReplaceKeys(
    base: Record<string, unknown>,
    next: Record<string, unknown>,
    defaultRegion: string,
): string[] {
    const keys: string[] = [];
    const region = (r: Record<string, unknown>) => r.region ?? defaultRegion;
    if (compare(region(base), region(next)) === "changed") {
        keys.push("region");
    }
    for (const k of ACCOUNT_KEYS) {
        if (compare(base[k], next[k]) === "changed") {
            keys.push(k);
        }
    }
    return keys;
}

// ------------------------------------------------------------------------- engine messages

/** step_generator.go (`generateSteps` … "unable to replace resource %q\nas it is currently marked for protection"). */
export function protectedReplaceMessage(urn: string): string {
    return (
        `unable to replace resource ${JSON.stringify(urn)}\n` +
        "as it is currently marked for protection. To unprotect the resource, " +
        "remove the `protect` flag from the resource in your Pulumi " +
        "program and run `pulumi up`"
    );
}

/** step_generator.go, a protected dependent of a delete-before-replace. */
export function protectedDependentMessage(urn: string, replacing: string): string {
    return (
        `unable to replace resource ${JSON.stringify(urn)} as part of replacing ${JSON.stringify(replacing)} ` +
        "as it is currently marked for protection. To unprotect the resource, " +
        "remove the `protect` flag from the resource in your Pulumi " +
        "program and run `pulumi up`, or use the command:\n" +
        `\`pulumi state unprotect '${urn}'\``
    );
}

/** step.go `deleteProtectedError`. */
export function protectedDeleteMessage(urn: string): string {
    return (
        `resource ${JSON.stringify(urn)} cannot be deleted\n` +
        "because it is protected. To unprotect the resource, " +
        "either remove the `protect` flag from the resource in your Pulumi " +
        "program and run `pulumi up`, or use the command:\n" +
        `\`pulumi state unprotect '${urn}'\``
    );
}

// ------------------------------------------------------------------------- the plan

/** The stack and project of a base, from its URNs; undefined for an empty base. */
export function baseIdentity(
    base: readonly PlanResource[],
): { stack: string; project: string } | undefined {
    const first = base.find((r) => r.urn.startsWith("urn:pulumi:"));
    if (!first) {
        return undefined;
    }
    const { stack, project } = parseUrn(first.urn);
    return { stack, project };
}

/**
 * Why a base cannot be planned against `stack` of `project`: it was exported from another stack
 * or project (the engine's state is per stack). Undefined when it fits.
 */
export function baseMismatch(
    base: readonly PlanResource[],
    stack: string,
    project: string,
    label: string,
): string | undefined {
    const id = baseIdentity(base);
    if (id && (id.stack !== stack || id.project !== project)) {
        return `base ${label} is stack ${id.stack} of project ${id.project}, not stack ${stack} of project ${project}: export the base from the same stack (npm run synth -- --stack ${stack} --out FILE, or pulumi stack export --stack ${stack})`;
    }
    return undefined;
}

/** Compares base and render and returns one step per resource: render order, then deletes. */
export function planSteps(
    base: readonly PlanResource[],
    next: readonly PlanResource[],
    options: PlanOptions = {},
): PlanStep[] {
    const defaultRegion = options.providerRegion ?? "";
    const withProviders = base.some((r) => isProviderType(r.type));
    const inScope = (r: PlanResource) => withProviders || !isProviderType(r.type);
    const baseByUrn = new Map(base.filter(inScope).map((r) => [r.urn, r]));
    const baseAll = new Map(base.map((r) => [r.urn, r]));
    const nextAll = new Map(next.map((r) => [r.urn, r]));
    const regionOf = (r: PlanResource, all: Map<string, PlanResource>): string => {
        const p = all.get(providerUrnOf(r.provider) ?? "");
        const region = p?.inputs?.region;
        return typeof region === "string" ? region : defaultRegion;
    };
    const claimed = new Set<string>();
    const steps: PlanStep[] = [];
    const pairs = new Map<string, { b: PlanResource; n: PlanResource }>();

    for (const n of next.filter(inScope)) {
        const match = [n.urn, ...(n.aliases ?? [])].find(
            (u) => baseByUrn.has(u) && !claimed.has(u),
        );
        if (match === undefined) {
            steps.push({ urn: n.urn, type: n.type, op: "create", keys: [] });
            continue;
        }
        claimed.add(match);
        const b = baseByUrn.get(match) as PlanResource;
        pairs.set(n.urn, { b, n });
        const bi = b.inputs ?? {};
        const ni = applyIgnoreChanges(bi, n.inputs ?? {}, n.ignoreChanges ?? []);
        const sets = new Set(REPLACE_RULES[n.type]?.sets ?? []);
        const regions = { base: regionOf(b, baseAll), next: regionOf(n, nextAll) };
        const changed: string[] = [];
        const secret: string[] = [];
        const diff: Record<string, ValueChange> = {};
        for (const key of comparedKeys(bi, ni)) {
            if (
                ni[key] === undefined &&
                bi[key] !== undefined &&
                providerComputed(n.type).has(key)
            ) {
                continue; // dropped from the code, kept by the provider
            }
            const c = compareValue(key, bi[key], ni[key], regions, sets);
            if (c === "changed") {
                changed.push(key);
                diff[key] = { old: shown(bi[key]), new: shown(ni[key]) };
            } else if (c === "secret") {
                secret.push(key);
            }
        }
        const step: PlanStep = { urn: n.urn, type: n.type, op: "same", keys: changed };
        if (isProviderType(n.type)) {
            const replaceKeys = providerReplaceKeys(
                providerConfig(b),
                providerConfig(n),
                defaultRegion,
            );
            const cfgChanged = changed.filter((k) => !PROVIDER_INTERNAL_KEYS.has(k));
            step.op =
                replaceKeys.length > 0 ? "replace" : cfgChanged.length > 0 ? "update" : "same";
            if (step.op === "replace") {
                step.replaceKeys = replaceKeys;
            }
        } else {
            const replaceKeys =
                b.type === n.type
                    ? forcingKeys(n.type, changed, bi, ni, n.replaceOnChanges ?? [])
                    : changed;
            step.op =
                b.type !== n.type || replaceKeys.length > 0
                    ? "replace"
                    : changed.length > 0
                      ? "update"
                      : "same";
            if (step.op === "replace") {
                step.replaceKeys = replaceKeys;
            }
        }
        if (changed.length > 0) {
            step.diff = diff;
        }
        if (secret.length > 0) {
            step.notCompared = secret;
        }
        if (match !== n.urn) {
            step.aliasOf = match;
        }
        steps.push(step);
    }
    for (const b of base.filter(inScope)) {
        if (!claimed.has(b.urn)) {
            steps.push({ urn: b.urn, type: b.type, op: "delete", keys: [] });
        }
    }

    cascade(steps, pairs, withProviders);

    for (const step of steps) {
        const n = pairs.get(step.urn)?.n ?? nextAll.get(step.urn);
        if (step.op === "replace" && n) {
            step.deleteBeforeReplace =
                n.deleteBeforeReplace !== undefined
                    ? n.deleteBeforeReplace
                    : !isProviderType(n.type) && providerDeletesFirst(n);
        }
        if (
            step.op === "update" &&
            n?.custom !== false &&
            !isProviderType(step.type) &&
            !REPLACE_RULES[step.type]
        ) {
            step.noRules = true;
        }
    }
    const byUrn = new Map(steps.map((s) => [s.urn, s]));
    for (const step of steps) {
        const pair = pairs.get(step.urn);
        const n = pair?.n ?? nextAll.get(step.urn);
        const b = pair?.b ?? (step.op === "delete" ? baseAll.get(step.urn) : undefined);
        const protect = n?.protect === true || b?.protect === true;
        decorate(step, protect);
        if (step.op === "replace" && n?.protect === true && b?.protect === true) {
            const source = step.cascadeFrom ? byUrn.get(step.cascadeFrom) : undefined;
            step.blocked = "protected";
            step.message =
                source?.op === "replace" && source.deleteBeforeReplace
                    ? protectedDependentMessage(step.urn, source.urn)
                    : protectedReplaceMessage(step.urn);
            step.dangerous = true;
        } else if (step.op === "delete" && b?.protect === true) {
            step.blocked = "protected";
            step.message = protectedDeleteMessage(step.urn);
            step.dangerous = true;
        }
    }
    markMoves(steps, base, next);
    return steps;
}

/** Marks protect, data-holding and dangerous on a step. */
function decorate(step: PlanStep, protect: boolean): void {
    const dataHolding = DATA_HOLDING_TYPES.has(step.type);
    const replacedProvider = step.op === "replace" && isProviderType(step.type);
    const dangerous =
        ((step.op === "replace" || step.op === "delete") && (protect || dataHolding)) ||
        replacedProvider;
    if (protect) {
        step.protect = true;
    }
    if (dataHolding) {
        step.dataHolding = true;
    }
    if (dangerous) {
        step.dangerous = true;
    }
}

/**
 * Propagates unknown outputs: from replaced and created resources through propertyDependencies,
 * and from replaced providers to every resource they manage, in registration order until nothing
 * changes (the render registers a resource after the ones its inputs read).
 */
function cascade(
    steps: PlanStep[],
    pairs: ReadonlyMap<string, { b: PlanResource; n: PlanResource }>,
    withProviders: boolean,
): void {
    const byUrn = new Map(steps.map((s) => [s.urn, s]));
    const unknownOutputs = (urn: string) => {
        const s = byUrn.get(urn);
        return s !== undefined && (s.op === "replace" || s.op === "create");
    };
    let changed = true;
    while (changed) {
        changed = false;
        for (const step of steps) {
            const pair = pairs.get(step.urn);
            if (!pair || step.op === "replace" || isProviderType(step.type)) {
                continue;
            }
            const { n } = pair;
            if (n.custom === false) {
                continue;
            }
            // A replaced provider replaces everything it manages.
            const providerUrn = providerUrnOf(n.provider);
            if (withProviders && providerUrn) {
                const p = byUrn.get(providerUrn);
                if (p?.op === "replace") {
                    step.op = "replace";
                    step.replaceKeys = [];
                    step.cascadeFrom = providerUrn;
                    changed = true;
                    continue;
                }
            }
            const ignored = new Set((n.ignoreChanges ?? []).map((p) => pathParts(p)[0]));
            for (const [key, deps] of Object.entries(n.propertyDependencies ?? {})) {
                const from = deps.find(unknownOutputs);
                if (from === undefined || ignored.has(key)) {
                    continue;
                }
                // The input is unknown in the preview: a change whatever the render's value.
                if (!step.keys.includes(key)) {
                    step.keys = [...step.keys, key].sort();
                    changed = true;
                }
                step.diff = {
                    ...(step.diff ?? {}),
                    [key]: { old: shown(pair.b.inputs?.[key]), new: UNKNOWN_SHOWN },
                };
                if (forcesNew(n.type, key, n.replaceOnChanges ?? [])) {
                    step.op = "replace";
                    step.replaceKeys = [...new Set([...(step.replaceKeys ?? []), key])].sort();
                    step.cascadeFrom = from;
                    changed = true;
                    break;
                }
                if (step.op === "same") {
                    step.op = "update";
                    step.cascadeFrom = from;
                    changed = true;
                }
            }
        }
    }
}

/** Pairs each delete with a create of the same type and equal inputs (see the module comment). */
function markMoves(
    steps: PlanStep[],
    base: readonly PlanResource[],
    next: readonly PlanResource[],
): void {
    const inputsOf = new Map<string, Record<string, unknown>>();
    for (const r of base) {
        inputsOf.set(`base ${r.urn}`, r.inputs ?? {});
    }
    for (const r of next) {
        inputsOf.set(`next ${r.urn}`, r.inputs ?? {});
    }
    const regions = { base: "", next: "" };
    const creates = steps.filter((s) => s.op === "create" && !isProviderType(s.type));
    for (const del of steps.filter((s) => s.op === "delete" && !isProviderType(s.type))) {
        const bi = inputsOf.get(`base ${del.urn}`) ?? {};
        const to = creates.find(
            (c) =>
                c.movedFrom === undefined &&
                c.type === del.type &&
                comparedKeys(bi, inputsOf.get(`next ${c.urn}`) ?? {}).every(
                    (k) =>
                        compareValue(
                            k,
                            bi[k],
                            (inputsOf.get(`next ${c.urn}`) ?? {})[k],
                            regions,
                            EMPTY,
                        ) !== "changed",
                ),
        );
        if (to !== undefined) {
            del.movedTo = to.urn;
            to.movedFrom = del.urn;
        }
    }
}

/** Counts by op, in the order same, create, update, replace, delete. */
export function countSteps(steps: readonly PlanStep[]): Record<Op, number> {
    const counts: Record<Op, number> = { same: 0, create: 0, update: 0, replace: 0, delete: 0 };
    for (const s of steps) {
        counts[s.op]++;
    }
    return counts;
}

/** A value in one short line for the text report. */
function brief(value: unknown): string {
    const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value ?? null);
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** The step in human lines: `replace urn  (notes)` then one `key: old -> new` line per key. */
function describe(s: PlanStep, annotate?: StepAnnotation): string {
    const notes = [
        annotate?.(s) ?? "",
        s.replaceKeys && s.replaceKeys.length > 0 ? `replaced by: ${s.replaceKeys.join(", ")}` : "",
        s.cascadeFrom ? `cascade from ${s.cascadeFrom}` : "",
        s.op === "replace"
            ? s.deleteBeforeReplace
                ? "delete-before-replace"
                : "create-before-delete"
            : "",
        s.aliasOf ? `alias of ${s.aliasOf}` : "",
        s.notCompared ? `secret, not compared: ${s.notCompared.join(", ")}` : "",
        s.noRules ? "no replace rules: assumed update" : "",
        s.protect ? "protected" : "",
        s.dataHolding ? "holds data" : "",
        s.blocked ? `blocked: ${s.blocked}` : "",
    ].filter((n) => n !== "");
    const lines = [
        `${s.op.padEnd(7)} ${s.urn}${notes.length > 0 ? `  (${notes.join("; ")})` : ""}`,
    ];
    for (const k of s.keys) {
        const d = s.diff?.[k];
        lines.push(d ? `      ${k}: ${brief(d.old)} -> ${brief(d.new)}` : `      ${k}`);
    }
    if (s.message) {
        lines.push(...s.message.split("\n").map((l) => `      error: ${l}`));
    }
    return lines.join("\n  ");
}

/** An extra note on a step's line (the plan CLI's monthly cost delta); "" for none. */
export type StepAnnotation = (step: PlanStep) => string;

/** The human report: counts, blocked and dangerous steps, moves, then the other changes. */
export function formatPlan(steps: readonly PlanStep[], annotate?: StepAnnotation): string {
    const counts = countSteps(steps);
    const lines = [
        `plan: ${Object.entries(counts)
            .map(([op, n]) => `${n} ${op}`)
            .join(", ")}`,
    ];
    const noRules = steps.filter((s) => s.noRules);
    if (noRules.length > 0) {
        const types = [...new Set(noRules.map((s) => s.type))].sort();
        lines.push(
            `no replace rules: assumed update: ${noRules.length} (${types.join(", ")}; offline/replaceRules.ts)`,
        );
    }
    const blocked = steps.filter((s) => s.blocked);
    if (blocked.length > 0) {
        lines.push("blocked (the preview fails on these):");
        lines.push(...blocked.map((s) => `  ${describe(s, annotate)}`));
    }
    const dangerous = steps.filter((s) => s.dangerous && !s.blocked);
    if (dangerous.length > 0) {
        lines.push("dangerous (replace or delete of protected or data-holding resources):");
        lines.push(...dangerous.map((s) => `  ${describe(s, annotate)}`));
    }
    const moves = steps.filter((s) => s.op === "delete" && s.movedTo !== undefined);
    if (moves.length > 0) {
        lines.push("moves (add the old URN to `aliases` to keep the resource):");
        lines.push(...moves.map((s) => `  ${s.urn}\n    -> ${s.movedTo}`));
    }
    const other = steps.filter((s) => s.op !== "same" && !s.dangerous);
    if (other.length > 0) {
        lines.push("other changes:");
        lines.push(...other.map((s) => `  ${describe(s, annotate)}`));
    }
    return lines.join("\n");
}

/** The JSON summary: counts by op, types without replace rules, blocked steps, the exit code. */
export function planSummary(steps: readonly PlanStep[]): Record<string, number> {
    return {
        ...countSteps(steps),
        noRules: steps.filter((s) => s.noRules).length,
        blocked: steps.filter((s) => s.blocked).length,
        dangerous: steps.filter((s) => s.dangerous).length,
        exitCode: planExitCode(steps),
    };
}

/** 3 when a step is dangerous or blocked, else 0. */
export function planExitCode(steps: readonly PlanStep[]): 0 | 3 {
    return steps.some((s) => s.dangerous || s.blocked) ? 3 : 0;
}

/**
 * The render's resources for {@link planSteps}: its export (providers included) plus what the
 * plan needs beyond it: the candidate aliases and the explicit `deleteBeforeReplace` option.
 */
export function renderedResources(render: {
    readonly resources: readonly RecordedResource[];
    readonly details: ReadonlyMap<string, RegistrationDetails>;
    readonly config?: Readonly<Record<string, string>>;
}): PlanResource[] {
    const doc = exportDocument(render.resources, render.details, render.config ?? {});
    const candidates = aliasCandidates(render.resources, render.details);
    const byUrn = new Map(render.resources.map((r) => [r.urn, r]));
    return doc.deployment.resources.map((r) => {
        const rec = byUrn.get(r.urn);
        const aliases = candidates.get(r.urn) ?? [];
        const out: PlanResource = { ...r };
        if (aliases.length > 0) {
            out.aliases = aliases;
        } else {
            delete out.aliases;
        }
        if (rec?.options.deleteBeforeReplaceDefined) {
            out.deleteBeforeReplace = rec.options.deleteBeforeReplace;
        }
        return out;
    });
}

/**
 * The resources of a base file: `pulumi stack export` JSON, version 3. Only a regular file is
 * read (a FIFO or a device is refused before a byte is read, lib/files.ts), its keys are data
 * (objects without a prototype: an input named `constructor` is only ever the file's).
 * @param label how messages name the file (default `base FILE`; the CLI's --head passes its own).
 * @throws InputFileError naming the file when it is unreadable, not JSON or not such a document.
 */
export function readBase(file: string, label = `base ${file}`): PlanResource[] {
    const doc = readJsonFile(file, { label, dataOnly: true });
    const d = doc as { version?: unknown; deployment?: { resources?: unknown } } | null;
    if (d === null || typeof d !== "object" || d.version !== 3) {
        throw new InputFileError(
            `${label} is not a version 3 stack export (pulumi stack export, or npm run synth -- --out)`,
        );
    }
    const resources = d.deployment?.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new InputFileError(`${label}: deployment.resources must be an array`);
    }
    resources.forEach((r: unknown, i) => {
        const res = r as Partial<PlanResource> | null;
        if (
            res === null ||
            typeof res !== "object" ||
            typeof res.urn !== "string" ||
            typeof res.type !== "string"
        ) {
            throw new InputFileError(`${label}: resource ${i} must have string urn and type`);
        }
        if (!res.urn.startsWith("urn:pulumi:") || res.urn.split("::").length < 4) {
            throw new InputFileError(`${label}: resource ${i} has no Pulumi URN: ${res.urn}`);
        }
    });
    return resources as PlanResource[];
}

/** A data-holding resource's identity: what a refactor must keep (test/fixtures/data-baseline.json). */
export interface DataIdentity {
    urn: string;
    type: string;
    /** The physical-name input when the program sets it; `null` when the provider auto-names it. */
    physicalName: string | null;
}

/** The data-holding resources of an export, in export order. */
export function dataInventory(resources: readonly PlanResource[]): DataIdentity[] {
    return resources
        .filter((r) => DATA_HOLDING_TYPES.has(r.type))
        .map((r) => {
            const key = REPLACE_RULES[r.type]?.physicalName;
            const name = key === undefined ? undefined : r.inputs?.[key];
            return {
                urn: r.urn,
                type: r.type,
                physicalName: typeof name === "string" ? name : null,
            };
        });
}
