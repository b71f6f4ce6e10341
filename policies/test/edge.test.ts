import * as aws from "../../sdk/aws";
import * as rules from "../rules/edge";
import { PropsOf } from "../rules/helpers";
import {
    assertStackUnchecked,
    assertStackViolations,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

type Distribution = PropsOf<aws.cloudfront.DistributionArgs>;
type WebAcl = PropsOf<aws.wafv2.WebAclArgs>;

const ACL_ARN = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc";

function distribution(): Distribution {
    return {
        enabled: true,
        webAclId: ACL_ARN,
        origins: [
            {
                originId: "alb",
                domainName: "app.internal.example.jp",
                customOriginConfig: {
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    originSslProtocols: ["TLSv1.2"],
                },
            },
            {
                originId: "assets",
                domainName: "tng-assets.s3.ap-northeast-1.amazonaws.com",
                originAccessControlId: "oac-1",
            },
        ],
        defaultCacheBehavior: {
            targetOriginId: "alb",
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD"],
            cachedMethods: ["GET", "HEAD"],
        },
        orderedCacheBehaviors: [
            {
                pathPattern: "/assets/*",
                targetOriginId: "assets",
                viewerProtocolPolicy: "https-only",
                allowedMethods: ["GET", "HEAD"],
                cachedMethods: ["GET", "HEAD"],
            },
        ],
        restrictions: { geoRestriction: { restrictionType: "whitelist", locations: ["JP"] } },
        viewerCertificate: {
            acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        },
        loggingConfig: { bucket: "tng-logs.s3.amazonaws.com" },
    };
}

function webAcl(): WebAcl {
    const visibility = (metricName: string) => ({
        cloudwatchMetricsEnabled: true,
        metricName,
        sampledRequestsEnabled: true,
    });
    return {
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        visibilityConfig: visibility("edge"),
        rules: [
            {
                name: "rate",
                priority: 0,
                action: { block: {} },
                statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
                visibilityConfig: visibility("rate"),
            },
            ...["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"].map(
                (name, i) => ({
                    name,
                    priority: i + 1,
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { name, vendorName: "AWS" } },
                    visibilityConfig: visibility(name),
                }),
            ),
        ],
    };
}

