/**
 * What the policy check cannot read in a `pulumi stack export`: resources without inputs, and
 * inputs that are secrets. A real export made without `--show-secrets` holds each secret as
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": ...}`;
 * the offline synth writes `"[secret]"`. Evaluating such a resource as if the value were empty
 * reports wrong violations, so the tool reports it as "could not check" instead.
 */
import { WIRE_SIGNATURES, wireSignature } from "../sdk/internals";
import { SECRET_PLACEHOLDER } from "./stackFiles";

/** Inputs that hold a JSON document the policies parse (task containers, IAM, WAF rules). */
export const JSON_DOCUMENT_INPUTS: ReadonlySet<string> = new Set([
    "accessPolicies",
    "accessPolicy",
    "assumeRolePolicy",
    "containerDefinitions",
    "policy",
    "policyDocument",
    "ruleJson",
]);

/** Inputs that are secret by nature and that no policy reads (their value is the secret). */
export const SECRET_PAYLOAD_INPUTS: ReadonlySet<string> = new Set(["secretBinary", "secretString"]);

/** A resource of the export, as far as this check reads it. */
export interface ExportResource {
    readonly urn: string;
    readonly type: string;
    readonly custom?: boolean;
    readonly inputs?: unknown;
}

/** One resource the policies cannot evaluate, and the input (dotted path) that hides its values. */
export interface UnreadableInput {
    readonly urn: string;
    readonly key: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Paths under `value` that hold encrypted secrets (`key` is the path of `value` itself). */
function ciphertextPaths(value: unknown, key: string): string[] {
    if (wireSignature(value) === WIRE_SIGNATURES.secret) {
        return "plaintext" in (value as object) ? [] : [key];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => ciphertextPaths(v, `${key}[${i}]`));
    }
    if (isObject(value)) {
        return Object.entries(value).flatMap(([k, v]) => ciphertextPaths(v, `${key}.${k}`));
    }
    return [];
}

/**
 * Resources whose inputs the policies cannot read: a custom resource without an `inputs` object,
 * an encrypted secret anywhere in the inputs (except a secret payload such as a
 * SecretVersion's `secretString`), or a secret where a JSON document belongs. Components and
 * Pulumi's own resources (the stack, providers) carry no inputs to check.
 */
export function unreadableInputs(resources: readonly ExportResource[]): UnreadableInput[] {
    const found: UnreadableInput[] = [];
    for (const r of resources) {
        if (r.custom === false || r.type.startsWith("pulumi:")) {
            continue;
        }
        if (!isObject(r.inputs)) {
            found.push({ urn: r.urn, key: "inputs" });
            continue;
        }
        for (const [key, value] of Object.entries(r.inputs)) {
            if (SECRET_PAYLOAD_INPUTS.has(key)) {
                continue;
            }
            if (JSON_DOCUMENT_INPUTS.has(key) && value === SECRET_PLACEHOLDER) {
                found.push({ urn: r.urn, key });
                continue;
            }
            for (const path of ciphertextPaths(value, key)) {
                found.push({ urn: r.urn, key: path });
            }
        }
    }
    return found;
}

/**
 * The inputs with secrets shown by `pulumi stack export --show-secrets`
 * (`{"4dabf…": "1b47…", "plaintext": "<JSON>"}`) replaced by their values, as the policies
 * would see them in a preview.
 */
export function revealPlaintextSecrets(value: unknown): unknown {
    if (wireSignature(value) === WIRE_SIGNATURES.secret) {
        const plaintext = (value as Record<string, unknown>).plaintext;
        if (typeof plaintext === "string") {
            try {
                return revealPlaintextSecrets(JSON.parse(plaintext));
            } catch {
                return plaintext;
            }
        }
        return value;
    }
    if (Array.isArray(value)) {
        return value.map(revealPlaintextSecrets);
    }
    if (isObject(value)) {
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, revealPlaintextSecrets(v)]),
        );
    }
    return value;
}
