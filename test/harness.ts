/**
 * The shared test harness: fresh recording mocks per suite, Output unwrapping, and lookups of
 * what a component registered. Mock tests prove what the program asks AWS for, not that AWS
 * accepts it, nor parentage beyond the URN chain the mock monitor computes.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, RecordedOptions, ResourceRecorder, settle } from "../offline/mocks";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { readStackConfig, StackConfig, synthesize, SynthResult } from "../offline/synth";

/** A program (built from test/fixtures/faultyProgram) that throws where TNG_FIXTURE_FAULT says. */
export const FAULTY_PROGRAM = path.join(
    PROJECT_ROOT,
    "bin",
    "test",
    "fixtures",
    "faultyProgram",
    "index.js",
);

export { settle };

const rendered = new Map<string, Promise<SynthResult>>();

/**
 * `synthesize(stack)` of the committed stack file, rendered once per mocha process (each parallel
 * worker has its own) and shared by every test that reads it: treat the result as read-only (copy
 * before changing a resource, as `{ ...r.inputs }` does). A render with other config or another
 * program calls `synthesize` itself.
 */
export function renderedStack(stack: string): Promise<SynthResult> {
    let result = rendered.get(stack);
    if (!result) {
        result = synthesize(stack);
        rendered.set(stack, result);
    }
    return result;
}

let current: ResourceRecorder | undefined;

/** Installs fresh mocks (and config) for a suite; the returned recorder sees what follows. */
export async function freshMocks(
    stack = "test",
    config: Record<string, string> = {},
    secretKeys: string[] = [],
): Promise<ResourceRecorder> {
    current = await installMocks("tng", stack);
    pulumi.runtime.setAllConfig(config, secretKeys);
    return current;
}

/** The recorder of the last {@link freshMocks}. */
export function recorder(): ResourceRecorder {
    if (!current) {
        throw new Error("call freshMocks() in a before hook first");
    }
    return current;
}

/** Resolves an Output (or plain value) in an async test. */
export function unwrap<T>(value: pulumi.Output<T> | T): Promise<T> {
    return new Promise((resolve) =>
        pulumi.Output.isInstance(value) ? value.apply(resolve) : resolve(value),
    );
}

/** Creates resources with `build`, waits for every registration, and returns the recorder. */
export async function record<T>(
    build: () => T,
    stack = "test",
): Promise<{ recorder: ResourceRecorder; value: T }> {
    const rec = await freshMocks(stack);
    const value = build();
    await settle();
    return { recorder: rec, value };
}

/** Resource options by logical name, from the recorder (mock tests can prove options this way). */
export function optionsByName(rec: ResourceRecorder): Map<string, RecordedOptions> {
    return new Map(rec.resources.map((r) => [r.name, r.options]));
}

/** Like {@link record}, plus the resource options of every registration by logical name. */
export async function recordWithOptions<T>(
    build: () => T,
): Promise<{ recorder: ResourceRecorder; value: T; options: Map<string, RecordedOptions> }> {
    const { recorder, value } = await record(build);
    return { recorder, value, options: optionsByName(recorder) };
}

/** An IAM policy document from a recorded JSON-string input. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: unknown;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}
export function policyStatements(json: unknown): PolicyStatement[] {
    if (typeof json !== "string") {
        throw new Error(`expected a policy JSON string, got ${JSON.stringify(json)}`);
    }
    return (JSON.parse(json) as { Statement: PolicyStatement[] }).Statement;
}

/** `stack`'s config with `tng:<key>` (a JSON object setting) changed by `edit`, for a render. */
export function withSetting(
    stack: string,
    key: string,
    edit: (value: Record<string, unknown>) => void,
): StackConfig {
    const { config, secretKeys } = readStackConfig(stack);
    const value = JSON.parse(config[`tng:${key}`]) as Record<string, unknown>;
    edit(value);
    return { config: { ...config, [`tng:${key}`]: JSON.stringify(value) }, secretKeys };
}
