/**
 * Runs the pack's policies without the Pulumi CLI, on the resources of a `pulumi stack export`
 * (or the offline synth, which writes the same shape).
 *
 * The policy server normally builds `ResourceValidationArgs`/`StackValidationArgs` from the
 * engine's gRPC requests; this module builds them the same way from each resource's `inputs`
 * (props wrapped in `unknownCheckingProxy`, `notApplicable`, `stackTags`, `isType`/`asType`,
 * `getConfig`), so the very same policy objects run in preview and offline. Differences from the
 * server, on purpose: a policy that touches an unknown value is skipped instead of yielding the
 * server's "can't run during preview" advisory (an unknown is not a violation), and config
 * defaults from each `configSchema` are applied here because the CLI is not there to do it.
 */
import * as fs from "fs";
import {
    EnforcementLevel as PulumiEnforcementLevel,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";
import { policies as allPolicies } from "./rules";
import {
    COULD_NOT_CHECK,
    couldNotCheckMessage,
    CouldNotCheck,
    EVERY_TYPE,
    resourceTypesOf,
    StackResource,
    UNKNOWN_SENTINELS,
    unknownKey,
} from "./rules/helpers";

/** One resource of `pulumi stack export` (`deployment.resources[]`), the fields we read. */
export interface ExportedResource {
    urn: string;
    type: string;
    custom?: boolean;
    /** The inputs the provider received; policies validate these, as in preview. */
    inputs?: Record<string, unknown>;
    parent?: string;
    provider?: string;
    /** Provider id (real exports, and the offline synth's mock ids). */
    id?: string;
    /** Recorded outputs; `outputs.id`/`arn`/`name` help resolve references between resources. */
    outputs?: Record<string, unknown>;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** Resource options the engine records; absent means false. */
    protect?: boolean;
    retainOnDelete?: boolean;
}

/** The levels a report uses. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** One finding. */
export interface Violation {
    policyName: string;
    /** A "could not check" finding is always advisory, whatever the policy's level. */
    enforcementLevel: "advisory" | "mandatory";
    urn: string;
    message: string;
    /**
     * Set when the policy could not read an input it needs (unknown, secret-encrypted or the
     * offline "[secret]" placeholder): not a pass and not a violation. `formatReport` lists these
     * separately and counts them in its summary.
     */
    couldNotCheck?: true;
}

/** Pulumi's secret signature key and value in export JSON (`sdk/go/common/resource/sig`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** What the offline synth writes for a secret value. */
const SECRET_PLACEHOLDER = "[secret]";
/** The unknown-string sentinel, which the unknown-checking proxy turns into "cannot evaluate". */
const UNKNOWN_STRING = [...UNKNOWN_SENTINELS][2];

/**
 * Inputs whose value is a credential (password, auth token, private key, secret string): no rule
 * judges their value, only whether they are set. An opaque secret under such a key stays a
 * known, non-empty placeholder, so a secret `authToken` never hides the resource's other
 * findings and a presence check still decides. Any other opaque secret becomes unknown, and
 * only the rules that read it report "could not check".
 */
export function isCredentialKey(key: string): boolean {
    return /(password|passwd|passphrase|token|secret|privatekey|credential|apikey|sharedkey|presharedkey)/i.test(
        key.replace(/[^A-Za-z]/g, ""),
    );
}

/** The placeholder a credential secret becomes: known and non-empty, never judged as a value. */
export const SECRET_PRESENT = "[secret]";

/**
 * A value policies cannot read: an encrypted secret (`pulumi stack export` without
 * `--show-secrets`) or the offline synth's placeholder. Both become the unknown sentinel, so
 * every policy that needs them reports "could not check" instead of judging the placeholder.
 */
function isOpaqueSecret(value: unknown): boolean {
    if (value === SECRET_PLACEHOLDER) {
        return true;
    }
    return (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE &&
        !("plaintext" in (value as Record<string, unknown>))
    );
}

/**
 * Per-stack policy config in the CLI's `--policy-pack-config` file shape:
 * `{ "<policy-name>": "advisory" | { "enforcementLevel": "...", "<param>": ... } }`.
 */
export type PolicyConfig = Record<
    string,
    EnforcementLevel | { enforcementLevel?: EnforcementLevel; [param: string]: unknown }
>;

type PackPolicy = Policy & (ResourceValidationPolicy | StackValidationPolicy);

const LEVELS: readonly string[] = ["advisory", "mandatory", "disabled"];

/**
 * Thrown by `notApplicable`, as the server's NotApplicableError is.
 * @internal Exported for the test helpers.
 */
export class NotApplicable extends Error {}

/**
 * The one instance `notApplicable` throws: a resource policy is "not applicable" to every
 * resource of another type, tens of thousands of times per stack, and building an Error (with
 * its stack trace) each time would cost more than the checks themselves.
 */
const NOT_APPLICABLE = new NotApplicable("not applicable");

/** The logical name of a resource: the last `::` segment of its URN. */
export function nameFromUrn(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** The URN of the stack a resource URN belongs to; stack-wide findings are reported on it. */
function stackUrn(resources: readonly ExportedResource[]): string {
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    if (root !== undefined) {
        return root.urn;
    }
    const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0]?.urn ?? "");
    return m
        ? `urn:pulumi:${m[1]}::${m[2]}::pulumi:pulumi:Stack::${m[2]}-${m[1]}`
        : "urn:pulumi:stack";
}

