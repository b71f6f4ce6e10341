/**
 * One check for every policy document of every resource type: any input (at any depth) that
 * parses as an IAM policy (JSON text or an object with a `Statement`) is judged the same way,
 * so a type the pack has never heard of is covered the day it is added.
 *
 * Over-permissive, so mandatory in every stack:
 * - an Allow to a public principal (`*`, `{AWS: "*"}`) without a condition that narrows the
 *   caller (helpers.ts `restrictsCaller`);
 * - NotAction or NotPrincipal in an Allow: it grants everything but a list;
 * - in an identity policy (no Principal), `*` or `service:*` actions on Resource `*`;
 * - in a resource policy, a service principal (`sns.amazonaws.com`) without aws:SourceArn,
 *   aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths (the confused deputy). Role trust
 *   statements (`sts:AssumeRole`) are left to `iam-role-trust-scoped` (advisory): the service
 *   trust of a role is the documented standard pattern and not every service sends the keys;
 * - a web-identity trust (`sts:AssumeRoleWithWebIdentity`) without a `<issuer>:sub` condition
 *   (`:aud` for Cognito identity pools) naming a concrete subject, e.g. a GitHub Actions trust
 *   that any repository of any owner can assume.
 *
 * Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html,
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
 */
import { ResourceValidationPolicy, UnknownValueError } from "@pulumi/policy";
import {
    appliesToTypes,
    isPublicPrincipal,
    noteUnknown,
    parsePolicyDocument,
    restrictsCaller,
    runTracked,
    Statement,
    UNKNOWN,
    UNKNOWN_SENTINELS,
} from "./helpers";

/** Condition keys that tie a service principal's request to our own source (confused deputy). */
export const SOURCE_CONDITION_KEYS: readonly string[] = [
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourceowner",
];

/**
 * Service grants AWS documents without a source condition, because the service does not send
 * one: EventBridge publishing to an SNS topic ("Condition blocks are not supported" in SNS topic
 * policies for EventBridge) and using the topic's KMS key.
 */
export const SOURCELESS_SERVICE_GRANTS: readonly {
    readonly service: string;
    readonly actions: RegExp;
    readonly source: string;
}[] = [
    {
        service: "events.amazonaws.com",
        actions: /^sns:publish$/i,
        source: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions",
    },
    {
        service: "events.amazonaws.com",
        actions: /^kms:(decrypt|generatedatakey\*?)$/i,
        source: "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
    },
];

/**
 * Whether a KMS encryption-context condition pins the grant to ARNs of one account
 * (`kms:EncryptionContext:aws:logs:arn` = `arn:aws:logs:<region>:<account>:log-group:*`), which
 * is how the CloudWatch Logs key policy scopes the logs service to this account's log groups.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
function encryptionContextPinsAccount(s: Statement): boolean {
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        const op = operator.toLowerCase();
        if (!/^(arnequals|arnlike|stringequals|stringlike)$/.test(op)) {
            continue;
        }
        for (const [k, values] of Object.entries(block ?? {})) {
            if (!/^kms:encryptioncontext:.*arn$/i.test(k)) {
                continue;
            }
            const list = (Array.isArray(values) ? values : [values]) as unknown[];
            if (
                list.length > 0 &&
                list.every((v) => typeof v === "string" && /^arn:[^:]+:[^:]+:[^:]*:\d{12}:/.test(v))
            ) {
                return true;
            }
        }
    }
    return false;
}

/** Actions of a role trust statement (assuming the role, and the session extras). */
const TRUST_ACTIONS =
    /^sts:(assumerole|assumerolewithwebidentity|assumerolewithsaml|tagsession|setsourceidentity|setcontext)$/i;

/** Whether an action pattern is `*` or `service:*`. */
export function isServiceWildcard(action: string): boolean {
    return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}

