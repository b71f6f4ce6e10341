/**
 * Predicts what `pulumi up` would do to a stack, offline: compares a base (an earlier
 * `npm run synth -- --out` file or a real `pulumi stack export`) with a fresh render of the
 * working tree, resource by resource.
 *
 * Rules, in order:
 *  - Identity is the URN. A rendered resource whose URN, or one of whose `aliases`, is in the
 *    base is the same resource (the engine follows aliases the same way); otherwise it is a
 *    create. A base resource nothing claims is a delete.
 *  - Compared keys: every key of the rendered inputs, plus base keys the render no longer has
 *    (removed). Keys the base marks as provider defaults (the bridge's `__defaults` list in a real
 *    export) and internal `__*` keys are skipped, so the defaults the provider filled in do not
 *    show as removals.
 *  - Values: an unknown (Pulumi's sentinel) on either side is not a change by itself; a secret on
 *    either side is reported as "secret, not compared" (a real export holds ciphertext, the
 *    render a placeholder); `region` unset on one side and the provider's region on the other is
 *    no change (the provider treats them alike); otherwise deep equality.
 *  - Op: no changed key → same; a changed key that {@link REPLACE_RULES} lists as ForceNew for the
 *    type → replace; else update. A replace is delete-before-replace when the resource sets
 *    `deleteBeforeReplace`, the type always is, or its physical-name input is set explicitly
 *    (the bridge's rule, see replaceRules.ts).
 *  - Moves: a deleted and a created resource of the same type with equal inputs is the same cloud
 *    resource under a new URN; the engine still deletes and creates it unless the new one lists
 *    the old URN in `aliases`, so both steps stay and the pair is reported as a move.
 *  - Provider resources (`pulumi:providers:*`) are left out: a real export records the engine's
 *    default providers, which the program never registers.
 *  - Dangerous: a replace or delete of a protected resource or of a data-holding type.
 */
import * as fs from "fs";
import { exportDocument, RegistrationDetails } from "./export";
import type { RecordedResource } from "./mocks";
import { REPLACE_RULES } from "./replaceRules";

/** Pulumi's wire signature key and secret signature (@pulumi/pulumi runtime/rpc). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** How the offline render writes a secret. */
const SECRET_PLACEHOLDER = "[secret]";
/** Pulumi's sentinel for a value unknown until deployment. */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

/** The fields of an export resource the plan reads. */
export interface PlanResource {
    urn: string;
    type: string;
    custom?: boolean;
    inputs?: Record<string, unknown>;
    protect?: boolean;
    aliases?: string[];
    /** Only known for the render (a v3 export does not keep the option). */
    deleteBeforeReplace?: boolean;
}

export type Op = "same" | "create" | "update" | "replace" | "delete";

/** One predicted step. */
export interface PlanStep {
    urn: string;
    type: string;
    op: Op;
    /** Changed input keys (update/replace), sorted. */
    keys: string[];
    /** The changed keys that force the replacement. */
    replaceKeys?: string[];
    deleteBeforeReplace?: boolean;
    /** Keys holding secrets on either side, not compared. */
    notCompared?: string[];
    /** The base URN this resource matched through its aliases. */
    aliasOf?: string;
    /** For a delete/create pair with equal inputs: the URN on the other side. */
    movedTo?: string;
    movedFrom?: string;
    protect?: boolean;
    dataHolding?: boolean;
    /** Replace or delete of a protected or data-holding resource. */
    dangerous?: boolean;
}

/** Options of {@link planSteps}. */
export interface PlanOptions {
    /** The provider's region (`aws:region`); `region` unset equals it. */
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
 * shows), unknowns equal anything, `null` equals absent, object key order does not matter.
 */
function compare(a: unknown, b: unknown): Comparison {
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
        return a.reduce<Comparison>((acc, x, i) => worst(acc, compare(x, b[i])), "equal");
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const ao = a as Record<string, unknown>;
        const bo = b as Record<string, unknown>;
        const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
        return [...keys].reduce<Comparison>((acc, k) => worst(acc, compare(ao[k], bo[k])), "equal");
    }
    return a === b ? "equal" : "changed";
}

/** Deep equality (see {@link compare}; secrets count as equal). */
function deepEqual(a: unknown, b: unknown): boolean {
    return compare(a, b) !== "changed";
}

