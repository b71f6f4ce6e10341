/**
 * WebAcl: the CloudFront distribution's WAFv2 web ACL (scope CLOUDFRONT, so in us-east-1).
 *
 * Rules, in evaluation order: a per-IP rate limit first (cheapest and stops floods before the
 * managed groups are billed for inspection), then the AWS managed groups AmazonIpReputationList,
 * CommonRuleSet, KnownBadInputs and SQLi. When upload paths are configured, CommonRuleSet's
 * SizeRestrictions_BODY (bodies over 8 KB) only counts and labels, and a rule of ours blocks the
 * labelled requests unless their path starts with an upload path: big bodies are allowed there
 * and nowhere else, while every other CommonRuleSet rule still inspects uploads.
 *
 * Logs go to an `aws-waf-logs-*` log group in us-east-1, encrypted with a small us-east-1 key
 * (the stack key is regional and cannot encrypt a us-east-1 log group), with the Authorization
 * and Cookie headers redacted. The log-delivery resource policy is our own, scoped to that
 * group, so WAF does not grow its shared AWSWAF-LOGS policy past the 5,120-character limit.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountAdministers } from "../security/stackKey";
import { ArgsError } from "../errors";
import { regionalKey } from "../security/regionalKey";

/** CloudFront-scope WAF, its log group and the distribution's ACM certificate live here. */
export const EDGE_REGION = "us-east-1";

/** Evaluation windows WAF accepts for rate-based rules (seconds). */
export const RATE_WINDOWS = [60, 120, 300, 600] as const;
/** WAF's bounds for a rate-based rule's limit. */
export const RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 } as const;

/** The label CommonRuleSet's SizeRestrictions_BODY puts on bodies over 8 KB. */
export const OVERSIZE_BODY_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";

/**
 * Rule priorities (lower runs first). Fixed numbers, so adding or removing the upload-path rule
 * never renumbers the others.
 */
export const WAF_PRIORITIES = {
    rateLimit: 0,
    ipReputation: 1,
    common: 2,
    oversizeBody: 3,
    knownBadInputs: 4,
    sqli: 5,
} as const;

/** Headers never written to the WAF logs: session cookies and credentials. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** The plain settings the rules are built from. */
export interface WebAclRuleSettings {
    readonly rateLimit: number;
    readonly rateLimitWindowSeconds: number;
    readonly uploadPaths: readonly string[];
}

/** Checks the plain settings; returns every problem, in the component's message style. */
export function validateWebAclSettings(s: WebAclRuleSettings): string[] {
    const problems: string[] = [];
    if (
        !Number.isInteger(s.rateLimit) ||
        s.rateLimit < RATE_LIMIT_BOUNDS.min ||
        s.rateLimit > RATE_LIMIT_BOUNDS.max
    ) {
        problems.push(
            `\`rateLimit\` must be a whole number from ${RATE_LIMIT_BOUNDS.min} to ${RATE_LIMIT_BOUNDS.max} (got ${s.rateLimit}).`,
        );
    }
    if (!(RATE_WINDOWS as readonly number[]).includes(s.rateLimitWindowSeconds)) {
        problems.push(
            `\`rateLimitWindowSeconds\` must be one of ${RATE_WINDOWS.join(", ")} (got ${s.rateLimitWindowSeconds}).`,
        );
    }
    for (const p of s.uploadPaths) {
        if (!/^\/[A-Za-z0-9._~\-/]{0,198}\*?$/.test(p)) {
            problems.push(
                `\`uploadPaths\` entries must be absolute path prefixes, optionally ending in * (got ${JSON.stringify(p)}).`,
            );
        }
    }
    if (new Set(s.uploadPaths).size !== s.uploadPaths.length) {
        problems.push("`uploadPaths` must not repeat a path.");
    }
    const regex = uploadPathRegex(s.uploadPaths);
    if (s.uploadPaths.length > 1 && regex.length > WAF_REGEX_MAX_LENGTH) {
        problems.push(
            `\`uploadPaths\` together must fit one WAF regex of ${WAF_REGEX_MAX_LENGTH} characters (got ${regex.length}): use fewer or shorter prefixes.`,
        );
    }
    return problems;
}

/**
 * RegexMatchStatement.RegexString is 1 to 512 characters:
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_RegexMatchStatement.html
 */
export const WAF_REGEX_MAX_LENGTH = 512;

/** One anchored regex matching any of the upload prefixes (dots escaped; the allowed characters need nothing else). */
export function uploadPathRegex(uploadPaths: readonly string[]): string {
    return `^(?:${uploadPaths.map((p) => uploadPrefix(p).replace(/\./g, "\\.")).join("|")})`;
}