/**
 * Checks a policy config against the pack: known policy names, valid levels, parameters that
 * the policy's configSchema declares, with the declared JSON type. `source` names the file.
 */
export function validatePolicyConfig(
    config: unknown,
    source: string,
    packPolicies: readonly PackPolicy[] = allPolicies,
): PolicyConfig {
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new Error(`${source}: policy config must be a JSON object keyed by policy name`);
    }
    const byName = new Map(packPolicies.map((p) => [p.name, p]));
    for (const [name, entry] of Object.entries(config as Record<string, unknown>)) {
        const policy = byName.get(name);
        if (policy === undefined) {
            throw new Error(`${source}: unknown policy "${name}"`);
        }
        if (typeof entry === "string") {
            if (!LEVELS.includes(entry)) {
                throw new Error(`${source}: "${name}" has invalid enforcement level "${entry}"`);
            }
            continue;
        }
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            throw new Error(`${source}: "${name}" must be an enforcement level or an object`);
        }
        for (const [param, value] of Object.entries(entry as Record<string, unknown>)) {
            if (param === "enforcementLevel") {
                if (typeof value !== "string" || !LEVELS.includes(value)) {
                    throw new Error(
                        `${source}: "${name}" has invalid enforcement level "${String(value)}"`,
                    );
                }
                continue;
            }
            const schema = policy.configSchema?.properties[param];
            if (schema === undefined) {
                throw new Error(`${source}: policy "${name}" has no parameter "${param}"`);
            }
            if (!matchesJsonType(value, schema.type)) {
                throw new Error(
                    `${source}: "${name}.${param}" must be of type ${String(schema.type)}`,
                );
            }
        }
    }
    return config as PolicyConfig;
}

function matchesJsonType(value: unknown, type: string | string[] | undefined): boolean {
    if (type === undefined) {
        return true;
    }
    const types = Array.isArray(type) ? type : [type];
    return types.some((t) => {
        switch (t) {
            case "array":
                return Array.isArray(value);
            case "integer":
                return Number.isInteger(value);
            case "object":
                return value !== null && typeof value === "object" && !Array.isArray(value);
            case "null":
                return value === null;
            default:
                return typeof value === t;
        }
    });
}

/** The effective level of a policy under `config` (pack default: advisory). */
export function enforcementLevelOf(policy: Policy, config: PolicyConfig): EnforcementLevel {
    const entry = config[policy.name];
    const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
    const level: PulumiEnforcementLevel = configured ?? policy.enforcementLevel ?? "advisory";
    // Remediation is not offered here; a remediating policy's violations block like the server's.
    return level === "remediate" ? "mandatory" : level;
}

/** The parameters a policy sees through getConfig(): schema defaults, then stack overrides. */
export function parametersOf(policy: Policy, config: PolicyConfig): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (schema.default !== undefined) {
            params[key] = schema.default;
        }
    }
    const entry = config[policy.name];
    if (entry !== undefined && typeof entry === "object") {
        for (const [key, value] of Object.entries(entry)) {
            if (key !== "enforcementLevel") {
                params[key] = value;
            }
        }
    }
    return params;
}

const DEFAULT_OPTIONS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

