/**
 * Prod invariants (issue 18): what a stack-file edit must never be able to switch off. Each rule
 * judges the resources a stack renders, never its settings, and takes its bounds from the policy
 * config (`policies/config/<stack>.json`, owned through CODEOWNERS and read from the base branch
 * by the pull-request gate), so the file they protect cannot also lower them.
 *
 * "Off" is made visible as an absence: GuardDuty off means no `aws.guardduty.Detector` (created,
 * or adopted with `import`) in the stack, Security Hub off means no `aws.securityhub.Account`;
 * the stack policies below look for the types.
 *
 * Also here: the AWS provider's own inputs (`pulumi:providers:aws`), which carry `aws:` config.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    appliesTo,
    configOf,
    forEachKnown,
    identifiersOf,
    noteUnknown,
    read,
    referencedBy,
    referencing,
    resourcesOf,
    runTracked,
    StackResource,
    trackedStack,
    UNKNOWN,
    validateTyped,
} from "./helpers";

// ------------------------------------------------------------------------------------------------
// Threat detection present
// ------------------------------------------------------------------------------------------------

/** Whether a stack manages any AWS resource (an empty or non-AWS stack needs no detector). */
function hasAwsResources(resources: readonly { type: string }[]): boolean {
    return resources.some((r) => r.type.startsWith("aws:"));
}

/** GuardDuty is on: a detector the stack creates or adopts, never `enable: false`. */
export const guarddutyEnabled: StackValidationPolicy = {
    name: "guardduty-enabled",
    description:
        "A stack with AWS resources has an aws.guardduty.Detector (created, or adopted with import) and none sets enable to false.",
    // One detector per account and region: the stack that owns it (prod) makes this mandatory in
    // its policy config; elsewhere it is a reminder.
    enforcementLevel: "advisory",
    validateStack: trackedStack((args, reportViolation) => {
        const detectors = resourcesOf(args, [aws.guardduty.Detector]);
        if (detectors.length === 0 && hasAwsResources(args.resources)) {
            reportViolation(
                "GuardDuty must be on: the stack has no aws.guardduty.Detector (create one or adopt the account's with import).",
            );
        }
        for (const d of detectors) {
            if (read(() => d.props.enable) === false) {
                reportViolation("GuardDuty detector must not set enable to false.", d.urn);
            }
        }
    }),
};

/** Security Hub is on: an account resource the stack creates or adopts. */
export const securityhubEnabled: StackValidationPolicy = {
    name: "securityhub-enabled",
    description:
        "A stack with AWS resources has an aws.securityhub.Account (created, or adopted with import) and an aws.securityhub.StandardsSubscription.",
    // One hub per account and region, like GuardDuty: mandatory in the owning stack's config.
    enforcementLevel: "advisory",
    validateStack: trackedStack((args, reportViolation) => {
        if (!hasAwsResources(args.resources)) {
            return;
        }
        if (resourcesOf(args, [aws.securityhub.Account]).length === 0) {
            reportViolation(
                "Security Hub must be on: the stack has no aws.securityhub.Account (create one or adopt the account's with import).",
            );
        } else if (resourcesOf(args, [aws.securityhub.StandardsSubscription]).length === 0) {
            reportViolation(
                "Security Hub must subscribe to a standard: the stack has no aws.securityhub.StandardsSubscription.",
            );
        }
    }),
};

/** Config of {@link guarddutyFindingSeverity}. */
export interface SeverityConfig {
    /** The highest severity threshold allowed: findings from it up must be forwarded. */
    maxSeverity: number;
}

/** Whether one EventBridge pattern value list accepts `n` (exact numbers or `numeric` ranges). */
function acceptsNumber(matchers: unknown, n: number): boolean {
    if (!Array.isArray(matchers)) {
        return true; // no constraint
    }
    return matchers.some((m) => {
        if (typeof m === "number") {
            return m === n;
        }
        const numeric = (m as { numeric?: unknown } | null)?.numeric;
        if (!Array.isArray(numeric)) {
            return false;
        }
        for (let i = 0; i + 1 < numeric.length; i += 2) {
            const [op, v] = [numeric[i], Number(numeric[i + 1])];
            const ok =
                op === ">="
                    ? n >= v
                    : op === ">"
                      ? n > v
                      : op === "<="
                        ? n <= v
                        : op === "<"
                          ? n < v
                          : op === "="
                            ? n === v
                            : false;
            if (!ok) {
                return false;
            }
        }
        return true;
    });
}

