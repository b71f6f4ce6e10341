/**
 * CloudFront and WAFv2 rules.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    configOf,
    forEachKnown,
    ignoreUnknown,
    read,
    referencedBy,
    referencing,
    resourcesOf,
    UNKNOWN,
    UNKNOWN_SENTINELS,
    validateTyped,
    trackedStack,
} from "./helpers";

const SECURE_VIEWER_POLICIES = ["redirect-to-https", "https-only"];

/** Viewers always use HTTPS. */
export const cloudfrontViewerHttps: ResourceValidationPolicy = {
    name: "cloudfront-viewer-https",
    description:
        "CloudFront cache behaviors set viewerProtocolPolicy to redirect-to-https or https-only.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, _a, report) => {
        ignoreUnknown(() => {
            if (!SECURE_VIEWER_POLICIES.includes(d.defaultCacheBehavior.viewerProtocolPolicy)) {
                report(
                    "CloudFront distribution must set defaultCacheBehavior.viewerProtocolPolicy to redirect-to-https or https-only.",
                );
            }
        });
        forEachKnown(d.orderedCacheBehaviors, (b, i) => {
            if (!SECURE_VIEWER_POLICIES.includes(b.viewerProtocolPolicy)) {
                report(
                    `CloudFront distribution must set orderedCacheBehaviors[${i}].viewerProtocolPolicy to redirect-to-https or https-only.`,
                );
            }
        });
    }),
};

/** Config of {@link cloudfrontTls12}. */
export interface ViewerTlsConfig {
    /** Accepted viewerCertificate.minimumProtocolVersion values. */
    allowedVersions: string[];
}

export const DEFAULT_VIEWER_TLS_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/** TLS 1.2 (2021 ciphers) or newer towards viewers; the default certificate forces TLSv1. */
export const cloudfrontTls12: ResourceValidationPolicy = {
    name: "cloudfront-viewer-tls-1-2",
    description:
        "CloudFront distributions use a custom certificate with viewerCertificate.minimumProtocolVersion TLSv1.2_2021 or newer.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedVersions: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_VIEWER_TLS_VERSIONS,
                description: "Accepted minimumProtocolVersion values.",
            },
        },
    },
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, args, report) => {
        const { allowedVersions } = configOf<ViewerTlsConfig>(args, {
            allowedVersions: DEFAULT_VIEWER_TLS_VERSIONS,
        });
        ignoreUnknown(() => {
            if (d.viewerCertificate.cloudfrontDefaultCertificate === true) {
                report(
                    "CloudFront distribution must not set viewerCertificate.cloudfrontDefaultCertificate to true.",
                );
            } else if (
                !allowedVersions.includes(d.viewerCertificate.minimumProtocolVersion ?? "")
            ) {
                report(
                    `CloudFront distribution must set viewerCertificate.minimumProtocolVersion to one of ${allowedVersions.join(", ")}.`,
                );
            }
        });
    }),
};

/** ACM certificate served with SNI. */
export const cloudfrontCustomCertificateSni: ResourceValidationPolicy = {
    name: "cloudfront-custom-certificate-sni",
    description:
        "CloudFront distributions set viewerCertificate.acmCertificateArn with sslSupportMethod sni-only.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, _a, report) => {
        if (
            !d.viewerCertificate.acmCertificateArn ||
            d.viewerCertificate.sslSupportMethod !== "sni-only"
        ) {
            report(
                "CloudFront distribution must set viewerCertificate.acmCertificateArn with sslSupportMethod sni-only.",
            );
        }
    }),
};

/** Custom origins are reached over HTTPS with TLS 1.2 only. */
export const cloudfrontOriginHttps: ResourceValidationPolicy = {
    name: "cloudfront-origin-https-only",
    description:
        "CloudFront custom origins set originProtocolPolicy to https-only and originSslProtocols to TLSv1.2 only.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, _a, report) => {
        forEachKnown(d.origins, (origin, i) => {
            const custom = origin.customOriginConfig;
            if (custom === undefined) {
                return;
            }
            ignoreUnknown(() => {
                if (custom.originProtocolPolicy !== "https-only") {
                    report(
                        `CloudFront distribution must set origins[${i}].customOriginConfig.originProtocolPolicy to https-only.`,
                    );
                }
            });
            ignoreUnknown(() => {
                const weak = (custom.originSslProtocols ?? []).filter((p) => p !== "TLSv1.2");
                if (weak.length > 0) {
                    report(
                        `CloudFront distribution must set origins[${i}].customOriginConfig.originSslProtocols to TLSv1.2 only, not ${weak.join(", ")}.`,
                    );
                }
            });
        });
    }),
};