describe("edge policies", () => {
    describeResourcePolicy(rules.cloudfrontViewerHttps, aws.cloudfront.Distribution, distribution, [
        {
            title: "the default behavior allows all",
            mutate: (p) => (p.defaultCacheBehavior.viewerProtocolPolicy = "allow-all"),
            messages: [
                "CloudFront distribution must set defaultCacheBehavior.viewerProtocolPolicy to redirect-to-https or https-only.",
            ],
        },
        {
            title: "an ordered behavior allows all",
            mutate: (p) => (p.orderedCacheBehaviors![0].viewerProtocolPolicy = "allow-all"),
            messages: [
                "CloudFront distribution must set orderedCacheBehaviors[0].viewerProtocolPolicy to redirect-to-https or https-only.",
            ],
        },
        {
            title: "the policy is unknown",
            mutate: (p) => (p.defaultCacheBehavior.viewerProtocolPolicy = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.cloudfrontTls12, aws.cloudfront.Distribution, distribution, [
        {
            title: "minimumProtocolVersion is TLSv1",
            mutate: (p) => (p.viewerCertificate.minimumProtocolVersion = "TLSv1"),
            messages: [
                "CloudFront distribution must set viewerCertificate.minimumProtocolVersion to one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025.",
            ],
        },
        {
            title: "the default certificate is used",
            mutate: (p) => (p.viewerCertificate = { cloudfrontDefaultCertificate: true }),
            messages: [
                "CloudFront distribution must not set viewerCertificate.cloudfrontDefaultCertificate to true.",
            ],
        },
        {
            title: "config accepts TLSv1.2_2019",
            mutate: (p) => (p.viewerCertificate.minimumProtocolVersion = "TLSv1.2_2019"),
            config: { allowedVersions: ["TLSv1.2_2019"] },
            messages: [],
        },
        {
            title: "the version is unknown",
            mutate: (p) => (p.viewerCertificate.minimumProtocolVersion = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.cloudfrontCustomCertificateSni,
        aws.cloudfront.Distribution,
        distribution,
        [
            {
                title: "sslSupportMethod is vip",
                mutate: (p) => (p.viewerCertificate.sslSupportMethod = "vip"),
                messages: [
                    "CloudFront distribution must set viewerCertificate.acmCertificateArn with sslSupportMethod sni-only.",
                ],
            },
        ],
    );
    describeResourcePolicy(rules.cloudfrontOriginHttps, aws.cloudfront.Distribution, distribution, [
        {
            title: "the ALB origin is reached over HTTP with TLSv1.1",
            mutate: (p) =>
                (p.origins[0].customOriginConfig = {
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "match-viewer",
                    originSslProtocols: ["TLSv1.1", "TLSv1.2"],
                }),
            messages: [
                "CloudFront distribution must set origins[0].customOriginConfig.originProtocolPolicy to https-only.",
                "CloudFront distribution must set origins[0].customOriginConfig.originSslProtocols to TLSv1.2 only, not TLSv1.1.",
            ],
        },
        { title: "an origin is unknown", mutate: (p) => (p.origins[0] = unknown()), messages: [] },
    ]);
    describeResourcePolicy(rules.cloudfrontS3OriginOac, aws.cloudfront.Distribution, distribution, [
        {
            title: "the S3 origin has no OAC",
            mutate: (p) => delete p.origins[1].originAccessControlId,
            messages: [
                "CloudFront distribution must set origins[1].originAccessControlId for its S3 origin.",
            ],
        },
        {
            title: "the origin is an S3 website endpoint",
            mutate: (p) =>
                (p.origins[1].domainName = "tng-assets.s3-website-ap-northeast-1.amazonaws.com"),
            messages: [
                "CloudFront distribution must not use an S3 website endpoint as origins[1].domainName.",
            ],
        },
        {
            title: "the S3 origin's OAC id is unknown",
            mutate: (p) => (p.origins[1].originAccessControlId = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.cloudfrontWafAttached, aws.cloudfront.Distribution, distribution, [
        {
            title: "webAclId is missing",
            mutate: (p) => delete p.webAclId,
            messages: ["CloudFront distribution must set webAclId to a WAFv2 web ACL."],
        },
        { title: "webAclId is unknown", mutate: (p) => (p.webAclId = unknown()), messages: [] },
    ]);
    describe(rules.cloudfrontLogging.name, () => {
        const DIST_ARN = "arn:aws:cloudfront::123456789012:distribution/E1";
        const withoutLegacy = () => {
            const props = distribution();
            delete props.loggingConfig;
            return exported(aws.cloudfront.Distribution, "edge", props, {
                outputs: { arn: DIST_ARN },
            });
        };
        const source = (resourceArn: string) =>
            exported(aws.cloudwatch.LogDeliverySource, "edge-logs", {
                logType: "ACCESS_LOGS",
                resourceArn,
                region: "us-east-1",
            });
        const message =
            "CloudFront distribution must log access: set loggingConfig.bucket or add a LogDeliverySource whose resourceArn is the distribution.";
        it("passes with legacy logging to a bucket", async () => {
            await assertStackViolations(
                rules.cloudfrontLogging,
                [exported(aws.cloudfront.Distribution, "edge", distribution())],
                [],
            );
        });
        it("passes with standard logging v2 for this distribution", async () => {
            await assertStackViolations(
                rules.cloudfrontLogging,
                [withoutLegacy(), source(DIST_ARN)],
                [],
            );
        });
        it("fails with neither, or with a delivery source for another distribution", async () => {
            const cf = withoutLegacy();
            await assertStackViolations(rules.cloudfrontLogging, [cf], [[cf, message]]);
            const other = withoutLegacy();
            await assertStackViolations(
                rules.cloudfrontLogging,
                [other, source("arn:aws:cloudfront::123456789012:distribution/E2")],
                [[other, message]],
            );
        });
        it('reports only "could not check" when the delivery source\'s resourceArn is unknown', async () => {
            await assertStackUnchecked(
                rules.cloudfrontLogging,
                [withoutLegacy(), source(unknown<string>())],
                [[undefined, "could not check resourceArn: value unknown/secret"]],
            );
        });
    });
    describeResourcePolicy(
        rules.cloudfrontGeoRestriction,
        aws.cloudfront.Distribution,
        distribution,
        [
            {
                title: "restrictionType is none",
                mutate: (p) => (p.restrictions = { geoRestriction: { restrictionType: "none" } }),
                messages: [
                    "CloudFront distribution must set restrictions.geoRestriction.restrictionType to whitelist or blacklist.",
                ],
            },
        ],
    );

    describe(rules.cloudfrontWafRateLimit.name, () => {
        const acl = (mutate: (p: WebAcl) => void = () => undefined) => {
            const props = webAcl();
            mutate(props);
            return exported(aws.wafv2.WebAcl, "edge-waf", props, { outputs: { arn: ACL_ARN } });
        };
        const cf = exported(aws.cloudfront.Distribution, "edge", distribution());
        it("passes when the distribution's ACL has a rate-based rule", async () => {
            await assertStackViolations(rules.cloudfrontWafRateLimit, [acl(), cf], []);
        });
        it("fails when the ACL has no rate-based rule", async () => {
            const noRate = acl((p) => p.rules?.shift());
            await assertStackViolations(
                rules.cloudfrontWafRateLimit,
                [noRate, cf],
                [
                    [
                        noRate,
                        "CloudFront web ACL must have a rule with a rateBasedStatement in rules.",
                    ],
                ],
            );
        });
        it("fails when the ACL is REGIONAL", async () => {
            const regional = acl((p) => (p.scope = "REGIONAL"));
            await assertStackViolations(
                rules.cloudfrontWafRateLimit,
                [regional, cf],
                [[regional, "CloudFront web ACL must set scope to CLOUDFRONT."]],
            );
        });
        it('does not report an ACL outside the stack; reports unknown rules or ACL references as "could not check"', async () => {
            await assertStackUnchecked(
                rules.cloudfrontWafRateLimit,
                [acl((p) => (p.rules = unknown())), cf],
                [[undefined, "could not check rules: value unknown/secret"]],
            );
            const unknownRef = exported(aws.cloudfront.Distribution, "edge", {
                ...distribution(),
                webAclId: unknown<string>(),
            });
            await assertStackUnchecked(
                rules.cloudfrontWafRateLimit,
                [acl((p) => p.rules?.shift()), unknownRef],
                [[undefined, "could not check webAclId: value unknown/secret"]],
            );
            await assertStackViolations(rules.cloudfrontWafRateLimit, [cf], []);
        });
    });

    describeResourcePolicy(rules.wafWebAclHasRules, aws.wafv2.WebAcl, webAcl, [
        {
            title: "rules is empty",
            mutate: (p) => (p.rules = []),
            messages: ["WAF web ACL must have at least one rule in rules."],
        },
        { title: "rules is unknown", mutate: (p) => (p.rules = unknown()), messages: [] },
    ]);
    describeResourcePolicy(rules.wafRuleActions, aws.wafv2.WebAcl, webAcl, [
        {
            title: "a rule has neither action nor overrideAction",
            mutate: (p) => delete p.rules![0].action,
            messages: ["WAF web ACL must set action or overrideAction on rules[0]."],
        },
    ]);
    describeResourcePolicy(rules.wafManagedRuleSets, aws.wafv2.WebAcl, webAcl, [
        {
            title: "KnownBadInputs is missing",
            mutate: (p) => p.rules?.pop(),
            messages: [
                "WAF web ACL must include the managed rule group AWSManagedRulesKnownBadInputsRuleSet in rules.",
            ],
        },
        {
            title: "config requires only the common rule set",
            mutate: (p) => p.rules?.pop(),
            config: { requiredRuleGroups: ["AWSManagedRulesCommonRuleSet"] },
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.wafMetricsEnabled, aws.wafv2.WebAcl, webAcl, [
        {
            title: "metrics are off on the ACL",
            mutate: (p) => (p.visibilityConfig.cloudwatchMetricsEnabled = false),
            messages: ["WAF web ACL must set visibilityConfig.cloudwatchMetricsEnabled to true."],
        },
    ]);
});