/**
 * GuardDuty findings of the configured severity and above reach the alarm topic: an EventBridge
 * rule on `aws.guardduty` findings must accept every severity from `maxSeverity` to 10
 * (severity levels: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html;
 * numeric matching: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
export const guarddutyFindingSeverity: ResourceValidationPolicy = {
    name: "guardduty-finding-severity",
    description:
        "EventBridge rules on aws.guardduty findings accept every detail.severity from the configured maxSeverity (7: High) up to 10.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxSeverity: {
                type: "number",
                minimum: 1,
                maximum: 10,
                default: 7,
                description: "Highest allowed threshold.",
            },
        },
    },
    validateResource: validateTyped(aws.cloudwatch.EventRule, [], (rule, args, report) => {
        const { maxSeverity } = configOf<SeverityConfig>(args, { maxSeverity: 7 });
        if (typeof rule.eventPattern !== "string") {
            return;
        }
        let pattern: { source?: unknown; detail?: { severity?: unknown } };
        try {
            pattern = JSON.parse(rule.eventPattern) as typeof pattern;
        } catch {
            return;
        }
        const sources = Array.isArray(pattern.source) ? pattern.source : [];
        if (!sources.includes("aws.guardduty")) {
            return;
        }
        // Probes from the threshold to the top of the scale: each must be forwarded.
        const probes = [...new Set([maxSeverity, 7, 8, 8.9, 9, 10])]
            .filter((p) => p >= maxSeverity)
            .sort((a, b) => a - b);
        const dropped = probes.filter((p) => !acceptsNumber(pattern.detail?.severity, p));
        if (dropped.length > 0) {
            report(
                `GuardDuty findings rule must forward every severity from ${maxSeverity} up (eventPattern drops severity ${dropped.join(", ")}).`,
            );
        }
    }),
};

// ------------------------------------------------------------------------------------------------
// Retention floors
// ------------------------------------------------------------------------------------------------

/** Config of {@link auditRetentionFloor}. */
export interface FloorConfig {
    /** The least number of days. */
    minDays: number;
}

/** Days of an object lock default retention (`days`, or `years` × 365), UNKNOWN, or undefined. */
function lockDays(lock: StackResource): number | typeof UNKNOWN | undefined {
    const retention = read(
        () =>
            (lock.props.rule as { defaultRetention?: { days?: number; years?: number } })
                ?.defaultRetention,
    );
    if (retention === UNKNOWN || retention === undefined) {
        return retention;
    }
    const days = read(() => retention.days);
    const years = read(() => retention.years);
    if (days === UNKNOWN || years === UNKNOWN) {
        return UNKNOWN;
    }
    return typeof days === "number" ? days : typeof years === "number" ? years * 365 : undefined;
}

/**
 * The CloudTrail bucket keeps every file at least the floor: its Object Lock default retention is
 * at least `minDays`, and no enabled lifecycle rule expires current objects sooner.
 */