/**
 * The resource options a policy sees. `protect` comes from the export as the server passes it;
 * `retainOnDelete` is not among the options the CLI sends to policies (pulumirpc
 * AnalyzerResourceOptions), so only this evaluator supplies it, always as a boolean.
 */
const optionsCache = new WeakMap<ExportedResource, PolicyResourceOptions>();
function optionsOf(r: ExportedResource): PolicyResourceOptions {
    let options = optionsCache.get(r);
    if (options === undefined) {
        // Built once per resource and shared by every policy (policies only read options).
        options = {
            ...DEFAULT_OPTIONS,
            protect: r.protect === true,
            parent: r.parent,
            retainOnDelete: r.retainOnDelete === true,
        } as PolicyResourceOptions;
        optionsCache.set(r, options);
    }
    return options;
}

function typeOf(resourceClass: unknown): string | undefined {
    const token = (resourceClass as { __pulumiType?: unknown } | null)?.__pulumiType;
    return typeof token === "string" ? token : undefined;
}

/**
 * Inputs as the server hands them to policies: a private copy behind the unknown-checking proxy.
 * Built once per resource and shared by every policy: policies only read their inputs. (Freezing
 * the copy would break the proxy, which must hand out wrappers for unknown values.)
 */
const proxiedInputsCache = new WeakMap<ExportedResource, Record<string, unknown>>();
function proxiedInputs(r: ExportedResource): Record<string, unknown> {
    let props = proxiedInputsCache.get(r);
    if (props === undefined) {
        const copy = JSON.parse(JSON.stringify(r.inputs ?? {}), (k, v: unknown) => {
            if (isOpaqueSecret(v)) {
                return isCredentialKey(k) ? SECRET_PRESENT : UNKNOWN_STRING;
            }
            // A decrypted secret (`--show-secrets`) is its plaintext, JSON-encoded.
            if (
                v !== null &&
                typeof v === "object" &&
                (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE
            ) {
                const plaintext = (v as { plaintext?: unknown }).plaintext;
                try {
                    return typeof plaintext === "string" ? JSON.parse(plaintext) : plaintext;
                } catch {
                    return plaintext;
                }
            }
            return v;
        }) as Record<string, unknown>;
        props = unknownCheckingProxy(copy) as Record<string, unknown>;
        proxiedInputsCache.set(r, props);
    }
    return props;
}

/**
 * Builds the `ResourceValidationArgs` the policy server would pass for `r`.
 * @internal Exported for the test helpers.
 */
export function resourceValidationArgs(
    r: ExportedResource,
    params: Record<string, unknown> = {},
    couldNotCheck?: CouldNotCheck,
): ResourceValidationArgs {
    const props = proxiedInputs(r);
    const args: ResourceValidationArgs & { [COULD_NOT_CHECK]?: CouldNotCheck } = {
        type: r.type,
        props,
        urn: r.urn,
        name: nameFromUrn(r.urn),
        opts: optionsOf(r),
        stackTags: new Map(),
        isType: (cls) => typeOf(cls) === r.type,
        asType: (cls) => (typeOf(cls) === r.type ? (props as never) : undefined),
        getConfig: <T extends object>() => ({ ...params }) as T,
        notApplicable: (): never => {
            throw NOT_APPLICABLE;
        },
    };
    args[COULD_NOT_CHECK] = couldNotCheck;
    return args;
}

/**
 * Builds the stack's `PolicyResource`s (parents, dependencies, property dependencies linked by
 * URN, as the server does), plus the recorded id and outputs used to resolve references.
 * @internal Exported for the test helpers.
 */
export function stackResources(resources: readonly ExportedResource[]): StackResource[] {
    const built = resources.map((r) => {
        const props = proxiedInputs(r);
        const resource: PolicyResource & { id?: string; outputs?: Record<string, unknown> } = {
            type: r.type,
            props,
            urn: r.urn,
            name: nameFromUrn(r.urn),
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => typeOf(cls) === r.type,
            asType: (cls) => (typeOf(cls) === r.type ? (props as never) : undefined),
            id:
                r.id ??
                (typeof r.outputs?.["id"] === "string" ? (r.outputs["id"] as string) : undefined),
            outputs: r.outputs,
        };
        return { resource, source: r };
    });
    const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
    const link = (urns: readonly string[] | undefined) =>
        (urns ?? []).map((u) => byUrn.get(u)).filter((x): x is StackResource => x !== undefined);
    for (const { resource, source } of built) {
        if (source.parent !== undefined) {
            resource.parent = byUrn.get(source.parent);
        }
        resource.dependencies = link(source.dependencies);
        for (const [prop, urns] of Object.entries(source.propertyDependencies ?? {})) {
            resource.propertyDependencies[prop] = link(urns);
        }
    }
    return built.map((b) => b.resource);
}

/**
 * Builds the `StackValidationArgs` the server would pass for a stack policy.
 * @internal Exported for the test helpers.
 */
export function stackValidationArgs(
    resources: StackResource[],
    params: Record<string, unknown> = {},
    couldNotCheck?: CouldNotCheck,
): StackValidationArgs {
    const args: StackValidationArgs & { [COULD_NOT_CHECK]?: CouldNotCheck } = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({ ...params }) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    args[COULD_NOT_CHECK] = couldNotCheck;
    return args;
}

/**
 * Runs one validation, turning "not applicable" and "unknown during preview" into no findings
 * and any other error into one naming the policy and resource.
 */
async function runValidation(
    policyName: string,
    where: string,
    run: () => void | Promise<void>,
    couldNotCheck: CouldNotCheck,
): Promise<void> {
    try {
        await run();
    } catch (e) {
        if (e instanceof NotApplicable) {
            return;
        }
        if (e instanceof UnknownValueError) {
            couldNotCheck(couldNotCheckMessage(unknownKey(e)));
            return;
        }
        const message = e instanceof Error ? e.message : String(e);
        throw new Error(`policy ${policyName} failed on ${where}: ${message}`);
    }
}

/** Whether a resource is checked by resource policies: custom, and not a provider. */
function isCheckable(r: ExportedResource): boolean {
    return (
        r.custom !== false &&
        !r.type.startsWith("pulumi:providers:") &&
        r.type !== "pulumi:pulumi:Stack"
    );
}

/**
 * Runs every resource policy on every custom resource and every stack policy once, with the
 * enforcement levels and parameters of `config` (CLI policy-pack config shape).
 * @param packPolicies The policies to run; defaults to the whole pack.
 */
export async function evaluateResources(
    resources: ExportedResource[],
    config: PolicyConfig = {},
    packPolicies: readonly PackPolicy[] = allPolicies,
): Promise<Violation[]> {
    validatePolicyConfig(config, "policy config", packPolicies);
    const checkable = resources.filter(isCheckable);
    const stack = stackResources(checkable);
    // Resources by type: a validation whose types are known (validateTyped, appliesTo) runs only
    // on those, so the pack stays linear in resources x applicable policies instead of calling
    // notApplicable for every other pair.
    const byType = new Map<string, ExportedResource[]>();
    for (const r of checkable) {
        const list = byType.get(r.type);
        if (list === undefined) {
            byType.set(r.type, [r]);
        } else {
            list.push(r);
        }
    }
    const targetsOf = (validate: ResourceValidation): readonly ExportedResource[] => {
        const types = resourceTypesOf(validate);
        if (types === undefined || types.includes(EVERY_TYPE)) {
            return checkable;
        }
        return types.flatMap((t) => byType.get(t) ?? []);
    };
    const fallbackUrn = stackUrn(resources);
    const violations: Violation[] = [];
    for (const policy of packPolicies) {
        const level = enforcementLevelOf(policy, config);
        if (level === "disabled") {
            continue;
        }
        const params = parametersOf(policy, config);
        const reporter =
            (defaultUrn: string): ReportViolation =>
            (message, urn) =>
                violations.push({
                    policyName: policy.name,
                    enforcementLevel: level,
                    urn: urn ?? defaultUrn,
                    message,
                });
        const unchecked =
            (defaultUrn: string): CouldNotCheck =>
            (message, urn) =>
                violations.push({
                    policyName: policy.name,
                    enforcementLevel: "advisory",
                    urn: urn ?? defaultUrn,
                    message,
                    couldNotCheck: true,
                });
        if ("validateStack" in policy) {
            const sink = unchecked(fallbackUrn);
            await runValidation(
                policy.name,
                "the stack",
                () =>
                    policy.validateStack(
                        stackValidationArgs(stack, params, sink),
                        reporter(fallbackUrn),
                    ),
                sink,
            );
            continue;
        }
        const validations = Array.isArray(policy.validateResource)
            ? policy.validateResource
            : policy.validateResource === undefined
              ? []
              : [policy.validateResource];
        // Findings keep the resource order of the export, whatever order validations run in.
        const targets = validations.map((v) => {
            const t = targetsOf(v);
            return t === checkable ? undefined : new Set(t);
        });
        const everyResource = targets.some((t) => t === undefined);
        const runs = everyResource ? undefined : new Set(targets.flatMap((t) => [...t!]));
        for (const r of checkable) {
            if (runs !== undefined && !runs.has(r)) {
                continue;
            }
            const sink = unchecked(r.urn);
            for (let i = 0; i < validations.length; i++) {
                if (targets[i] !== undefined && !targets[i]!.has(r)) {
                    continue;
                }
                const validate = validations[i];
                await runValidation(
                    policy.name,
                    r.urn,
                    () => validate(resourceValidationArgs(r, params, sink), reporter(r.urn)),
                    sink,
                );
            }
        }
    }
    return violations;
}

/**
 * The resources of a `pulumi stack export` document (`{version: 3, deployment: {resources}}`).
 * @throws Error naming what is wrong when `json` is not such a document.
 */
export function readExport(json: unknown): ExportedResource[] {
    const doc = json as { version?: unknown; deployment?: { resources?: unknown } } | null;
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new Error("stack export must be a JSON object");
    }
    if (doc.version !== 3) {
        throw new Error(
            `unsupported stack export version ${JSON.stringify(doc.version)} (expected 3)`,
        );
    }
    const resources = doc.deployment?.resources ?? [];
    if (!Array.isArray(resources)) {
        throw new Error("stack export deployment.resources must be an array");
    }
    return resources.map((r: unknown, i) => {
        const res = r as Partial<ExportedResource> | null;
        if (
            res === null ||
            typeof res !== "object" ||
            typeof res.urn !== "string" ||
            typeof res.type !== "string"
        ) {
            throw new Error(`stack export resource ${i} must have string urn and type`);
        }
        return res as ExportedResource;
    });
}