/** S3 origins are private and reached through Origin Access Control. */
export const cloudfrontS3OriginOac: ResourceValidationPolicy = {
    name: "cloudfront-s3-origin-oac",
    description:
        "CloudFront S3 origins set originAccessControlId and never use an S3 website endpoint.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, _a, report) => {
        forEachKnown(d.origins, (origin, i) => {
            const domain = origin.domainName;
            if (/\.s3-website[.-]/.test(domain)) {
                report(
                    `CloudFront distribution must not use an S3 website endpoint as origins[${i}].domainName.`,
                );
                return;
            }
            const isS3 =
                origin.s3OriginConfig !== undefined ||
                /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain);
            if (isS3 && !origin.originAccessControlId) {
                report(
                    `CloudFront distribution must set origins[${i}].originAccessControlId for its S3 origin.`,
                );
            }
        });
    }),
};

/** A WAF on every distribution. */
export const cloudfrontWafAttached: ResourceValidationPolicy = {
    name: "cloudfront-waf-attached",
    description: "CloudFront distributions set webAclId to a WAFv2 web ACL.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, _a, report) => {
        if (!d.webAclId) {
            report("CloudFront distribution must set webAclId to a WAFv2 web ACL.");
        }
    }),
};

/** A WAF rule as the rate-limit check reads it (typed rules or parsed ruleJson). */
interface WafRule {
    statement?: { rateBasedStatement?: unknown };
    Statement?: { RateBasedStatement?: unknown };
}

/** Whether a web ACL has a rate-based rule; UNKNOWN when its rules cannot be read. */
function hasRateBasedRule(acl: { props: Record<string, unknown> }): boolean | typeof UNKNOWN {
    const rules = read(() => acl.props.rules as WafRule[] | undefined);
    if (rules === UNKNOWN) {
        return UNKNOWN;
    }
    const typed = rules ?? [];
    if (typed.some((r) => read(() => r?.statement?.rateBasedStatement) !== undefined)) {
        return true;
    }
    const json = read(() => acl.props.ruleJson);
    if (
        json === UNKNOWN ||
        (typeof json === "string" && [...UNKNOWN_SENTINELS].some((s) => json.includes(s)))
    ) {
        return UNKNOWN;
    }
    if (typeof json === "string") {
        try {
            const parsed = JSON.parse(json) as WafRule[];
            return (
                Array.isArray(parsed) &&
                parsed.some((r) => r?.Statement?.RateBasedStatement !== undefined)
            );
        } catch {
            return UNKNOWN;
        }
    }
    return false;
}

/** The distribution's web ACL is a CLOUDFRONT ACL with a rate-based rule. */
export const cloudfrontWafRateLimit: StackValidationPolicy = {
    name: "cloudfront-waf-rate-limit",
    description:
        "The WAFv2 web ACL of every CloudFront distribution has scope CLOUDFRONT and a rule with a rateBasedStatement.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const acls = resourcesOf(args, [aws.wafv2.WebAcl]);
        for (const distribution of resourcesOf(args, [aws.cloudfront.Distribution])) {
            // An ACL managed outside this stack cannot be inspected: no finding.
            const acl = referencedBy(distribution, "webAclId", acls);
            if (acl === undefined || acl === UNKNOWN) {
                continue;
            }
            const scope = read(() => acl.props.scope);
            if (scope !== UNKNOWN && scope !== "CLOUDFRONT") {
                reportViolation("CloudFront web ACL must set scope to CLOUDFRONT.", acl.urn);
            }
            if (hasRateBasedRule(acl) === false) {
                reportViolation(
                    "CloudFront web ACL must have a rule with a rateBasedStatement in rules.",
                    acl.urn,
                );
            }
        }
    }),
};

/**
 * Access logging, either legacy (`loggingConfig.bucket`, which needs an ACL-enabled bucket)
 * or standard logging v2 (a CloudWatch Logs delivery source for the distribution). A stack policy:
 * v2 logging is a separate resource that points at the distribution.
 */
export const cloudfrontLogging: StackValidationPolicy = {
    name: "cloudfront-logging",
    description:
        "CloudFront distributions log access: loggingConfig.bucket, or a LogDeliverySource whose resourceArn is the distribution.",
    enforcementLevel: "advisory",
    validateStack: trackedStack((args, reportViolation) => {
        const sources = resourcesOf(args, [aws.cloudwatch.LogDeliverySource]);
        for (const distribution of resourcesOf(args, [aws.cloudfront.Distribution])) {
            const bucket = read(
                () =>
                    (distribution.props.loggingConfig as { bucket?: unknown } | undefined)?.bucket,
            );
            if (bucket === UNKNOWN || (typeof bucket === "string" && bucket !== "")) {
                continue;
            }
            const { matches, undecided } = referencing(sources, "resourceArn", distribution);
            if (matches.length > 0 || undecided) {
                continue;
            }
            reportViolation(
                "CloudFront distribution must log access: set loggingConfig.bucket or add a LogDeliverySource whose resourceArn is the distribution.",
                distribution.urn,
            );
        }
    }),
};