export const auditRetentionFloor: StackValidationPolicy = {
    name: "audit-retention-floor",
    description:
        "The S3 bucket of every CloudTrail trail has an Object Lock default retention of at least minDays and no enabled lifecycle expiration below it.",
    // The floor is each stack's decision (prod.json: 365, mandatory; dev.json: 30).
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minDays: {
                type: "integer",
                minimum: 1,
                default: 365,
                description: "Floor in days.",
            },
        },
    },
    validateStack: trackedStack((args, reportViolation) => {
        const { minDays } = configOf<FloorConfig>(args, { minDays: 365 });
        const buckets = resourcesOf(args, [aws.s3.Bucket, aws.s3.BucketV2]);
        const locks = resourcesOf(args, [aws.s3.BucketObjectLockConfiguration]);
        const lifecycles = resourcesOf(args, [
            aws.s3.BucketLifecycleConfiguration,
            aws.s3.BucketLifecycleConfigurationV2,
        ]);
        const seen = new Set<string>();
        for (const trail of resourcesOf(args, [aws.cloudtrail.Trail])) {
            const bucket = referencedBy(trail, "s3BucketName", buckets);
            if (bucket === undefined || bucket === UNKNOWN || seen.has(bucket.urn)) {
                continue; // a bucket outside this stack cannot be inspected
            }
            seen.add(bucket.urn);
            const lock = referencing(locks, "bucket", bucket);
            const days = lock.matches.map(lockDays);
            if (days.includes(UNKNOWN)) {
                // read() has noted the unknown input already
            } else if (lock.matches.length === 0 && lock.undecided) {
                noteUnknown("audit bucket object lock");
            } else if (!days.some((d) => typeof d === "number" && d >= minDays)) {
                reportViolation(
                    `CloudTrail bucket must have an Object Lock default retention of at least ${minDays} days (got ${days.filter((d) => d !== undefined).join(", ") || "none"}).`,
                    bucket.urn,
                );
            }
            for (const lc of referencing(lifecycles, "bucket", bucket).matches) {
                forEachKnown(
                    lc.props.rules as { status?: string; expiration?: { days?: number } }[],
                    (rule, i) => {
                        const expiry = rule.expiration?.days;
                        if (
                            rule.status === "Enabled" &&
                            typeof expiry === "number" &&
                            expiry < minDays
                        ) {
                            reportViolation(
                                `CloudTrail bucket lifecycle must not expire objects before ${minDays} days (rules[${i}].expiration.days is ${expiry}).`,
                                lc.urn,
                            );
                        }
                    },
                );
            }
        }
    }),
};

// ------------------------------------------------------------------------------------------------
// Database protocol floors
// ------------------------------------------------------------------------------------------------

/** TLS versions PostgreSQL's ssl_min_protocol_version accepts at or above TLS 1.2. */
const MODERN_TLS = ["TLSv1.2", "TLSv1.3"];

/**
 * PostgreSQL parameter groups pin the protocol floors explicitly: `ssl_min_protocol_version`
 * TLSv1.2 or TLSv1.3, and `password_encryption` scram-sha-256 (RDS for PostgreSQL before 14
 * defaults to md5, so an absent value is not enough).
 * https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-SSL-MIN-PROTOCOL-VERSION (ssl_min_protocol_version)
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL_Password_Encryption_configuration.html
 */
export const rdsPostgresProtocolFloors: ResourceValidationPolicy = {
    name: "rds-postgres-protocol-floors",
    description:
        "PostgreSQL parameter groups set ssl_min_protocol_version to TLSv1.2 or TLSv1.3 and password_encryption to scram-sha-256.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(
        aws.rds.ParameterGroup,
        [aws.rds.ClusterParameterGroup],
        (group, _args, report) => {
            const family = group.family;
            if (!family.startsWith("postgres") && !family.startsWith("aurora-postgresql")) {
                return;
            }
            const values = new Map<string, string>();
            forEachKnown(group.parameters, (p) => values.set(p.name, String(p.value)));
            const tls = values.get("ssl_min_protocol_version");
            if (tls === undefined || !MODERN_TLS.includes(tls)) {
                report(
                    `PostgreSQL parameter group must set ssl_min_protocol_version to ${MODERN_TLS.join(" or ")} (got ${tls ?? "unset"}).`,
                );
            }
            const hashing = values.get("password_encryption");
            if (hashing !== "scram-sha-256") {
                report(
                    `PostgreSQL parameter group must set password_encryption to scram-sha-256 (got ${hashing ?? "unset"}).`,
                );
            }
        },
    ),
};

// ------------------------------------------------------------------------------------------------
// WAF
// ------------------------------------------------------------------------------------------------

/** Config of {@link wafRateLimitBounds}. */
export interface RateBoundsConfig {
    minLimit: number;
    maxLimit: number;
}

