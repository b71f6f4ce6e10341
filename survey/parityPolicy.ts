/**
 * The policy findings `parity --write` must not add: the stack rendered offline with the stack
 * files of a folder, run through the policy pack under the stack's policy config
 * (policies/config/<stack>.json), as `npm run synth` does. Advisory and mandatory alike, one line
 * each; "could not check" findings are left out.
 */
import * as crypto from "crypto";
import * as path from "path";
import { readRegularFile } from "../lib/files";
import { synthesize, SynthResult, toExport } from "../offline/synth";
import {
    definiteViolations,
    evaluateResources,
    loadPolicyConfig,
    readExport,
} from "../policies/evaluate";
import { policyConfigFor } from "../scripts/policyConfig";
import type { ParityIo } from "./parityCommand";

/** The findings of one render of `stack`, under its policy config. */
async function findingsOf(stack: string, rendered: SynthResult): Promise<string[]> {
    const violations = await evaluateResources(
        readExport(toExport(rendered)),
        loadPolicyConfig(policyConfigFor(stack).file),
    );
    return definiteViolations(violations).map(
        (v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`,
    );
}

/** Renders a stack with the stack files of `root` (synthesize; the tests reset their mocks after). */
export type RenderStack = (stack: string, root: string) => Promise<SynthResult>;

/**
 * The `synth` and `policy` of one parity run, sharing their renders by the content of the only
 * files a render reads from `root` (offline/stackFiles.ts: Pulumi.yaml for the project name,
 * Pulumi.<stack>.yaml for the config). `--write` renders today's stack file twice otherwise (the
 * table, then the policy baseline from a scratch copy), and a render is most of a run's time.
 * Only the latest render is kept (only the next step can reuse it, so a run holds one render in
 * memory, not one per checked variant); every content's findings are kept. Renders run one at a
 * time (the Pulumi runtime is global); a failed one is not kept.
 */
export function parityRenders(
    render: RenderStack = (stack, root) => synthesize(stack, { root }),
): Required<Pick<ParityIo, "synth" | "policy">> {
    const renders = new Map<string, Promise<SynthResult>>();
    const findings = new Map<string, Promise<string[]>>();
    const keep = <T>(
        cache: Map<string, Promise<T>>,
        key: string,
        make: () => Promise<T>,
        latestOnly = false,
    ) => {
        let p = cache.get(key);
        if (!p) {
            if (latestOnly) {
                cache.clear();
            }
            p = make();
            cache.set(key, p);
            p.catch(() => cache.delete(key));
        }
        return p;
    };
    const rendered = (stack: string, root: string): Promise<SynthResult> => {
        const key = contentKey(stack, root);
        return key === undefined
            ? render(stack, root)
            : keep(renders, key, () => render(stack, root), true);
    };
    return {
        synth: async (stack, root) => (await rendered(stack, root)).resources,
        policy: (stack, root) => {
            const key = contentKey(stack, root);
            const find = async () => findingsOf(stack, await rendered(stack, root));
            return key === undefined ? find() : keep(findings, key, find);
        },
    };
}

/**
 * The stack and a digest of its two stack files; undefined when one is not a readable regular file
 * (not cached: the render reports it).
 */
function contentKey(stack: string, root: string): string | undefined {
    const hash = crypto.createHash("sha256").update(stack).update("\0");
    for (const file of ["Pulumi.yaml", `Pulumi.${stack}.yaml`]) {
        try {
            hash.update(readRegularFile(path.join(root, file))).update("\0");
        } catch {
            return undefined;
        }
    }
    return hash.digest("hex");
}