/** The violations proper, without the "could not check" findings. */
export function definiteViolations(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.couldNotCheck !== true);
}

/** The "could not check" findings: inputs a policy needed but could not read. */
export function uncheckedFindings(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.couldNotCheck === true);
}

/**
 * One line per violation, `<level> <policy-name> <urn>: <message>`, mandatory first, then one
 * `could-not-check <policy-name> <urn>: could not check <key>: value unknown/secret` line per
 * input a policy could not read, then a summary line
 * `policy: <m> mandatory, <a> advisory violations, <c> could not check`.
 */
export function formatReport(all: Violation[]): string {
    const violations = definiteViolations(all);
    const unchecked = uncheckedFindings(all);
    const order = (v: Violation) => (v.enforcementLevel === "mandatory" ? 0 : 1);
    const sorted = [...violations].sort(
        (a, b) =>
            order(a) - order(b) ||
            a.policyName.localeCompare(b.policyName) ||
            a.urn.localeCompare(b.urn) ||
            a.message.localeCompare(b.message),
    );
    const lines = sorted.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`);
    const uncheckedLines = unchecked
        .map((v) => `could-not-check ${v.policyName} ${v.urn}: ${v.message}`)
        .sort();
    lines.push(...uncheckedLines);
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push(
        `policy: ${mandatory} mandatory, ${violations.length - mandatory} advisory violations` +
            (unchecked.length > 0 ? `, ${unchecked.length} could not check` : ""),
    );
    return lines.join("\n");
}

/**
 * Reads a policy-pack config file (the CLI's `--policy-pack-config` JSON); `{}` without a path.
 * @throws Error naming the file on unreadable or invalid JSON, unknown policy names or parameters.
 */
export function loadPolicyConfig(path: string | undefined): PolicyConfig {
    if (path === undefined) {
        return {};
    }
    let text: string;
    try {
        text = fs.readFileSync(path, "utf8");
    } catch (e) {
        throw new Error(`cannot read policy config ${path}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new Error(`policy config ${path} is not valid JSON: ${(e as Error).message}`);
    }
    return validatePolicyConfig(json, `policy config ${path}`);
}