/** A WAFv2 statement in the provider's shape (camelCase), the parts these rules read. */
interface WafStatement {
    rateBasedStatement?: { limit?: number; scopeDownStatement?: WafStatement };
    andStatement?: { statements?: WafStatement[] };
    orStatement?: { statements?: WafStatement[] };
    notStatement?: { statement?: WafStatement };
    managedRuleGroupStatement?: { scopeDownStatement?: WafStatement };
    byteMatchStatement?: {
        fieldToMatch?: { uriPath?: unknown };
        positionalConstraint?: string;
        searchString?: string;
        textTransformations?: { type?: string }[];
    };
    regexMatchStatement?: {
        fieldToMatch?: { uriPath?: unknown };
        regexString?: string;
        textTransformations?: { type?: string }[];
    };
    regexPatternSetReferenceStatement?: { fieldToMatch?: { uriPath?: unknown } };
}

interface WafRuleInput {
    name?: string;
    statement?: WafStatement;
}

/** Every rate limit of a web ACL's rules: `[rules[i], limit]`. */
export const wafRateLimitBounds: ResourceValidationPolicy = {
    name: "waf-rate-limit-bounds",
    description:
        "Every rateBasedStatement limit of a WAFv2 web ACL lies between the configured minLimit and maxLimit.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minLimit: {
                type: "integer",
                minimum: 10,
                default: 100,
                description: "Smallest limit per IP and window.",
            },
            maxLimit: {
                type: "integer",
                minimum: 10,
                default: 10000,
                description: "Largest limit per IP and window.",
            },
        },
    },
    validateResource: validateTyped(aws.wafv2.WebAcl, [], (acl, args, report) => {
        const { minLimit, maxLimit } = configOf<RateBoundsConfig>(args, {
            minLimit: 100,
            maxLimit: 10000,
        });
        forEachKnown(acl.rules as WafRuleInput[] | undefined, (rule, i) => {
            const limit = rule.statement?.rateBasedStatement?.limit;
            if (typeof limit === "number" && (limit < minLimit || limit > maxLimit)) {
                report(
                    `WAF rate-based rule ${rule.name ?? `rules[${i}]`} must set limit between ${minLimit} and ${maxLimit} (got ${limit}).`,
                );
            }
        });
    }),
};

/**
 * URI paths that share nothing but the leading slash: a statement that matches all of them
 * matches every request path (every URI path starts with "/", RFC 3986 §3.3).
 */
export const PATH_PROBES: readonly string[] = [
    "/",
    "/a",
    "/index.html",
    "/Z/9",
    "/.env",
    "/%00x",
    "/users/1/edit",
];

/** A field value after WAF's text transformations (the ones that change a path). */
function transformed(value: string, transformations: { type?: string }[] | undefined): string {
    let v = value;
    for (const t of transformations ?? []) {
        if (t.type === "LOWERCASE") {
            v = v.toLowerCase();
        } else if (t.type === "URL_DECODE" || t.type === "URL_DECODE_UNI") {
            try {
                v = decodeURIComponent(v);
            } catch {
                // WAF leaves malformed escapes as they are
            }
        }
    }
    return v;
}

/**
 * Whether a statement matches every URI path: true, false, or UNKNOWN (a pattern set held
 * elsewhere, an invalid regex). Only URI-path matches can match every path.
 */
export function matchesEveryPath(s: WafStatement | undefined): boolean | typeof UNKNOWN {
    if (s === undefined) {
        return false;
    }
    // AND: every operand matches every path; OR: one does. An unknown operand leaves it open.
    const all = (results: (boolean | typeof UNKNOWN)[], every: boolean) => {
        if (every && results.includes(false)) {
            return false;
        }
        if (!every && results.includes(true)) {
            return true;
        }
        return results.includes(UNKNOWN) ? UNKNOWN : every && results.length > 0;
    };
    if (s.orStatement) {
        return all((s.orStatement.statements ?? []).map(matchesEveryPath), false);
    }
    if (s.andStatement) {
        return all((s.andStatement.statements ?? []).map(matchesEveryPath), true);
    }
    const byte = s.byteMatchStatement;
    if (byte?.fieldToMatch?.uriPath !== undefined) {
        const needle = transformed(byte.searchString ?? "", byte.textTransformations);
        return PATH_PROBES.every((p) => {
            const path = transformed(p, byte.textTransformations);
            switch (byte.positionalConstraint) {
                case "EXACTLY":
                    return path === needle;
                case "STARTS_WITH":
                    return path.startsWith(needle);
                case "ENDS_WITH":
                    return path.endsWith(needle);
                case "CONTAINS":
                case "CONTAINS_WORD":
                    return path.includes(needle);
                default:
                    return false;
            }
        });
    }
    const regex = s.regexMatchStatement;
    if (regex?.fieldToMatch?.uriPath !== undefined) {
        let re: RegExp;
        try {
            re = new RegExp(regex.regexString ?? "");
        } catch {
            return UNKNOWN;
        }
        return PATH_PROBES.every((p) => re.test(transformed(p, regex.textTransformations)));
    }
    if (s.regexPatternSetReferenceStatement?.fieldToMatch?.uriPath !== undefined) {
        return UNKNOWN;
    }
    return false;
}

