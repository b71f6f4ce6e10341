/**
 * Test helpers for the policy specs, after pulumi-policy-aws `src/tests/util.ts`: fixtures are
 * typed from the resource class (so a misspelt property fails to compile), args are built by the
 * same code `evaluate.ts` uses (so the specs exercise what preview and `npm run policy` run), and
 * assertions compare exact message lists.
 *
 * Nothing here starts a policy server or needs the shared mocha setup.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    ExportedResource,
    NotApplicable,
    resourceValidationArgs,
    stackResources,
    stackValidationArgs,
} from "../evaluate";
import { PropsOf, ResourceClass, tokenOf } from "../rules/helpers";

/**
 * The project root. The specs run from source (tsx) and from the esbuild output under `bin/`, so
 * walk up to the folder holding the pack rather than assume a depth.
 */
export const PROJECT_ROOT = ((): string => {
    for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "policies", "PulumiPolicy.yaml"))) {
            return dir;
        }
    }
    throw new Error(`no policies/PulumiPolicy.yaml above ${__dirname}`);
})();

/** The pack directory (PulumiPolicy.yaml, package.json, index.ts). */
export const PACK_DIR = path.join(PROJECT_ROOT, "policies");

/** Pulumi's wire sentinel for an unknown string, as in preview requests and export JSON. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A preview-time unknown standing in for a property of any type. The cast is the point: the
 * server hands policies the sentinel wherever a value is not yet known, whatever its type.
 */
export function unknown<T>(): T {
    return UNKNOWN_STRING as unknown as T;
}

/** Deep copy of JSON-shaped fixture data. */
export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * An exported resource of `resourceClass` named `name`, with id `${name}-id` like the offline
 * synth's mocks.
 */
export function exported<TArgs>(
    resourceClass: ResourceClass<TArgs>,
    name: string,
    props: PropsOf<TArgs>,
    extra: Partial<ExportedResource> = {},
): ExportedResource {
    const type = tokenOf(resourceClass);
    return {
        urn: `urn:pulumi:test::tng::${type}::${name}`,
        type,
        custom: true,
        id: `${name}-id`,
        inputs: clone(props) as Record<string, unknown>,
        ...extra,
    };
}

/** `ResourceValidationArgs` for `props` of `resourceClass`; `config` is what getConfig returns. */
export function createResourceValidationArgs<TArgs>(
    resourceClass: ResourceClass<TArgs>,
    props: PropsOf<TArgs>,
    config: Record<string, unknown> = {},
    unchecked: string[] = [],
): ResourceValidationArgs {
    return resourceValidationArgs(exported(resourceClass, "subject", props), config, (m) =>
        unchecked.push(m),
    );
}

/**
 * The "could not check" messages a resource policy reports for `props` (inputs it needs but
 * cannot read), separately from its violations.
 */
export async function uncheckedMessages<TArgs>(
    policy: ResourceValidationPolicy,
    resourceClass: ResourceClass<TArgs>,
    props: PropsOf<TArgs>,
    config: Record<string, unknown> = {},
): Promise<string[]> {
    const unchecked: string[] = [];
    await runResourcePolicy(
        policy,
        createResourceValidationArgs(resourceClass, props, config, unchecked),
    );
    return unchecked;
}

/** Runs every validation of a resource policy and returns the reported messages in order. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    args: ResourceValidationArgs,
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    for (const validate of validations) {
        try {
            await validate?.(args, (message) => messages.push(message));
        } catch (e) {
            // notApplicable() throws to stop a validation for another resource type.
            if (!(e instanceof NotApplicable)) {
                throw e;
            }
        }
    }
    return messages;
}

/** A violation of a stack policy: message and the URN it was reported on. */
export interface StackFinding {
    urn: string | undefined;
    message: string;
}

/**
 * Runs a stack policy on `resources` with getConfig returning `config`: its violations, and
 * separately the inputs it reported it could not check (unknown or secret).
 */