/** `/admin/uploads/*` → `/admin/uploads/`: WAF matches the prefix, the `*` is implied. */
export function uploadPrefix(path: string): string {
    return path.endsWith("*") ? path.slice(0, -1) : path;
}

type Rule = aws.types.input.wafv2.WebAclRule;
type Statement = aws.types.input.wafv2.WebAclRuleStatement;

function visibility(metricName: string) {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

function managedGroup(
    metricPrefix: string,
    groupName: string,
    priority: number,
    ruleActionOverrides?: { name: string; actionToUse: { count: object } }[],
): Rule {
    return {
        name: groupName,
        priority,
        overrideAction: { none: {} },
        statement: {
            managedRuleGroupStatement: {
                vendorName: "AWS",
                name: groupName,
                ...(ruleActionOverrides ? { ruleActionOverrides } : {}),
            },
        },
        visibilityConfig: visibility(`${metricPrefix}-${groupName}`),
    };
}

/**
 * A request whose URI path starts with one of the upload prefixes. Several prefixes are one regex
 * rather than an OR of byte matches: AND(label, NOT(OR(...))) nests one level deeper than the
 * provider's typed statement schema allows (three levels), while AND(label, NOT(regex)) fits.
 */
function uploadPathStatement(uploadPaths: readonly string[]): Statement {
    const textTransformations = [{ priority: 0, type: "NONE" }];
    const fieldToMatch = { uriPath: {} };
    if (uploadPaths.length === 1) {
        return {
            byteMatchStatement: {
                fieldToMatch,
                positionalConstraint: "STARTS_WITH",
                searchString: uploadPrefix(uploadPaths[0]),
                textTransformations,
            },
        };
    }
    return {
        regexMatchStatement: {
            fieldToMatch,
            regexString: uploadPathRegex(uploadPaths),
            textTransformations,
        },
    };
}

/** The web ACL's rules, in priority order. `metricPrefix` names each rule's CloudWatch metric. */
export function webAclRules(metricPrefix: string, s: WebAclRuleSettings): Rule[] {
    const uploads = s.uploadPaths.length > 0;
    const rules: Rule[] = [
        {
            name: "RateLimitPerIp",
            priority: WAF_PRIORITIES.rateLimit,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: s.rateLimit,
                    evaluationWindowSec: s.rateLimitWindowSeconds,
                    aggregateKeyType: "IP",
                },
            },
            visibilityConfig: visibility(`${metricPrefix}-RateLimitPerIp`),
        },
        managedGroup(
            metricPrefix,
            "AWSManagedRulesAmazonIpReputationList",
            WAF_PRIORITIES.ipReputation,
        ),
        managedGroup(
            metricPrefix,
            "AWSManagedRulesCommonRuleSet",
            WAF_PRIORITIES.common,
            uploads ? [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }] : undefined,
        ),
    ];
    if (uploads) {
        rules.push({
            name: "OversizeBodyOutsideUploadPaths",
            priority: WAF_PRIORITIES.oversizeBody,
            action: { block: {} },
            statement: {
                andStatement: {
                    statements: [
                        { labelMatchStatement: { scope: "LABEL", key: OVERSIZE_BODY_LABEL } },
                        { notStatement: { statement: uploadPathStatement(s.uploadPaths) } },
                    ],
                },
            },
            visibilityConfig: visibility(`${metricPrefix}-OversizeBodyOutsideUploadPaths`),
        });
    }
    rules.push(
        managedGroup(
            metricPrefix,
            "AWSManagedRulesKnownBadInputsRuleSet",
            WAF_PRIORITIES.knownBadInputs,
        ),
        managedGroup(metricPrefix, "AWSManagedRulesSQLiRuleSet", WAF_PRIORITIES.sqli),
    );
    return rules;
}

/** Key policy of the us-east-1 log key: the account administers it, CloudWatch Logs uses it. */
export function wafLogKeyPolicy(accountId: string, logGroupName: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            accountAdministers(accountId),
            {
                Sid: "CloudWatchLogsEncryptWafLogs",
                Effect: "Allow",
                Principal: { Service: `logs.${EDGE_REGION}.amazonaws.com` },
                Action: [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:DescribeKey",
                ],
                Resource: "*",
                Condition: {
                    ArnEquals: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${EDGE_REGION}:${accountId}:log-group:${logGroupName}`,
                    },
                },
            },
        ],
    });
}

/** Lets WAF's log delivery write to this one log group, for this account's web ACLs only. */
export function wafLogDeliveryPolicy(accountId: string, logGroupArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WafLogDelivery",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `${logGroupArn}:log-stream:*`,
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:aws:logs:${EDGE_REGION}:${accountId}:*` },
                },
            },
        ],
    });
}