/**
 * The condition key that names the subject for a web-identity issuer: `<issuer>:sub`, except
 * Cognito identity pools, whose documented key is `cognito-identity.amazonaws.com:aud`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export function subjectKeyOf(issuer: string): string {
    return issuer.toLowerCase() === "cognito-identity.amazonaws.com"
        ? `${issuer}:aud`
        : `${issuer}:sub`;
}

/** The issuer of a Federated principal: the host part of an oidc-provider ARN, or the name. */
export function issuerOf(principal: string): string {
    const m = /:oidc-provider\/(.+)$/.exec(principal);
    return (m ? m[1] : principal).replace(/^https:\/\//, "");
}

/**
 * Whether a subject condition value pins nothing: only wildcards, or (GitHub) `repo:` followed
 * by a wildcard owner, which any repository on GitHub matches.
 */
export function wildcardOnlySubject(value: string): boolean {
    if (/^[*?]*$/.test(value)) {
        return true;
    }
    const m = /^repo:([^/:]*)/.exec(value);
    return m !== null && /[*?]/.test(m[1] === "" ? "*" : m[1]);
}

function isTrustStatement(s: Statement, path: string): boolean {
    if (/(^|\.)assumeRolePolicy$/.test(path)) {
        return true;
    }
    return s.actions.length > 0 && s.actions.every((a) => TRUST_ACTIONS.test(a));
}

/** The narrowing subject verdict of a web-identity statement. */
function subjectPinned(s: Statement, key: string): boolean | typeof UNKNOWN {
    let unknown = false;
    for (const [operator, block] of Object.entries(s.condition ?? {})) {
        const op = operator.toLowerCase();
        if (op.endsWith("ifexists") || op.startsWith("forallvalues:") || /not/.test(op)) {
            continue;
        }
        if (!/^(foranyvalue:)?string(equals|like)(ignorecase)?$/.test(op)) {
            continue;
        }
        for (const [k, values] of Object.entries(block ?? {})) {
            if (k.toLowerCase() !== key.toLowerCase()) {
                continue;
            }
            const list = (Array.isArray(values) ? values : [values]) as unknown[];
            if (list.some((v) => typeof v === "string" && UNKNOWN_SENTINELS.has(v))) {
                unknown = true;
                continue;
            }
            if (
                list.length > 0 &&
                list.every((v) => typeof v === "string" && v !== "" && !wildcardOnlySubject(v))
            ) {
                return true;
            }
        }
    }
    return unknown ? UNKNOWN : false;
}

/** The findings for one parsed document at `path`. */
export function documentFindings(
    statements: readonly Statement[],
    path: string,
    note: (key: string) => void = () => undefined,
): string[] {
    const out: string[] = [];
    for (const s of statements) {
        if (s.effect !== "Allow") {
            continue;
        }
        const where = `${path} ${s.label}`;
        const hasPrincipal = s.principals.length > 0 || s.notPrincipals.length > 0;
        if (s.notPrincipals.length > 0) {
            out.push(
                `must not Allow with NotPrincipal: it grants every other principal (${where}).`,
            );
        } else if (isPublicPrincipal(s)) {
            const verdict = restrictsCaller(s);
            if (verdict === UNKNOWN) {
                note(`${where}.Condition`);
            } else if (!verdict) {
                out.push(
                    `must not allow Principal * without a condition that restricts the caller (${where}).`,
                );
            }
        }
        if (s.notActions.length > 0) {
            out.push(`must not Allow with NotAction: it grants every other action (${where}).`);
        }
        if (!hasPrincipal) {
            const wild = s.actions.filter(isServiceWildcard);
            if (wild.length > 0 && (s.resources.includes("*") || s.notResources.length > 0)) {
                out.push(
                    `must not allow ${wild.join(", ")} on Resource * (${where}); name the actions and the resources.`,
                );
            }
        }
        if (!isTrustStatement(s, path)) {
            const services = s.principals.filter(
                (p, i) =>
                    s.principalKinds[i] === "Service" &&
                    !(
                        s.actions.length > 0 &&
                        s.actions.every((a) =>
                            SOURCELESS_SERVICE_GRANTS.some(
                                (g) => g.service === p && g.actions.test(a),
                            ),
                        )
                    ),
            );
            if (services.length > 0 && !encryptionContextPinsAccount(s)) {
                const verdict = restrictsCaller(s, SOURCE_CONDITION_KEYS);
                if (verdict === UNKNOWN) {
                    note(`${where}.Condition`);
                } else if (!verdict) {
                    out.push(
                        `must limit service principal ${services.join(", ")} with aws:SourceArn, aws:SourceAccount or aws:SourceOrgID (${where}): without it any account's resource can use this grant through the service (confused deputy).`,
                    );
                }
            }
        }
        const webIdentity =
            s.actions.some((a) => /^sts:(assumerolewithwebidentity|\*)$/i.test(a) || a === "*") &&
            s.principalKinds.includes("Federated");
        if (webIdentity) {
            s.principals.forEach((p, i) => {
                if (
                    s.principalKinds[i] !== "Federated" ||
                    /^arn:aws[^:]*:iam::\d*:saml-provider\//.test(p)
                ) {
                    return;
                }
                const key = subjectKeyOf(issuerOf(p));
                const pinned = subjectPinned(s, key);
                if (pinned === UNKNOWN) {
                    note(`${where}.Condition`);
                } else if (!pinned) {
                    out.push(
                        `web-identity trust of ${issuerOf(p)} must pin ${key} to concrete subjects with StringEquals or StringLike (${where}); without it any ${/githubusercontent/.test(p) ? "GitHub repository" : "identity of that issuer"} can assume the role.`,
                    );
                }
            });
        }
    }
    return out;
}

/** Reads a value without recording an unknown (most inputs are not policy documents). */
function peek<T>(get: () => T): T | typeof UNKNOWN {
    try {
        const v = get();
        return typeof v === "string" && UNKNOWN_SENTINELS.has(v) ? UNKNOWN : v;
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return UNKNOWN;
        }
        throw e;
    }
}

