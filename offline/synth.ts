/**
 * Offline synth: runs index.ts under the mocks with a stack file's config and returns what it
 * registered, shaped like `pulumi stack export`. No CLI, plugin or AWS credentials are involved.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { installMocks, RecordedResource, SECRET_PLACEHOLDER, settle } from "./mocks";

export const PROJECT_ROOT = findRoot(__dirname);

/** The folder holding Pulumi.yaml, above this file (which may run from bin/ after a build). */
function findRoot(from: string): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml above ${from}`);
        }
    }
}

/** A stack's config as the Pulumi runtime receives it: namespaced keys → strings. */
export interface StackConfig {
    readonly config: Record<string, string>;
    /** Keys whose value (or a part of it) was `secure:` in the stack file. */
    readonly secretKeys: string[];
}

export interface SynthResult {
    readonly project: string;
    readonly stack: string;
    /** Every registered resource, components included, in registration order. */
    readonly resources: RecordedResource[];
    /** Stack outputs; secret outputs are the placeholder. */
    readonly outputs: Record<string, unknown>;
    /** Messages the program logged with pulumi.log.warn. */
    readonly warnings: string[];
}

/** Stacks that have a Pulumi.<stack>.yaml next to Pulumi.yaml. */
export function listStacks(root = PROJECT_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function readProjectName(root = PROJECT_ROOT): string {
    const project = parseYaml(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name?: string };
    if (!project?.name) {
        throw new Error("Pulumi.yaml has no project name");
    }
    return project.name;
}

/** Replaces every `{ secure: ... }` in a config value with the placeholder; reports if any. */
function stripSecure(value: unknown): { value: unknown; secret: boolean } {
    if (Array.isArray(value)) {
        const items = value.map(stripSecure);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (Object.keys(obj).length === 1 && "secure" in obj) {
            return { value: SECRET_PLACEHOLDER, secret: true };
        }
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(obj)) {
            const r = stripSecure(v);
            out[k] = r.value;
            secret ||= r.secret;
        }
        return { value: out, secret };
    }
    return { value, secret: false };
}

/**
 * Reads Pulumi.<stack>.yaml. Keys without a namespace get the project's, as the CLI does; objects
 * and non-strings become JSON strings; secure values never leave this function.
 */
export function readStackConfig(stack: string, root = PROJECT_ROOT): StackConfig {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = listStacks(root);
        throw new Error(`No stack file ${path.basename(file)}; stacks: ${known.join(", ") || "none"}`);
    }
    const project = readProjectName(root);
    const doc = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(doc.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const { value, secret } = stripSecure(rawValue);
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) {
            secretKeys.push(key);
        }
    }
    return { config, secretKeys };
}

/**
 * Runs the program for a stack under mocks. `config` replaces the stack file's (tests pass
 * variations); `program` defaults to index.ts. Errors from the program propagate unchanged.
 */
export async function synthesize(
    stack: string,
    options: { config?: StackConfig; root?: string; program?: string } = {},
): Promise<SynthResult> {
    const root = options.root ?? PROJECT_ROOT;
    const project = readProjectName(root);
    const { config, secretKeys } = options.config ?? readStackConfig(stack, root);
    // index.ts beside this module: the source under tsx, or its build under bin/.
    const program = options.program ?? require.resolve(path.join(__dirname, "..", "index"));

    const recorder = await installMocks(project, stack);
    pulumi.runtime.setAllConfig(config, secretKeys);

    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    (pulumi.log as { warn: typeof warn }).warn = async (msg: string) => {
        warnings.push(msg);
    };
    try {
        // The program is a module with top-level code: drop it from the cache so each run executes it.
        delete require.cache[require.resolve(program)];
        await pulumi.runtime.runInPulumiStack(async () => require(program));
        await settle();
    } finally {
        (pulumi.log as { warn: typeof warn }).warn = warn;
    }
    const root$ = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return { project, stack, resources: recorder.resources, outputs: root$?.outputs ?? {}, warnings };
}

/** The `pulumi stack export` shape (version 3) of a synth result. */
export function toExport(result: SynthResult): unknown {
    return {
        version: 3,
        deployment: {
            manifest: { time: "1970-01-01T00:00:00Z", magic: "offline-synth", version: "offline" },
            resources: result.resources.map((r) => ({
                urn: r.urn,
                custom: r.custom,
                ...(r.id !== undefined ? { id: r.id } : {}),
                type: r.type,
                inputs: r.inputs,
                outputs: r.outputs,
                ...(r.parent ? { parent: r.parent } : {}),
                ...(r.provider ? { provider: r.provider } : {}),
            })),
        },
    };
}