/** Inputs of {@link WebAcl}; plain values, validated when the component is constructed. */
export interface WebAclArgs {
    /** Requests one IP may send per window before it is blocked (10 to 2,000,000,000). */
    readonly rateLimit: number;
    /** The rate window in seconds: 60, 120, 300 or 600. */
    readonly rateLimitWindowSeconds: number;
    /**
     * URL path prefixes (a trailing `*` is allowed and ignored) where request bodies may exceed
     * the 8 KB of CommonRuleSet's SizeRestrictions_BODY. Defaults to none: big bodies are
     * blocked everywhere.
     */
    readonly uploadPaths?: readonly string[];
    /** Retention of the WAF log group in days (a CloudWatch Logs retention value). */
    readonly logRetentionDays: number;
    /** Account id, to confine the log key and log-delivery grants to this account. */
    readonly accountId: pulumi.Input<string>;
    /**
     * Pulumi `protect` on the log group and its key, and `retainOnDelete` on the key (the logs are
     * unreadable without it). Defaults to false.
     */
    readonly protect?: boolean;
}

/** The CloudFront web ACL with its us-east-1 log group, log key and logging configuration. */
export class WebAcl extends pulumi.ComponentResource {
    /** The web ACL ARN: the distribution's `webAclId`. */
    public readonly arn: pulumi.Output<string>;
    /** The WAF log group (in us-east-1). */
    public readonly logGroupName: pulumi.Output<string>;
    /** The web ACL's CloudWatch metric name (the dashboard's `WebACL` dimension). */
    public readonly metricName: string;
    /** Each rule's CloudWatch metric name, in priority order (the `Rule` dimension). */
    public readonly ruleMetricNames: readonly string[];

    /**
     * @param name The _unique_ name of this component; also names the log group and metrics.
     * @param args Rate limit, upload paths, log retention.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: WebAclArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:edge:WebAcl", name, {}, opts);
        const settings: WebAclRuleSettings = {
            rateLimit: args.rateLimit,
            rateLimitWindowSeconds: args.rateLimitWindowSeconds,
            uploadPaths: args.uploadPaths ?? [],
        };
        const problems = validateWebAclSettings(settings);
        if (!Number.isInteger(args.logRetentionDays) || args.logRetentionDays < 1) {
            problems.push(
                `\`logRetentionDays\` must be a whole number of days, at least 1 (got ${args.logRetentionDays}).`,
            );
        }
        if (problems.length > 0) {
            throw new ArgsError(`WebAcl ${name}: ${problems.join(" ")}`);
        }
        const parent = { parent: this };
        const region = { region: EDGE_REGION };

        const rules = webAclRules(name, settings);
        const acl = new aws.wafv2.WebAcl(
            `${name}-acl`,
            {
                ...region,
                scope: "CLOUDFRONT",
                description: "CloudFront: per-IP rate limit and AWS managed rule groups",
                defaultAction: { allow: {} },
                rules,
                visibilityConfig: visibility(name),
            },
            parent,
        );

        const protectData = args.protect ?? false;
        // WAF only logs to groups whose name starts with aws-waf-logs-.
        const logGroupName = `aws-waf-logs-${name}`;
        const key = regionalKey(this, `${name}-log-key`, {
            region: EDGE_REGION,
            description: `WAF logs of ${name} (us-east-1; the stack key is regional)`,
            policy: pulumi
                .output(args.accountId)
                .apply((accountId) => wafLogKeyPolicy(accountId, logGroupName)),
            protect: protectData,
        });
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                ...region,
                name: logGroupName,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: key.arn,
            },
            { parent: this, protect: protectData },
        );
        const deliveryPolicy = new aws.cloudwatch.LogResourcePolicy(
            `${name}-log-delivery`,
            {
                ...region,
                policyName: `${name}-waf-log-delivery`,
                policyDocument: pulumi
                    .all([args.accountId, logGroup.arn])
                    .apply(([accountId, arn]) => wafLogDeliveryPolicy(accountId, arn)),
            },
            parent,
        );
        new aws.wafv2.WebAclLoggingConfiguration(
            `${name}-logging`,
            {
                ...region,
                resourceArn: acl.arn,
                logDestinationConfigs: [logGroup.arn],
                redactedFields: REDACTED_HEADERS.map((h) => ({ singleHeader: { name: h } })),
            },
            // With our policy in place first, WAF does not add the group to AWSWAF-LOGS.
            { parent: this, dependsOn: [deliveryPolicy] },
        );

        this.arn = acl.arn;
        this.logGroupName = logGroup.name;
        this.metricName = name;
        // webAclRules builds every visibilityConfig as plain values (visibility()).
        this.ruleMetricNames = rules.map(
            (r) => (r.visibilityConfig as { metricName: string }).metricName,
        );
        this.registerOutputs({ arn: this.arn, logGroupName: this.logGroupName });
    }
}
