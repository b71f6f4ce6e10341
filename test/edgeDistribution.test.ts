/**
 * EdgeDistribution under mocks: what the program asks CloudFront, S3, ACM, Route 53, IAM and
 * CloudWatch Logs for. The mocks cannot prove that AWS accepts the cache policies or that the
 * VPC origin reaches the ALB; they prove the exact configuration requested.
 */
import * as assert from "assert";
import {
    appAccessPolicy,
    assetsCorsRules,
    cacheKeyParameters,
    cachePolicyPlan,
    EdgeDistribution,
    EdgeDistributionArgs,
    validateEdgeArgs,
} from "../components/edge/edgeDistribution";
import { ResourceRecorder } from "../offline/mocks";
import { policyStatements, record, unwrap } from "./harness";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/stack-key-id`;
const ZONE = "Z0123456789ABCDEFGHIJ";
const GIVEN_CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666`;
const LOG_BUCKET = "tng-logs-0a1b2c3";
const ONE_YEAR = 31536000;

/** Mock-computed values the component's children see. */
const DIST_ID = "t-cdn-id";
const DIST_ARN = `arn:aws:cloudfront::${ACCOUNT}:distribution/E5EXAMPLE`;
const ASSETS_BUCKET = "t-assets-0a1b2c3";
const ASSETS_ARN = `arn:aws:s3:::${ASSETS_BUCKET}`;
const WAF_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:wafv2/t-waf-acl`;

const T = {
    distribution: "aws:cloudfront/distribution:Distribution",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    record: "aws:route53/record:Record",
    cert: "aws:acm/certificate:Certificate",
    certValidation: "aws:acm/certificateValidation:CertificateValidation",
    cors: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
};

function args(over: Partial<EdgeDistributionArgs> = {}): EdgeDistributionArgs {
    return {
        domainName: "tng.example.jp",
        hostedZoneId: ZONE,
        priceClass: "PriceClass_200",
        rateLimit: 2000,
        rateLimitWindowSeconds: 300,
        ttl: { html: 0, assets: ONE_YEAR, images: 86400, feeds: 3600 },
        allowBrowserUploads: false,
        uploadPaths: [],
        albArn: `arn:aws:elasticloadbalancing:ap-northeast-1:${ACCOUNT}:loadbalancer/app/t-alb/50dc6c495c0c9188`,
        originDomainName: "origin.tng.example.jp",
        logBucketName: LOG_BUCKET,
        logBucketArn: `arn:aws:s3:::${LOG_BUCKET}`,
        kmsKeyArn: KEY,
        taskRoleName: "tng-prod-app-task-role",
        accountId: ACCOUNT,
        logRetentionDays: 365,
        ...over,
    };
}

/** What every behaviour to the ALB forwards and adds. */
const ALB_BEHAVIOR = {
    targetOriginId: "alb",
    viewerProtocolPolicy: "redirect-to-https",
    compress: true,
    allowedMethods: ["GET", "HEAD"],
    cachedMethods: ["GET", "HEAD"],
    originRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    responseHeadersPolicyId: "t-security-headers-id",
};
const S3_BEHAVIOR = {
    targetOriginId: "assets",
    viewerProtocolPolicy: "redirect-to-https",
    compress: true,
    allowedMethods: ["GET", "HEAD"],
    cachedMethods: ["GET", "HEAD"],
    responseHeadersPolicyId: "t-security-headers-id",
};

describe("EdgeDistribution", () => {
    describe("prod shape: hosted zone (created certificate), deploy invalidation, no uploads", () => {
        let rec: ResourceRecorder;
        let edge: EdgeDistribution;
        let dist: Record<string, unknown>;
        before(async () => {
            ({ recorder: rec, value: edge } = await record(
                () => new EdgeDistribution("t", args()),
            ));
            dist = rec.get(T.distribution, "t-cdn").inputs;
        });

        it("creates exactly these children", () => {
            assert.deepStrictEqual(rec.countsByType(), {
                "aws:acm/certificate:Certificate": 1,
                "aws:acm/certificateValidation:CertificateValidation": 1,
                "aws:cloudfront/cachePolicy:CachePolicy": 4,
                "aws:cloudfront/distribution:Distribution": 1,
                "aws:cloudfront/originAccessControl:OriginAccessControl": 1,
                "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": 1,
                "aws:cloudfront/vpcOrigin:VpcOrigin": 1,
                "aws:cloudwatch/logDelivery:LogDelivery": 1,
                "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": 1,
                "aws:cloudwatch/logDeliverySource:LogDeliverySource": 1,
                "aws:cloudwatch/logGroup:LogGroup": 1,
                "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": 1,
                "aws:iam/rolePolicy:RolePolicy": 1,
                "aws:kms/key:Key": 1,
                "aws:route53/record:Record": 6,
                "aws:s3/bucket:Bucket": 1,
                "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": 1,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
                "aws:s3/bucketLogging:BucketLogging": 1,
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
                "aws:s3/bucketPolicy:BucketPolicy": 1,
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
                "aws:s3/bucketVersioning:BucketVersioning": 1,
                "aws:wafv2/webAcl:WebAcl": 1,
                "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": 1,
                "tng:edge:EdgeDistribution": 1,
                "tng:edge:WebAcl": 1,
                "tng:storage:PrivateBucket": 1,
            });
        });

        it("serves both names over TLSv1.2_2021 with SNI, HTTP/2 and 3, IPv6, the price class", () => {
            assert.deepStrictEqual(dist.aliases, ["tng.example.jp", "www.tng.example.jp"]);
            assert.deepStrictEqual(dist.viewerCertificate, {
                acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/t-cert`,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
            });
            assert.strictEqual(dist.httpVersion, "http2and3");
            assert.strictEqual(dist.isIpv6Enabled, true);
            assert.strictEqual(dist.enabled, true);
            assert.strictEqual(dist.priceClass, "PriceClass_200");
            assert.deepStrictEqual(dist.restrictions, {
                geoRestriction: { restrictionType: "none" },
            });
        });

        it("is protected by the WAF web ACL", () => {
            assert.strictEqual(dist.webAclId, WAF_ARN);
            assert.strictEqual(
                rec.get("aws:wafv2/webAcl:WebAcl", "t-waf-acl").inputs.scope,
                "CLOUDFRONT",
            );
        });

        it("reaches the ALB through the VPC origin over TLS 1.2 and S3 through OAC", () => {
            assert.deepStrictEqual(dist.origins, [
                {
                    originId: "alb",
                    domainName: "origin.tng.example.jp",
                    vpcOriginConfig: { vpcOriginId: "t-alb-origin-id" },
                },
                {
                    originId: "assets",
                    domainName: `${ASSETS_BUCKET}.s3.ap-northeast-1.amazonaws.com`,
                    originAccessControlId: "t-oac-id",
                },
            ]);
            assert.deepStrictEqual(
                rec.get("aws:cloudfront/vpcOrigin:VpcOrigin", "t-alb-origin").inputs,
                {
                    vpcOriginEndpointConfig: {
                        name: "t-alb",
                        arn: args().albArn,
                        httpPort: 80,
                        httpsPort: 443,
                        originProtocolPolicy: "https-only",
                        originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
                    },
                },
            );
            assert.deepStrictEqual(
                rec.get("aws:cloudfront/originAccessControl:OriginAccessControl", "t-oac").inputs,
                {
                    description: "t: CloudFront reads the assets bucket",
                    originAccessControlOriginType: "s3",
                    signingBehavior: "always",
                    signingProtocol: "sigv4",
                },
            );
        });

        it("sends pages to the ALB: all methods, GET/HEAD cached, HTTPS redirect, compressed", () => {
            assert.deepStrictEqual(dist.defaultCacheBehavior, {
                targetOriginId: "alb",
                viewerProtocolPolicy: "redirect-to-https",
                compress: true,
                allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
                cachedMethods: ["GET", "HEAD"],
                cachePolicyId: "t-cache-html-id",
                originRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
                responseHeadersPolicyId: "t-security-headers-id",
            });
        });

        it("orders the behaviours: assets, packs, uploads to S3; feeds and images to the ALB", () => {
            assert.deepStrictEqual(dist.orderedCacheBehaviors, [
                { pathPattern: "/assets/*", ...S3_BEHAVIOR, cachePolicyId: "t-cache-static-id" },
                { pathPattern: "/packs/*", ...S3_BEHAVIOR, cachePolicyId: "t-cache-static-id" },
                { pathPattern: "/uploads/*", ...S3_BEHAVIOR, cachePolicyId: "t-cache-images-id" },
                { pathPattern: "/feed", ...ALB_BEHAVIOR, cachePolicyId: "t-cache-feeds-id" },
                { pathPattern: "/feed.*", ...ALB_BEHAVIOR, cachePolicyId: "t-cache-feeds-id" },
                { pathPattern: "/feed/*", ...ALB_BEHAVIOR, cachePolicyId: "t-cache-feeds-id" },
                { pathPattern: "*.rss", ...ALB_BEHAVIOR, cachePolicyId: "t-cache-feeds-id" },
                { pathPattern: "*.atom", ...ALB_BEHAVIOR, cachePolicyId: "t-cache-feeds-id" },
                ...["*.jpg", "*.jpeg", "*.png", "*.gif", "*.webp", "*.svg", "*.ico"].map((p) => ({
                    pathPattern: p,
                    ...ALB_BEHAVIOR,
                    cachePolicyId: "t-cache-images-id",
                })),
            ]);
        });

        for (const [policy, minTtl, defaultTtl, maxTtl, queryStrings] of [
            ["html", 0, 0, ONE_YEAR, "all"],
            ["static", 0, ONE_YEAR, ONE_YEAR, "none"],
            ["images", 0, 86400, 86400, "all"],
            ["feeds", 0, 3600, 3600, "all"],
        ] as const) {
            it(`cache policy ${policy}: TTL ${minTtl}/${defaultTtl}/${maxTtl}, query strings ${queryStrings}, no cookies`, () => {
                assert.deepStrictEqual(rec.get(T.cachePolicy, `t-cache-${policy}`).inputs, {
                    comment: `t: ${policy}`,
                    minTtl,
                    defaultTtl,
                    maxTtl,
                    parametersInCacheKeyAndForwardedToOrigin: {
                        cookiesConfig: { cookieBehavior: "none" },
                        headersConfig: { headerBehavior: "none" },
                        queryStringsConfig: { queryStringBehavior: queryStrings },
                        enableAcceptEncodingGzip: true,
                        enableAcceptEncodingBrotli: true,
                    },
                });
            });
        }

        it("adds HSTS (one year, overriding the app), nosniff, SAMEORIGIN and a referrer policy", () => {
            assert.deepStrictEqual(
                rec.get(
                    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
                    "t-security-headers",
                ).inputs.securityHeadersConfig,
                {
                    strictTransportSecurity: {
                        accessControlMaxAgeSec: ONE_YEAR,
                        includeSubdomains: true,
                        preload: false,
                        override: true,
                    },
                    contentTypeOptions: { override: true },
                    frameOptions: { frameOption: "SAMEORIGIN", override: false },
                    referrerPolicy: {
                        referrerPolicy: "strict-origin-when-cross-origin",
                        override: false,
                    },
                },
            );
        });

        it("lets only this distribution read the assets bucket, and only over TLS", () => {
            const statements = policyStatements(
                rec.get(T.bucketPolicy, "t-assets-policy").inputs.policy,
            );
            assert.deepStrictEqual(statements, [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [ASSETS_ARN, `${ASSETS_ARN}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "CloudFrontOacRead",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: `${ASSETS_ARN}/*`,
                    Condition: { StringEquals: { "AWS:SourceArn": DIST_ARN } },
                },
            ]);
        });

        it("keeps the assets bucket private, KMS-encrypted, versioned and access-logged", () => {
            assert.deepStrictEqual(
                rec.get(
                    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    "t-assets-public-access",
                ).inputs,
                {
                    bucket: ASSETS_BUCKET,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
            );
            assert.deepStrictEqual(
                rec.get(
                    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                    "t-assets-ownership",
                ).inputs.rule,
                { objectOwnership: "BucketOwnerEnforced" },
            );
            assert.deepStrictEqual(
                rec.get(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    "t-assets-encryption",
                ).inputs.rules,
                [
                    {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: KEY,
                        },
                        bucketKeyEnabled: true,
                    },
                ],
            );
            assert.deepStrictEqual(
                rec.get("aws:s3/bucketVersioning:BucketVersioning", "t-assets-versioning").inputs
                    .versioningConfiguration,
                { status: "Enabled" },
            );
            assert.deepStrictEqual(
                rec.get("aws:s3/bucketLogging:BucketLogging", "t-assets-logging").inputs,
                {
                    bucket: ASSETS_BUCKET,
                    targetBucket: LOG_BUCKET,
                    targetPrefix: "s3-access/assets/",
                },
            );
        });

        it("limits CORS to the site's two origins, GET/HEAD only", () => {
            assert.deepStrictEqual(rec.get(T.cors, "t-assets-cors").inputs.corsRules, [
                {
                    id: "site-read",
                    allowedOrigins: ["https://tng.example.jp", "https://www.tng.example.jp"],
                    allowedMethods: ["GET", "HEAD"],
                    exposeHeaders: ["ETag"],
                    maxAgeSeconds: 3000,
                },
            ]);
        });

        it("gives the task role invalidation of this distribution only, the bucket, and the key via S3", () => {
            const policy = rec.get("aws:iam/rolePolicy:RolePolicy", "t-app-access").inputs;
            assert.strictEqual(policy.role, "tng-prod-app-task-role");
            assert.deepStrictEqual(policyStatements(policy.policy), [
                {
                    Sid: "InvalidateThisDistribution",
                    Effect: "Allow",
                    Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
                    Resource: DIST_ARN,
                },
                {
                    Sid: "AssetObjects",
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                    Resource: `${ASSETS_ARN}/*`,
                },
                {
                    Sid: "AssetListing",
                    Effect: "Allow",
                    Action: "s3:ListBucket",
                    Resource: ASSETS_ARN,
                },
                {
                    Sid: "AssetEncryption",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: KEY,
                    Condition: {
                        StringEquals: { "kms:ViaService": "s3.ap-northeast-1.amazonaws.com" },
                    },
                },
            ]);
        });

        it("creates a DNS-validated certificate for both names in us-east-1", () => {
            assert.deepStrictEqual(rec.get(T.cert, "t-cert").inputs, {
                region: "us-east-1",
                domainName: "tng.example.jp",
                subjectAlternativeNames: ["www.tng.example.jp"],
                validationMethod: "DNS",
                keyAlgorithm: "RSA_2048",
            });
            for (const [role, domain] of [
                ["apex", "tng.example.jp"],
                ["www", "www.tng.example.jp"],
            ]) {
                assert.deepStrictEqual(rec.get(T.record, `t-cert-validation-${role}`).inputs, {
                    zoneId: ZONE,
                    name: `_abc.${domain}.`,
                    type: "CNAME",
                    records: ["_xyz.acm-validations.aws."],
                    ttl: 300,
                    allowOverwrite: true,
                });
            }
            const validation = rec.get(T.certValidation, "t-cert-validation").inputs;
            assert.strictEqual(validation.region, "us-east-1");
            assert.strictEqual(
                validation.certificateArn,
                `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/t-cert`,
            );
            // Exactly the two validation records' FQDNs (whatever the mock computes for them).
            assert.deepStrictEqual(
                validation.validationRecordFqdns,
                ["apex", "www"].map(
                    (role) => rec.get(T.record, `t-cert-validation-${role}`).outputs.fqdn ?? null,
                ),
            );
        });

        it("points A and AAAA aliases of both names at the distribution", () => {
            for (const [role, name] of [
                ["apex", "tng.example.jp"],
                ["www", "www.tng.example.jp"],
            ]) {
                for (const type of ["A", "AAAA"]) {
                    assert.deepStrictEqual(
                        rec.get(T.record, `t-alias-${role}-${type.toLowerCase()}`).inputs,
                        {
                            zoneId: ZONE,
                            name,
                            type,
                            aliases: [
                                {
                                    name: "d111111abcdef8.cloudfront.net",
                                    zoneId: "Z2FDTNDATAQYW2",
                                    evaluateTargetHealth: false,
                                },
                            ],
                        },
                    );
                }
            }
        });

        it("delivers standard logs (v2, from us-east-1) to the log bucket's cloudfront/ prefix", () => {
            assert.deepStrictEqual(
                rec.get("aws:cloudwatch/logDeliverySource:LogDeliverySource", "t-log-source")
                    .inputs,
                { region: "us-east-1", logType: "ACCESS_LOGS", resourceArn: DIST_ARN },
            );
            assert.deepStrictEqual(
                rec.get(
                    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
                    "t-log-destination",
                ).inputs,
                {
                    region: "us-east-1",
                    outputFormat: "w3c",
                    deliveryDestinationConfiguration: {
                        destinationResourceArn: `arn:aws:s3:::${LOG_BUCKET}/cloudfront`,
                    },
                },
            );
            assert.deepStrictEqual(
                rec.get("aws:cloudwatch/logDelivery:LogDelivery", "t-log-delivery").inputs,
                {
                    region: "us-east-1",
                    deliverySourceName: "t-log-source",
                    deliveryDestinationArn: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:cloudwatch/t-log-destination`,
                    s3DeliveryConfigurations: [
                        {
                            suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}",
                            enableHiveCompatiblePath: false,
                        },
                    ],
                },
            );
        });

        it("exposes the distribution, web ACL and bucket", async () => {
            assert.strictEqual(await unwrap(edge.distributionId), DIST_ID);
            assert.strictEqual(await unwrap(edge.distributionArn), DIST_ARN);
            assert.strictEqual(
                await unwrap(edge.distributionDomainName),
                "d111111abcdef8.cloudfront.net",
            );
            assert.strictEqual(await unwrap(edge.webAclArn), WAF_ARN);
            assert.strictEqual(await unwrap(edge.assetsBucketName), ASSETS_BUCKET);
            assert.strictEqual(await unwrap(edge.assetsBucketArn), ASSETS_ARN);
            assert.deepStrictEqual(
                Object.keys(rec.get("tng:edge:EdgeDistribution", "t").outputs).sort(),
                [
                    "assetsBucketArn",
                    "assetsBucketName",
                    "distributionArn",
                    "distributionDomainName",
                    "distributionId",
                    "webAclArn",
                ],
            );
        });
    });

    describe("dev shape: given certificate, no hosted zone, browser uploads", () => {
        let rec: ResourceRecorder;
        before(async () => {
            ({ recorder: rec } = await record(
                () =>
                    new EdgeDistribution(
                        "t",
                        args({
                            hostedZoneId: undefined,
                            certificateArn: GIVEN_CERT,
                            priceClass: "PriceClass_100",
                            allowBrowserUploads: true,
                        }),
                    ),
            ));
        });

        it("uses the given certificate and creates no certificate or DNS records", () => {
            const dist = rec.get(T.distribution, "t-cdn").inputs;
            assert.deepStrictEqual(dist.viewerCertificate, {
                acmCertificateArn: GIVEN_CERT,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
            });
            assert.strictEqual(dist.priceClass, "PriceClass_100");
            assert.strictEqual(rec.ofType(T.cert).length, 0);
            assert.strictEqual(rec.ofType(T.certValidation).length, 0);
            assert.strictEqual(rec.ofType(T.record).length, 0);
        });

        it("adds a PUT/POST CORS rule for the site's origins", () => {
            assert.deepStrictEqual(rec.get(T.cors, "t-assets-cors").inputs.corsRules, [
                {
                    id: "site-read",
                    allowedOrigins: ["https://tng.example.jp", "https://www.tng.example.jp"],
                    allowedMethods: ["GET", "HEAD"],
                    exposeHeaders: ["ETag"],
                    maxAgeSeconds: 3000,
                },
                {
                    id: "site-upload",
                    allowedOrigins: ["https://tng.example.jp", "https://www.tng.example.jp"],
                    allowedMethods: ["PUT", "POST"],
                    allowedHeaders: ["Content-Type", "Content-MD5", "Content-Disposition"],
                    exposeHeaders: ["ETag"],
                    maxAgeSeconds: 3000,
                },
            ]);
        });
    });

    describe("given certificate and a hosted zone", () => {
        let rec: ResourceRecorder;
        before(async () => {
            ({ recorder: rec } = await record(
                () => new EdgeDistribution("t", args({ certificateArn: GIVEN_CERT })),
            ));
        });

        it("uses the given certificate and still creates the four alias records", () => {
            assert.strictEqual(
                (
                    rec.get(T.distribution, "t-cdn").inputs.viewerCertificate as Record<
                        string,
                        unknown
                    >
                ).acmCertificateArn,
                GIVEN_CERT,
            );
            assert.strictEqual(rec.ofType(T.cert).length, 0);
            assert.deepStrictEqual(
                rec
                    .ofType(T.record)
                    .map((r) => r.name)
                    .sort(),
                ["t-alias-apex-a", "t-alias-apex-aaaa", "t-alias-www-a", "t-alias-www-aaaa"],
            );
        });
    });

    describe("pure helpers", () => {
        it("turns caching fully off for a TTL of 0 (CloudFront rejects cache-key settings then)", () => {
            const plan = cachePolicyPlan({ html: 0, assets: 0, images: 0, feeds: 60 });
            assert.deepStrictEqual(plan.static, {
                minTtl: 0,
                defaultTtl: 0,
                maxTtl: 0,
                queryStrings: "none",
            });
            assert.deepStrictEqual(cacheKeyParameters(plan.images), {
                cookiesConfig: { cookieBehavior: "none" },
                headersConfig: { headerBehavior: "none" },
                queryStringsConfig: { queryStringBehavior: "none" },
                enableAcceptEncodingGzip: false,
                enableAcceptEncodingBrotli: false,
            });
            // Pages still allow the origin up to a year, so their key stays on.
            assert.strictEqual(cacheKeyParameters(plan.html).enableAcceptEncodingGzip, true);
        });

        it("never allows writes in CORS without allowBrowserUploads", () => {
            for (const rule of assetsCorsRules("a.example.jp", false)) {
                assert.deepStrictEqual(rule.allowedMethods, ["GET", "HEAD"]);
            }
        });

        it("scopes KMS use to S3 in the key's own region", () => {
            const statements = policyStatements(
                appAccessPolicy("arn:d", "arn:b", "arn:aws:kms:us-west-2:123456789012:key/x"),
            );
            assert.deepStrictEqual(statements[3].Condition, {
                StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
            });
        });
    });

    describe("validation", () => {
        for (const [what, over, expected] of [
            [
                "no certificate source",
                { hostedZoneId: undefined, certificateArn: undefined },
                "Set `certificateArn` (an ACM certificate in us-east-1) or `hostedZoneId` (to create and DNS-validate one): CloudFront needs a certificate for the site's names.",
            ],
            [
                "a certificate outside us-east-1",
                {
                    certificateArn: `arn:aws:acm:ap-northeast-1:${ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666`,
                },
                `\`certificateArn\` must be an ACM certificate ARN in us-east-1, the only region CloudFront takes certificates from (got "arn:aws:acm:ap-northeast-1:${ACCOUNT}:certificate/0a1b2c3d-1111-2222-3333-444455556666").`,
            ],
            [
                "a bad domain",
                { domainName: "TNG.example.jp" },
                '`domainName` must be a lower-case DNS name such as tng.example.jp (got "TNG.example.jp").',
            ],
            [
                "a negative TTL",
                { ttl: { html: -1, assets: ONE_YEAR, images: 86400, feeds: 3600 } },
                "`ttl.html` must be a whole number of seconds from 0 to 31536000 (got -1).",
            ],
            [
                "a TTL over a year",
                { ttl: { html: 0, assets: ONE_YEAR + 1, images: 86400, feeds: 3600 } },
                "`ttl.assets` must be a whole number of seconds from 0 to 31536000 (got 31536001).",
            ],
            [
                "a WAF rate limit under 10",
                { rateLimit: 5 },
                "`rateLimit` must be a whole number from 10 to 2000000000 (got 5).",
            ],
        ] as const) {
            it(`refuses ${what}`, () => {
                assert.deepStrictEqual(
                    validateEdgeArgs(args(over as Partial<EdgeDistributionArgs>)),
                    [expected],
                );
                assert.throws(
                    () => new EdgeDistribution("t", args(over as Partial<EdgeDistributionArgs>)),
                    { message: `EdgeDistribution t: ${expected}` },
                );
            });
        }

        it("reports every problem at once", () => {
            assert.throws(
                () =>
                    new EdgeDistribution(
                        "t",
                        args({
                            hostedZoneId: undefined,
                            rateLimit: 5,
                            rateLimitWindowSeconds: 30,
                        }),
                    ),
                new RegExp(
                    "^Error: EdgeDistribution t: Set `certificateArn` .* `rateLimit` must be a whole number from 10 to 2000000000 \\(got 5\\)\\. `rateLimitWindowSeconds` must be one of 60, 120, 300, 600 \\(got 30\\)\\.$",
                ),
            );
        });
    });
});
