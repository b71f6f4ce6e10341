/**
 * Which policy config a stack's policy check uses: policies/config/<stack>.json when it exists
 * (what `pulumi preview --policy-pack-config` gets in CI), else the pack's own defaults.
 */
import * as fs from "fs";
import * as path from "path";
import { readJsonFile } from "../lib/files";
import { PROJECT_ROOT } from "../offline/stackFiles";
import type * as Evaluate from "../policies/evaluate";

export interface PolicyConfigChoice {
    /** The file to load; undefined for the pack's defaults. */
    readonly file?: string;
    /** One line saying which config applies, for the tool's output. */
    readonly description: string;
}

/** The policy config of `stack`, and a line that says which one it is. */
export function policyConfigFor(stack: string, root = PROJECT_ROOT): PolicyConfigChoice {
    const relative = path.join("policies", "config", `${stack}.json`);
    const file = path.join(root, relative);
    if (fs.existsSync(file)) {
        return { file, description: `policy config: ${relative} (stack ${stack})` };
    }
    return {
        description: `policy config: none for stack ${stack} (no ${relative}): every policy runs at its default enforcement level with its default parameters`,
    };
}

/** The stack of a `pulumi stack export`: from its resources' URNs (urn:pulumi:<stack>::...). */
export function stackOfExport(resources: readonly { readonly urn: string }[]): string | undefined {
    const stacks = new Set(
        resources.map((r) => /^urn:pulumi:([^:]+)::/.exec(r.urn)?.[1]).filter((s) => s),
    );
    return stacks.size === 1 ? [...stacks][0] : undefined;
}

/**
 * A policy config file, read as every tool reads its inputs (a regular file of at most 1 MiB,
 * lib/files.ts) and checked against the pack; undefined gives the pack's defaults. Throws with a
 * message naming the file.
 */
export function readPolicyConfig(
    file: string | undefined,
    evaluate: Pick<typeof Evaluate, "validatePolicyConfig">,
): Evaluate.PolicyConfig {
    if (file === undefined) {
        return {};
    }
    const label = `policy config ${file}`;
    return evaluate.validatePolicyConfig(
        readJsonFile(file, { label, maxBytes: 1024 * 1024 }),
        label,
    );
}