/** Geo restriction. */
export const cloudfrontGeoRestriction: ResourceValidationPolicy = {
    name: "cloudfront-geo-restriction",
    description:
        "CloudFront distributions set restrictions.geoRestriction.restrictionType other than none.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudfront.Distribution, [], (d, _a, report) => {
        if (d.restrictions.geoRestriction.restrictionType === "none") {
            report(
                "CloudFront distribution must set restrictions.geoRestriction.restrictionType to whitelist or blacklist.",
            );
        }
    }),
};

/** The ACL has rules. */
export const wafWebAclHasRules: ResourceValidationPolicy = {
    name: "waf-web-acl-has-rules",
    description: "WAFv2 web ACLs have at least one rule in rules or ruleJson.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.wafv2.WebAcl, [], (acl, _a, report) => {
        if ((acl.rules?.length ?? 0) === 0 && !acl.ruleJson) {
            report("WAF web ACL must have at least one rule in rules.");
        }
    }),
};

/** Every rule says what it does. */
export const wafRuleActions: ResourceValidationPolicy = {
    name: "waf-rule-actions",
    description: "Every WAFv2 rule sets action or overrideAction.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.wafv2.WebAcl, [], (acl, _a, report) => {
        forEachKnown(acl.rules, (rule, i) => {
            if (rule.action === undefined && rule.overrideAction === undefined) {
                report(`WAF web ACL must set action or overrideAction on rules[${i}].`);
            }
        });
    }),
};

/** Config of {@link wafManagedRuleSets}. */
export interface ManagedRuleSetsConfig {
    /** AWS managed rule groups every ACL includes. */
    requiredRuleGroups: string[];
}

export const DEFAULT_MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
];

/** Baseline managed rule groups. */
export const wafManagedRuleSets: ResourceValidationPolicy = {
    name: "waf-managed-rule-sets",
    description: "WAFv2 web ACLs include the Common and KnownBadInputs AWS managed rule groups.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            requiredRuleGroups: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_MANAGED_RULE_GROUPS,
                description: "AWS managed rule groups every web ACL includes.",
            },
        },
    },
    validateResource: validateTyped(aws.wafv2.WebAcl, [], (acl, args, report) => {
        if (acl.rules === undefined) {
            return;
        }
        const { requiredRuleGroups } = configOf<ManagedRuleSetsConfig>(args, {
            requiredRuleGroups: DEFAULT_MANAGED_RULE_GROUPS,
        });
        const present = acl.rules.map((r) => r.statement?.managedRuleGroupStatement?.name);
        for (const group of requiredRuleGroups.filter((g) => !present.includes(g))) {
            report(`WAF web ACL must include the managed rule group ${group} in rules.`);
        }
    }),
};

/** CloudWatch metrics on the ACL and each rule. */
export const wafMetricsEnabled: ResourceValidationPolicy = {
    name: "waf-metrics-enabled",
    description: "WAFv2 web ACLs and their rules set visibilityConfig.cloudwatchMetricsEnabled.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.wafv2.WebAcl, [], (acl, _a, report) => {
        ignoreUnknown(() => {
            if (acl.visibilityConfig.cloudwatchMetricsEnabled !== true) {
                report("WAF web ACL must set visibilityConfig.cloudwatchMetricsEnabled to true.");
            }
        });
        forEachKnown(acl.rules, (rule, i) => {
            if (rule.visibilityConfig.cloudwatchMetricsEnabled !== true) {
                report(
                    `WAF web ACL must set rules[${i}].visibilityConfig.cloudwatchMetricsEnabled to true.`,
                );
            }
        });
    }),
};

/** All CloudFront and WAF policies. */
export const edgePolicies = [
    cloudfrontViewerHttps,
    cloudfrontTls12,
    cloudfrontCustomCertificateSni,
    cloudfrontOriginHttps,
    cloudfrontS3OriginOac,
    cloudfrontWafAttached,
    cloudfrontWafRateLimit,
    cloudfrontLogging,
    cloudfrontGeoRestriction,
    wafWebAclHasRules,
    wafRuleActions,
    wafManagedRuleSets,
    wafMetricsEnabled,
];
