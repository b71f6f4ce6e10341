/**
 * The policies derived from the decision table (policies/decisions/checks.ts): one per concern,
 * each applying to every type that has a row of that concern. A row says which property, what is
 * safe, and whether AWS's behaviour when it is omitted is safe; nothing here is per type.
 *
 * Unencrypted (at rest, in transit) and public are mandatory in every stack, whatever Security
 * Hub's severity. A secret or unknown value makes only the row that reads it "could not check";
 * the other rows of the same resource still decide.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { CHECKS } from "../decisions/checks";
import { Check, CheckConcern, Condition, Json, Safe } from "../decisions/types";
import {
    appliesToTypes,
    noteUnknown,
    read,
    runTracked,
    UNKNOWN,
    UNKNOWN_SENTINELS,
} from "./helpers";

/** A value read at a path: the leaves (one per list element with `[]`), or UNKNOWN. */
type Leaves = unknown[] | typeof UNKNOWN;

/** The values at a dotted path (`a.b[].c`); a missing step yields `undefined` for that branch. */
export function valuesAt(root: unknown, path: string): Leaves {
    let current: unknown[] = [root];
    for (const raw of path.split(".")) {
        const list = raw.endsWith("[]");
        const key = list ? raw.slice(0, -2) : raw;
        const next: unknown[] = [];
        for (const c of current) {
            const v = read(() =>
                c !== null && typeof c === "object"
                    ? (c as Record<string, unknown>)[key]
                    : undefined,
            );
            if (v === UNKNOWN) {
                return UNKNOWN;
            }
            if (list) {
                if (Array.isArray(v)) {
                    const items = read(() => [...(v as unknown[])]);
                    if (items === UNKNOWN) {
                        return UNKNOWN;
                    }
                    next.push(...items);
                } else {
                    next.push(undefined);
                }
            } else {
                next.push(v);
            }
        }
        current = next;
    }
    for (const v of current) {
        if (typeof v === "string" && UNKNOWN_SENTINELS.has(v)) {
            return UNKNOWN;
        }
    }
    return current;
}

/** Whether a value counts as omitted: undefined, null or the empty string. */
function isOmitted(v: unknown): boolean {
    return v === undefined || v === null || v === "";
}

const same = (a: unknown, b: Json) => String(a) === String(b);

/** Whether a present value is safe under `safe`; UNKNOWN when a list element is unknown. */
export function isSafe(safe: Safe, value: unknown): boolean | typeof UNKNOWN {
    if ("present" in safe) {
        return !isOmitted(value);
    }
    if ("oneOf" in safe) {
        return safe.oneOf.some((s) => same(value, s));
    }
    if ("noneOf" in safe) {
        return !safe.noneOf.some((s) => same(value, s));
    }
    const items = read(() => (Array.isArray(value) ? [...(value as unknown[])] : [value]));
    if (items === UNKNOWN) {
        return UNKNOWN;
    }
    if (items.some((i) => typeof i === "string" && UNKNOWN_SENTINELS.has(i))) {
        return UNKNOWN;
    }
    return !items.some((i) => safe.noneIn.some((s) => same(i, s)));
}

/** Whether a condition holds: true, false, or UNKNOWN. */
function holds(props: unknown, c: Condition): boolean | typeof UNKNOWN {
    const values = valuesAt(props, c.path);
    if (values === UNKNOWN) {
        return UNKNOWN;
    }
    const present = values.filter((v) => !isOmitted(v));
    if (c.oneOf !== undefined) {
        return present.some((v) => c.oneOf!.some((s) => same(v, s)));
    }
    return present.length > 0;
}

/**
 * The findings of one row on `props` (messages), or UNKNOWN when a value the row needs is
 * unknown or secret. Exported for the generated tests.
 */
export function evaluateCheck(check: Check, props: unknown): string[] | typeof UNKNOWN {
    for (const c of check.when ?? []) {
        const h = holds(props, c);
        if (h === UNKNOWN) {
            return UNKNOWN;
        }
        if (!h) {
            return [];
        }
    }
    let undecided = false;
    for (const c of check.unless ?? []) {
        const h = holds(props, c);
        if (h === true) {
            return [];
        }
        undecided ||= h === UNKNOWN;
    }
    const values = valuesAt(props, check.path);
    if (values === UNKNOWN) {
        return UNKNOWN;
    }
    const out: string[] = [];
    for (const v of values.length === 0 ? [undefined] : values) {
        if (isOmitted(v)) {
            if (!check.omittedSafe) {
                out.push(
                    `${check.path} is not set, and AWS's default is ${check.awsDefault}: ${check.fix}.`,
                );
            }
            continue;
        }
        const safe = isSafe(check.safe, v);
        if (safe === UNKNOWN) {
            return UNKNOWN;
        }
        if (!safe) {
            out.push(`${check.path} is ${JSON.stringify(v)}: ${check.fix}.`);
        }
    }
    // An `unless` we could not read could have exempted the resource: not a definite finding.
    if (undecided && out.length > 0) {
        return UNKNOWN;
    }
    return [...new Set(out)];
}

/** The subject of a message: `Kinesis Stream` from `aws:kinesis/stream:Stream`. */
export function subjectOf(token: string): string {
    const m = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(token);
    return m ? `${m[1]} ${m[2]}` : token;
}

function derivedPolicy(
    name: string,
    concern: CheckConcern,
    description: string,
): ResourceValidationPolicy {
    const rows = new Map<string, Check[]>();
    for (const [token, checks] of Object.entries(CHECKS)) {
        const mine = checks.filter((c) => c.concern === concern);
        if (mine.length > 0) {
            rows.set(token, mine);
        }
    }
    return {
        name,
        description,
        enforcementLevel: "mandatory",
        validateResource: appliesToTypes([...rows.keys()], (args, report) => {
            const checks = rows.get(args.type);
            if (checks === undefined) {
                args.notApplicable(`${name} has no row for ${args.type}`);
                return;
            }
            for (const check of checks) {
                runTracked(args, () => {
                    const result = evaluateCheck(check, args.props);
                    if (result === UNKNOWN) {
                        noteUnknown(check.path);
                        return;
                    }
                    for (const m of result) {
                        report(`${subjectOf(args.type)}: ${m}`);
                    }
                });
            }
        }),
    };
}

/** Encryption at rest, from the table's "rest" rows. */
export const encryptionAtRest = derivedPolicy(
    "encryption-at-rest",
    "rest",
    "Every type with an encryption-at-rest row in the decision table (policies/decisions/checks.ts) sets it to a safe value; where AWS's default is unencrypted, omitting it fails.",
);

/** Encryption in transit, from the table's "transit" rows. */
export const encryptionInTransit = derivedPolicy(
    "encryption-in-transit",
    "transit",
    "Every type with an encryption-in-transit row in the decision table sets TLS (or does not turn it off); where AWS's default is plaintext, omitting it fails.",
);

/** Public exposure, from the table's "exposure" rows. */
export const noPublicExposure = derivedPolicy(
    "no-public-exposure",
    "exposure",
    "Every type with an exposure row in the decision table stays private: no public flag, public ACL, wildcard grant or unauthenticated route; where AWS's default is public, omitting it fails.",
);

/** The derived policies. */
export const decidedPolicies = [encryptionAtRest, encryptionInTransit, noPublicExposure];