/**
 * No exemption in a WAF rule covers every path: a `notStatement` whose statement matches every
 * URI path (an upload exemption of `/`, `/*`, a regex such as `^/`) makes the rule around it
 * match nothing, so it blocks nothing (how AND/NOT combine:
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-logical.html).
 */
export const wafExemptionNotEverything: ResourceValidationPolicy = {
    name: "waf-exemption-not-everything",
    description:
        "No notStatement in a WAFv2 web ACL rule wraps a URI-path match that matches every path (such as a / or /* upload exemption).",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.wafv2.WebAcl, [], (acl, _args, report) => {
        forEachKnown(acl.rules as WafRuleInput[] | undefined, (rule, i) => {
            const visit = (s: WafStatement | undefined): void => {
                if (s === undefined) {
                    return;
                }
                if (s.notStatement) {
                    const everything = matchesEveryPath(s.notStatement.statement);
                    if (everything === UNKNOWN) {
                        noteUnknown(`rules[${i}] notStatement`);
                    } else if (everything) {
                        report(
                            `WAF rule ${rule.name ?? `rules[${i}]`} must not exempt every path: its notStatement matches every URI path, so the rule matches nothing.`,
                        );
                    }
                    visit(s.notStatement.statement);
                }
                (s.andStatement?.statements ?? []).forEach(visit);
                (s.orStatement?.statements ?? []).forEach(visit);
                visit(s.rateBasedStatement?.scopeDownStatement);
                visit(s.managedRuleGroupStatement?.scopeDownStatement);
            };
            visit(rule.statement);
        });
    }),
};

// ------------------------------------------------------------------------------------------------
// The app: image provenance, generated secrets
// ------------------------------------------------------------------------------------------------

/** An ECR image reference: account, region, repository, optional tag and digest. */
const ECR_IMAGE =
    /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?::[\w.-]+)?(@sha256:[a-f0-9]{64})?$/;
/** Any image pinned by digest. */
const DIGEST = /@sha256:[a-f0-9]{64}$/;

/** The account and region of an ECR repository ARN (`arn:aws:ecr:<region>:<account>:...`). */
function arnPlace(arn: string): { region: string; account: string } {
    const parts = arn.split(":");
    return { region: parts[3] ?? "", account: parts[4] ?? "" };
}

/** Whether `image` is in one of the stack's ECR repositories. */
function inStackRepository(image: string, repositories: readonly StackResource[]): boolean {
    const m = ECR_IMAGE.exec(image);
    if (!m) {
        return false;
    }
    const [, account, region, name] = m;
    return repositories.some((repo) => {
        const ids = identifiersOf(repo);
        const places = ids.arns.map(arnPlace);
        return (
            ids.names.includes(name) &&
            places.every((p) => p.account === account && p.region === region)
        );
    });
}

/**
 * Every container image of every ECS task definition comes from an ECR repository of this stack
 * or is pinned by digest: a public, mutable tag runs whatever its owner pushes, with every secret
 * the task receives (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-tasks-containers.html).
 */