function compareValue(key: string, base: unknown, next: unknown, region: string): Comparison {
    if (key === "region" && [base, next].every((v) => v === undefined || v === region)) {
        return "equal";
    }
    return compare(base, next);
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
function valuesAt(value: unknown, path: string[]): unknown[] {
    if (path.length === 0) {
        return [value];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v) => valuesAt(v, path));
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

/** The changed keys that force a replacement of `type`. */
function forcingKeys(
    type: string,
    changed: readonly string[],
    base: Record<string, unknown>,
    next: Record<string, unknown>,
): string[] {
    const forceNew = REPLACE_RULES[type]?.forceNew ?? [];
    return changed.filter((key) =>
        forceNew.some((f) => {
            if (f === key) {
                return true;
            }
            if (!f.startsWith(`${key}.`)) {
                return false;
            }
            const path = f.split(".").slice(1);
            return !deepEqual(valuesAt(base[key], path), valuesAt(next[key], path));
        }),
    );
}

/** Whether the bridge would delete before replacing (see replaceRules.ts). */
function deletesBeforeReplace(r: PlanResource): boolean {
    const rule = REPLACE_RULES[r.type];
    const name = rule?.physicalName;
    return (
        r.deleteBeforeReplace === true ||
        rule?.deleteBeforeReplace === true ||
        (name !== undefined && r.inputs?.[name] !== undefined)
    );
}

/** Compares base and render and returns one step per resource: render order, then deletes. */
export function planSteps(
    base: readonly PlanResource[],
    next: readonly PlanResource[],
    options: PlanOptions = {},
): PlanStep[] {
    const region = options.providerRegion ?? "";
    const inScope = (r: PlanResource) => !r.type.startsWith("pulumi:providers:");
    const baseByUrn = new Map(base.filter(inScope).map((r) => [r.urn, r]));
    const claimed = new Set<string>();
    const steps: PlanStep[] = [];
    const decorate = (step: PlanStep, protect: boolean): PlanStep => {
        const dataHolding = DATA_HOLDING_TYPES.has(step.type);
        const dangerous =
            (step.op === "replace" || step.op === "delete") && (protect || dataHolding);
        return {
            ...step,
            ...(protect ? { protect } : {}),
            ...(dataHolding ? { dataHolding } : {}),
            ...(dangerous ? { dangerous } : {}),
        };
    };
    for (const n of next.filter(inScope)) {
        const match = [n.urn, ...(n.aliases ?? [])].find(
            (u) => baseByUrn.has(u) && !claimed.has(u),
        );
        if (match === undefined) {
            steps.push(
                decorate({ urn: n.urn, type: n.type, op: "create", keys: [] }, n.protect === true),
            );
            continue;
        }
        claimed.add(match);
        const b = baseByUrn.get(match) as PlanResource;
        const bi = b.inputs ?? {};
        const ni = n.inputs ?? {};
        const changed: string[] = [];
        const secret: string[] = [];
        for (const key of comparedKeys(bi, ni)) {
            const c = compareValue(key, bi[key], ni[key], region);
            if (c === "changed") {
                changed.push(key);
            } else if (c === "secret") {
                secret.push(key);
            }
        }
        const replaceKeys = b.type === n.type ? forcingKeys(n.type, changed, bi, ni) : changed;
        const op: Op =
            b.type !== n.type || replaceKeys.length > 0
                ? "replace"
                : changed.length > 0
                  ? "update"
                  : "same";
        const step: PlanStep = { urn: n.urn, type: n.type, op, keys: changed };
        if (op === "replace") {
            step.replaceKeys = replaceKeys;
            if (deletesBeforeReplace(n)) {
                step.deleteBeforeReplace = true;
            }
        }
        if (secret.length > 0) {
            step.notCompared = secret;
        }
        if (match !== n.urn) {
            step.aliasOf = match;
        }
        steps.push(decorate(step, n.protect === true || b.protect === true));
    }
    for (const b of base.filter(inScope)) {
        if (!claimed.has(b.urn)) {
            steps.push(
                decorate({ urn: b.urn, type: b.type, op: "delete", keys: [] }, b.protect === true),
            );
        }
    }
    markMoves(steps, base, next);
    return steps;
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
    const creates = steps.filter((s) => s.op === "create");
    for (const del of steps.filter((s) => s.op === "delete")) {
        const bi = inputsOf.get(`base ${del.urn}`) ?? {};
        const to = creates.find(
            (c) =>
                c.movedFrom === undefined &&
                c.type === del.type &&
                comparedKeys(bi, inputsOf.get(`next ${c.urn}`) ?? {}).every(
                    (k) =>
                        compareValue(k, bi[k], (inputsOf.get(`next ${c.urn}`) ?? {})[k], "") !==
                        "changed",
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

/** The step in a short human line: `replace aws:… urn (keys: a, b) [protected]`. */
function describe(s: PlanStep): string {
    const notes = [
        s.keys.length > 0 ? `keys: ${s.keys.join(", ")}` : "",
        s.replaceKeys && s.replaceKeys.length > 0 ? `replaced by: ${s.replaceKeys.join(", ")}` : "",
        s.deleteBeforeReplace ? "delete-before-replace" : "",
        s.aliasOf ? `alias of ${s.aliasOf}` : "",
        s.notCompared ? `secret, not compared: ${s.notCompared.join(", ")}` : "",
        s.protect ? "protected" : "",
        s.dataHolding ? "holds data" : "",
    ].filter((n) => n !== "");
    return `${s.op.padEnd(7)} ${s.urn}${notes.length > 0 ? `  (${notes.join("; ")})` : ""}`;
}

/** The human report: counts, dangerous steps, moves needing aliases, then the other changes. */
export function formatPlan(steps: readonly PlanStep[]): string {
    const counts = countSteps(steps);
    const lines = [
        `plan: ${Object.entries(counts)
            .map(([op, n]) => `${n} ${op}`)
            .join(", ")}`,
    ];
    const dangerous = steps.filter((s) => s.dangerous);
    if (dangerous.length > 0) {
        lines.push("dangerous (replace or delete of protected or data-holding resources):");
        lines.push(...dangerous.map((s) => `  ${describe(s)}`));
    }
    const moves = steps.filter((s) => s.op === "delete" && s.movedTo !== undefined);
    if (moves.length > 0) {
        lines.push("moves (add the old URN to `aliases` to keep the resource):");
        lines.push(...moves.map((s) => `  ${s.urn}\n    -> ${s.movedTo}`));
    }
    const other = steps.filter((s) => s.op !== "same" && !s.dangerous);
    if (other.length > 0) {
        lines.push("other changes:");
        lines.push(...other.map((s) => `  ${describe(s)}`));
    }
    return lines.join("\n");
}

/** 3 when a step is dangerous, else 0. */
export function planExitCode(steps: readonly PlanStep[]): 0 | 3 {
    return steps.some((s) => s.dangerous) ? 3 : 0;
}

/** The render's resources for {@link planSteps}: its export plus the `deleteBeforeReplace` option. */
export function renderedResources(render: {
    readonly resources: readonly RecordedResource[];
    readonly details: ReadonlyMap<string, RegistrationDetails>;
}): PlanResource[] {
    const doc = exportDocument(render.resources, render.details);
    return doc.deployment.resources.map((r, i) =>
        render.resources[i].options.deleteBeforeReplace ? { ...r, deleteBeforeReplace: true } : r,
    );
}

/**
 * The resources of a base file: `pulumi stack export` JSON, version 3.
 * @throws Error naming the file when it is unreadable, not JSON or not such a document.
 */
export function readBase(file: string): PlanResource[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`cannot read base ${file}: ${(e as Error).message}`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new Error(`base ${file} is not JSON: ${(e as Error).message}`);
    }
    const d = doc as { version?: unknown; deployment?: { resources?: unknown } } | null;
    if (d === null || typeof d !== "object" || d.version !== 3) {
        throw new Error(
            `base ${file} is not a version 3 stack export (pulumi stack export, or npm run synth -- --out)`,
        );
    }
    const resources = d.deployment?.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new Error(`base ${file}: deployment.resources must be an array`);
    }
    resources.forEach((r: unknown, i) => {
        const res = r as Partial<PlanResource> | null;
        if (
            res === null ||
            typeof res !== "object" ||
            typeof res.urn !== "string" ||
            typeof res.type !== "string"
        ) {
            throw new Error(`base ${file}: resource ${i} must have string urn and type`);
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
