/**
 * Reading Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI does, without the CLI: keys get the
 * project namespace, objects become JSON strings, and `secure:` values are replaced by a
 * placeholder so no ciphertext or secret ever reaches the program, the output or a log.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml, YAMLError } from "yaml";
import { InputFileError, readTextFile } from "../lib/files";

/** Largest stack or usage YAML file read (a stack file is a few KiB). */
const MAX_YAML_BYTES = 16 * 1024 * 1024;

/** What a secret value looks like offline (same as the mocks' placeholder). */
export const SECRET_PLACEHOLDER = "[secret]";

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

/** A stack file or Pulumi.yaml that cannot be read: the tools print it and exit 2. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/**
 * Parses a YAML file; a syntax error becomes a {@link StackFileError} naming the file, line and
 * column (`Pulumi.prod.yaml:12:5: ...`).
 */
export function readYamlFile(file: string, root = PROJECT_ROOT): unknown {
    const name = path.relative(root, file) || file;
    let text: string;
    try {
        // Only a regular file: a FIFO or device named Pulumi.<stack>.yaml is refused at once.
        text = readTextFile(file, { label: name, maxBytes: MAX_YAML_BYTES });
    } catch (e) {
        if (e instanceof InputFileError) {
            throw new StackFileError(e.message);
        }
        throw e;
    }
    return parseYamlText(text, name);
}

/**
 * Parses YAML text read from `name`; a syntax error becomes a {@link StackFileError} naming it,
 * the line and the column (`name:12:5: invalid YAML: ...`).
 */
export function parseYamlText(text: string, name: string): unknown {
    try {
        return parseYaml(text);
    } catch (e) {
        if (e instanceof YAMLError) {
            const at = e.linePos?.[0];
            // The library's message ends with the offending line quoted: keep its first line.
            const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
            throw new StackFileError(
                `${name}${at ? `:${at.line}:${at.col}` : ""}: invalid YAML: ${reason}`,
            );
        }
        throw e;
    }
}

/** A stack's config as the Pulumi runtime receives it: namespaced keys → strings. */
export interface StackConfig {
    readonly config: Record<string, string>;
    /** Keys whose value (or a part of it) was `secure:` in the stack file. */
    readonly secretKeys: string[];
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
    const project = readYamlFile(path.join(root, "Pulumi.yaml"), root) as {
        name?: string;
    } | null;
    if (!project?.name) {
        throw new StackFileError("Pulumi.yaml has no project name");
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
        throw new StackFileError(
            `No stack file ${path.basename(file)}; stacks: ${known.join(", ") || "none"}`,
        );
    }
    const project = readProjectName(root);
    const doc = (readYamlFile(file, root) ?? {}) as {
        config?: Record<string, unknown>;
    };
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
