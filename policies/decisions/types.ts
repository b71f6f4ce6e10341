/**
 * The shape of the decision table (policies/decisions/table.ts): for every type of the generated
 * inventory (policies/inventory/inventory.json), either property checks the pack derives its
 * rules from, a named house rule, the hand-written policies that decide it, or "not a security
 * surface" with the reason.
 */

/** A JSON value as inputs carry it. */
export type Json = string | number | boolean | null;

/** What a check's property concerns; the derived policy is chosen by it. */
export type CheckConcern = "rest" | "transit" | "exposure";

/**
 * What is safe for a property: one of the listed values (`oneOf`), none of them (`noneOf`),
 * a list that contains none of them (`noneIn`, e.g. CIDR lists), or merely set (`present`, e.g. a
 * KMS key that turns encryption on). Values compare as strings, so `true` and `"true"` match
 * (the provider accepts both for some booleans).
 */
export type Safe =
    | { readonly oneOf: readonly Json[] }
    | { readonly noneOf: readonly Json[] }
    | { readonly noneIn: readonly Json[] }
    | { readonly present: true };

/** A condition on another property that makes a check not apply (or, with `when`, apply). */
export interface Condition {
    readonly path: string;
    /** Holds when the property is set (any value) ... */
    readonly present?: true;
    /** ... or when it equals one of these (string comparison). */
    readonly oneOf?: readonly Json[];
}

/** One property check: the data every derived rule and test is generated from. */
export interface Check {
    /** Dotted input path; `[]` checks every element of a list (`ingress[].cidrBlocks`). */
    readonly path: string;
    readonly concern: CheckConcern;
    readonly safe: Safe;
    /** What AWS (or the provider) does when the property is omitted, in words. */
    readonly awsDefault: string;
    /** Whether omitting the property is safe (the AWS default above is encrypted/private). */
    readonly omittedSafe: boolean;
    /** The check applies only when all of these hold (e.g. engine is redis). */
    readonly when?: readonly Condition[];
    /** The check does not apply when any of these holds (e.g. a KMS key is set instead). */
    readonly unless?: readonly Condition[];
    /** What to set, for the message: `set storageEncrypted to true`. */
    readonly fix: string;
    /** Public sources: AWS documentation URL, Security Hub control id, checkov id. */
    readonly sources: readonly string[];
    /** Values the generated tests use: one safe and one unsafe value of the property. */
    readonly example: { readonly secure: unknown; readonly insecure: unknown };
}

/**
 * The house rules: one decision shared by many types, with its reason and source. A type
 * assigned a house rule is decided by that rule (no per-type check).
 */
export interface HouseRule {
    readonly reason: string;
    readonly sources: readonly string[];
    /** The policy that enforces it, when one does. */
    readonly enforcedBy?: string;
}

/** The decision for one inventoried type. */
export interface Decision {
    /** Property checks (derived rules: encryption-at-rest, encryption-in-transit, no-public-exposure). */
    readonly checks?: readonly Check[];
    /** A house rule name (see HOUSE_RULES). */
    readonly house?: string;
    /** Hand-written policies of the pack that decide this type. */
    readonly policies?: readonly string[];
    /** Not a security surface: why. */
    readonly notSurface?: string;
}