export const ecsImageProvenance: StackValidationPolicy = {
    name: "ecs-image-provenance",
    description:
        "Each containerDefinitions image of an ECS task definition is in an ECR repository of this stack, or ends in @sha256:<digest>.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const repositories = resourcesOf(args, [aws.ecr.Repository]);
        for (const td of resourcesOf(args, [aws.ecs.TaskDefinition])) {
            runTracked(
                args,
                () => {
                    const raw = td.props.containerDefinitions;
                    if (typeof raw !== "string") {
                        return;
                    }
                    let containers: { name?: string; image?: unknown }[];
                    try {
                        containers = JSON.parse(raw) as typeof containers;
                    } catch {
                        return;
                    }
                    containers.forEach((c, i) => {
                        const image = read(() => c.image);
                        if (image === UNKNOWN || typeof image !== "string") {
                            return;
                        }
                        if (!DIGEST.test(image) && !inStackRepository(image, repositories)) {
                            reportViolation(
                                `ECS container ${c.name ?? `containerDefinitions[${i}]`} must use an image from this stack's ECR repository or pinned by digest (got ${image}).`,
                                td.urn,
                            );
                        }
                    });
                },
                td.urn,
            );
        }
    }),
};

/**
 * No Secrets Manager value is generated by the program (a `random:` resource feeding
 * `secretString`): a generated SECRET_KEY_BASE logs every user out and invalidates every signed
 * or encrypted cookie and message of the running site (Rails guides, "Security").
 */
export const secretNotGenerated: StackValidationPolicy = {
    name: "secret-not-generated",
    description:
        "No aws.secretsmanager.SecretVersion takes secretString from a random: resource (a generated key such as SECRET_KEY_BASE).",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        for (const version of resourcesOf(args, [aws.secretsmanager.SecretVersion])) {
            const sources = version.propertyDependencies?.secretString ?? [];
            for (const source of sources.filter((s) => s.type.startsWith("random:"))) {
                reportViolation(
                    `Secrets Manager secret version must not hold a generated value (secretString comes from ${source.type} ${source.name}): set the secret from config.`,
                    version.urn,
                );
            }
        }
    }),
};

// ------------------------------------------------------------------------------------------------
// Alerts
// ------------------------------------------------------------------------------------------------

/** Config of {@link alertRecipientDomains}. */
export interface DomainsConfig {
    allowedDomains: string[];
}

/** E-mail subscriptions go only to the configured domains (or their subdomains). */
export const alertRecipientDomains: ResourceValidationPolicy = {
    name: "alert-recipient-domains",
    description:
        "SNS email and email-json subscriptions send to an address in one of allowedDomains (or a subdomain).",
    // The domains are each stack's (policies/config/<stack>.json): without them every address
    // is reported, as a reminder; prod makes it mandatory with its list.
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            allowedDomains: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Domains alert e-mail may go to.",
            },
        },
    },
    validateResource: validateTyped(aws.sns.TopicSubscription, [], (sub, args, report) => {
        const { allowedDomains } = configOf<DomainsConfig>(args, { allowedDomains: [] });
        if (sub.protocol !== "email" && sub.protocol !== "email-json") {
            return;
        }
        const domain = sub.endpoint.slice(sub.endpoint.lastIndexOf("@") + 1).toLowerCase();
        const allowed = allowedDomains.map((d) => d.toLowerCase());
        if (!allowed.some((d) => domain === d || domain.endsWith(`.${d}`))) {
            report(
                `SNS e-mail subscription must send to ${allowed.length > 0 ? allowed.join(", ") : "a configured domain (allowedDomains is empty)"} (got ${sub.endpoint}).`,
            );
        }
    }),
};

// ------------------------------------------------------------------------------------------------
// Availability
// ------------------------------------------------------------------------------------------------

/** Every AZ with a subnet of the stack has its own NAT gateway once the stack has any. */
export const natGatewayMultiAz: StackValidationPolicy = {
    name: "nat-gateway-multi-az",
    description:
        "When the stack has NAT gateways, their subnets cover every availability zone its subnets use (one NAT per AZ).",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const nats = resourcesOf(args, [aws.ec2.NatGateway]);
        if (nats.length === 0) {
            return;
        }
        const subnets = resourcesOf(args, [aws.ec2.Subnet]);
        const zoneOf = (s: StackResource) => read(() => s.props.availabilityZone);
        const allZones = new Set<string>();
        for (const s of subnets) {
            const z = zoneOf(s);
            if (z === UNKNOWN) {
                return;
            }
            if (typeof z === "string") {
                allZones.add(z);
            }
        }
        const natZones = new Set<string>();
        for (const nat of nats) {
            const subnet = referencedBy(nat, "subnetId", subnets);
            if (subnet === undefined || subnet === UNKNOWN) {
                return; // a subnet outside the stack: cannot tell
            }
            const z = zoneOf(subnet);
            if (typeof z === "string") {
                natZones.add(z);
            }
        }
        const missing = [...allZones].filter((z) => !natZones.has(z)).sort();
        if (missing.length > 0) {
            reportViolation(
                `NAT gateways must cover every availability zone of the stack's subnets: none in ${missing.join(", ")}.`,
            );
        }
    }),
};

