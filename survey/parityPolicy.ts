/**
 * The policy findings `parity --write` must not add: the stack rendered offline with the stack
 * files of a folder, run through the policy pack under the stack's policy config
 * (policies/config/<stack>.json), as `npm run synth` does. Advisory and mandatory alike, one line
 * each; "could not check" findings are left out.
 */
import { synthesize, toExport } from "../offline/synth";
import {
    definiteViolations,
    evaluateResources,
    loadPolicyConfig,
    readExport,
} from "../policies/evaluate";
import { policyConfigFor } from "../scripts/policyConfig";

export async function stackPolicyFindings(stack: string, root: string): Promise<string[]> {
    const exported = toExport(await synthesize(stack, { root }));
    const violations = await evaluateResources(
        readExport(exported),
        loadPolicyConfig(policyConfigFor(stack).file),
    );
    return definiteViolations(violations).map(
        (v) => `${v.enforcementLevel} ${v.policyName} ${v.urn}: ${v.message}`,
    );
}