/** Whether a string looks like a JSON policy document (cheap test before parsing). */
function looksLikeDocument(text: string): boolean {
    return text.includes('"Statement"') && /^\s*\{/.test(text);
}

/** Whether an input name is one that holds a policy document (for unknown values). */
function policyNamed(key: string): boolean {
    return /polic(y|ies)|document$/i.test(key);
}

/**
 * Calls `visit(path, document)` for every value under `value` that holds a policy document:
 * JSON text with a Statement, or an object with a Statement. Unknown values under a
 * policy-named input are noted as "could not check"; others are skipped (not a document).
 */
export function forEachPolicyDocument(
    value: unknown,
    path: string,
    visit: (path: string, document: unknown) => void,
    depth = 0,
): void {
    const v = peek(() => value);
    if (v === UNKNOWN) {
        if (policyNamed(path.split(".").pop() ?? "")) {
            noteUnknown(path);
        }
        return;
    }
    if (typeof v === "string") {
        if (UNKNOWN_SENTINELS.has(v)) {
            return;
        }
        if (looksLikeDocument(v)) {
            visit(path, v);
        }
        return;
    }
    if (v === null || typeof v !== "object" || depth > 8) {
        return;
    }
    if (Array.isArray(v)) {
        const n = peek(() => v.length);
        for (let i = 0; typeof n === "number" && i < n; i++) {
            forEachPolicyDocument(
                peek(() => v[i]),
                `${path}[${i}]`,
                visit,
                depth + 1,
            );
        }
        return;
    }
    const keys = peek(() => Object.keys(v));
    if (keys === UNKNOWN) {
        return;
    }
    if (keys.includes("Statement")) {
        visit(path, v);
        return;
    }
    for (const k of keys) {
        forEachPolicyDocument(
            peek(() => (v as Record<string, unknown>)[k]),
            path === "" ? k : `${path}.${k}`,
            visit,
            depth + 1,
        );
    }
}

/** The one policy-document check, on every input of every resource. */
export const policyDocumentNotOverPermissive: ResourceValidationPolicy = {
    name: "policy-document-not-over-permissive",
    description:
        "Every input of every resource that holds a policy document: no Allow to Principal * without a narrowing condition, no NotAction or NotPrincipal in an Allow, no * or service:* actions on Resource * in identity policies, service principals of resource policies limited by aws:SourceArn/SourceAccount/SourceOrgID, web-identity trusts pinned to a concrete sub.",
    enforcementLevel: "mandatory",
    validateResource: appliesToTypes("*", (args, report) => {
        runTracked(args, () => {
            const props = args.props as Record<string, unknown>;
            forEachPolicyDocument(props, "", (path, document) => {
                const statements = parsePolicyDocument(document);
                if (statements === UNKNOWN || statements === undefined) {
                    return;
                }
                for (const m of documentFindings(statements, path, (k) => noteUnknown(k))) {
                    report(`${args.type.split(":").pop()} policy document ${m}`);
                }
            });
        });
    }),
};

/** The policy-document rules. */
export const policyDocumentPolicies = [policyDocumentNotOverPermissive];