// ------------------------------------------------------------------------------------------------
// The AWS provider
// ------------------------------------------------------------------------------------------------

/** Config of {@link awsProviderHygiene}. */
export interface ProviderConfig {
    /** Accounts a provider may assume roles in (the stack's own). */
    accountIds: string[];
}

/** A provider input as the engine passes it: a value, or a JSON string (provider config). */
function providerInput(value: unknown): unknown {
    if (typeof value === "string") {
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return value;
        }
    }
    return value;
}

/** The provider type token (`pulumi:providers:aws`). */
export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

/**
 * AWS providers (the default one carries the stack's `aws:` config) do not turn TLS verification
 * or credential checks off, do not send calls to custom endpoints, and assume roles only in the
 * configured accounts (provider arguments:
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/).
 */
export const awsProviderHygiene: ResourceValidationPolicy = {
    name: "aws-provider-hygiene",
    description:
        "pulumi:providers:aws resources set no insecure, skipCredentialsValidation, endpoints, and assume roles (assumeRoles, assumeRoleWithWebIdentity) only in accountIds.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            accountIds: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Accounts roles may be assumed in.",
            },
        },
    },
    // The CLI hands provider resources to resource validations (checked by type token, as
    // validateResourceOfType does not match providers: pulumi/pulumi-policy#323). The offline
    // evaluator skips providers, and the offline export has none: the settings refuse these
    // `aws:` keys there.
    validateResource: appliesTo([aws.Provider], (args, reportViolation) => {
        if (args.type !== AWS_PROVIDER_TYPE) {
            args.notApplicable(`Policy only applies to ${AWS_PROVIDER_TYPE}`);
        }
        const { accountIds } = configOf<ProviderConfig>(args, { accountIds: [] });
        runTracked(args, () => {
            const input = (key: string) => providerInput(read(() => args.props[key]));
            for (const flag of ["insecure", "skipCredentialsValidation"]) {
                const v = input(flag);
                if (v === true || v === "true") {
                    reportViolation(`AWS provider must not set ${flag}.`);
                }
            }
            const endpoints = input("endpoints");
            if (
                endpoints !== UNKNOWN &&
                endpoints !== undefined &&
                endpoints !== null &&
                !(Array.isArray(endpoints) && endpoints.length === 0)
            ) {
                reportViolation(
                    "AWS provider must not set endpoints: every call goes to AWS's own endpoints.",
                );
            }
            const roles: unknown[] = [];
            for (const key of ["assumeRoles", "assumeRole", "assumeRoleWithWebIdentity"]) {
                const v = input(key);
                if (v === UNKNOWN) {
                    continue;
                }
                roles.push(...(Array.isArray(v) ? v : v ? [v] : []));
            }
            for (const role of roles) {
                const arn = (role as { roleArn?: unknown } | null)?.roleArn;
                if (typeof arn !== "string" || arn === "") {
                    continue;
                }
                const account = arn.split(":")[4] ?? "";
                if (!accountIds.includes(account)) {
                    reportViolation(
                        `AWS provider must assume roles only in ${accountIds.join(", ") || "the configured accountIds (none set)"} (got ${arn}).`,
                    );
                }
            }
        });
    }),
};

/** Issue 18's invariants, in the pack's order. */
export const invariantPolicies = [
    guarddutyEnabled,
    securityhubEnabled,
    guarddutyFindingSeverity,
    auditRetentionFloor,
    rdsPostgresProtocolFloors,
    wafRateLimitBounds,
    wafExemptionNotEverything,
    ecsImageProvenance,
    secretNotGenerated,
    alertRecipientDomains,
    natGatewayMultiAz,
    awsProviderHygiene,
];