export async function runStackPolicyChecked(
    policy: StackValidationPolicy,
    resources: ExportedResource[],
    config: Record<string, unknown> = {},
): Promise<{ violations: StackFinding[]; unchecked: StackFinding[] }> {
    const violations: StackFinding[] = [];
    const unchecked: StackFinding[] = [];
    const args = stackValidationArgs(stackResources(resources), config, (message, urn) =>
        unchecked.push({ urn, message }),
    );
    try {
        await policy.validateStack(args, (message, urn) => violations.push({ urn, message }));
    } catch (e) {
        if (!(e instanceof NotApplicable)) {
            throw e;
        }
    }
    return { violations, unchecked };
}

/** Runs a stack policy on `resources` with getConfig returning `config`: its violations. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: ExportedResource[],
    config: Record<string, unknown> = {},
): Promise<StackFinding[]> {
    return (await runStackPolicyChecked(policy, resources, config)).violations;
}

/**
 * Asserts a stack policy reports no violation on `resources` and exactly these "could not
 * check" messages `[urn, message]` (in order): unknown or secret inputs are never a pass.
 */
export async function assertStackUnchecked(
    policy: StackValidationPolicy,
    resources: ExportedResource[],
    expected: [ExportedResource | string | undefined, string][],
    config: Record<string, unknown> = {},
): Promise<void> {
    const { violations, unchecked } = await runStackPolicyChecked(policy, resources, config);
    assert.deepStrictEqual(violations, []);
    assert.deepStrictEqual(
        unchecked,
        expected.map(([r, message]) => ({ urn: typeof r === "object" ? r.urn : r, message })),
    );
}

/** Asserts a resource policy reports exactly `expected` (in order) for `args`. */
export async function assertResourceViolations(
    policy: ResourceValidationPolicy,
    args: ResourceValidationArgs,
    expected: string[],
): Promise<void> {
    assert.deepStrictEqual(await runResourcePolicy(policy, args), expected);
}

/** Asserts a stack policy reports exactly `expected` `[urn, message]` pairs (in order). */
export async function assertStackViolations(
    policy: StackValidationPolicy,
    resources: ExportedResource[],
    expected: [ExportedResource | string | undefined, string][],
    config: Record<string, unknown> = {},
): Promise<void> {
    const findings = await runStackPolicy(policy, resources, config);
    assert.deepStrictEqual(
        findings,
        expected.map(([r, message]) => ({ urn: typeof r === "object" ? r.urn : r, message })),
    );
}

/** One mutation of the happy-path props and the messages it must produce (none = passes). */
export interface Mutation<P> {
    readonly title: string;
    readonly mutate: (props: P) => void;
    /** Exact messages; `[]` means the mutation must still pass. */
    readonly messages: string[];
    /** getConfig() result for this case (a parameter override). */
    readonly config?: Record<string, unknown>;
}

/**
 * Declares the standard spec of a resource policy: the happy path passes, each mutation
 * produces exactly its messages (failures, unknowns, missing properties, config overrides).
 */
export function describeResourcePolicy<TArgs>(
    policy: ResourceValidationPolicy,
    resourceClass: ResourceClass<TArgs>,
    happy: () => PropsOf<TArgs>,
    mutations: Mutation<PropsOf<TArgs>>[],
): void {
    describe(policy.name, () => {
        it("passes on the happy path", async () => {
            await assertResourceViolations(
                policy,
                createResourceValidationArgs(resourceClass, happy()),
                [],
            );
        });
        for (const m of mutations) {
            const outcome = m.messages.length === 0 ? "passes" : "fails";
            it(`${outcome} when ${m.title}`, async () => {
                const props = happy();
                m.mutate(props);
                await assertResourceViolations(
                    policy,
                    createResourceValidationArgs(resourceClass, props, m.config),
                    m.messages,
                );
            });
        }
    });
}
