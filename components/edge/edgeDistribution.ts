/**
 * EdgeDistribution: the site's front door. A CloudFront distribution in front of the internal ALB
 * (through a CloudFront VPC origin) and a private static-assets bucket (through Origin Access
 * Control), protected by a WAF web ACL, logging to the log bucket, with the cache plan below and
 * task-role permissions for the assets (no IAM-user access keys).
 *
 * Cache plan (every behaviour redirects HTTP to HTTPS and compresses):
 * - default (pages, ALB): cached only as the app's Cache-Control allows (Rails marks pages
 *   `private` unless told otherwise); all methods pass through, GET/HEAD are cached.
 * - `/assets/*`, `/packs/*` (S3): fingerprinted files, `ttl.assets` (a year by default).
 * - `/uploads/*` (S3, files the app writes with its task role) and image extensions served by
 *   the app (`*.jpg` ... `*.ico`, ALB): `ttl.images`.
 * - feeds `/feed`, `/feed.*`, `/feed/*`, `*.rss`, `*.atom` (ALB): `ttl.feeds`.
 * The assets, images and feeds policies cap what they keep at their TTL but never raise the
 * minimum above 0: a response the app marks `private`/`no-store` is never cached, because the
 * cache key ignores cookies and forcing such a response into the cache could serve one user's
 * page to another. The app must send `Cache-Control: public` for feeds and images it wants
 * cached (Rails: `expires_in 1.hour, public: true`).
 *
 * Requests to the ALB carry every viewer header, cookie and query string except Host (managed
 * policy AllViewerExceptHostHeader): CloudFront validates the origin's certificate against the
 * origin domain (`origin.<domainName>`), so the app sees that Host and must build its URLs from
 * its configured domain, not from the request's Host.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { certificateSourceOf, SITE_DOMAIN_NAME } from "../network/siteDomain";
import { LOG_PREFIXES } from "../storage/logBucket";
import { PolicyStatement, PrivateBucket } from "../storage/privateBucket";
import { EDGE_REGION, validateWebAclSettings, WebAcl } from "./webAcl";
import { ArgsError } from "../errors";
import { ONE_YEAR } from "../patterns";

/** One year in seconds: the longest TTL the plan uses (components/patterns.ts). */
export { ONE_YEAR };

/**
 * Managed CloudFront policy ids; constants, so no invoke is needed
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html).
 */
export const MANAGED_POLICIES = {
    /** Forwards all viewer headers, cookies and query strings except Host. */
    allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/** Origin ids inside the distribution. */
export const ORIGINS = { alb: "alb", assets: "assets" } as const;
export type OriginKey = keyof typeof ORIGINS;

/** The cache policies the behaviours use. */
export type CachePolicyKey = "html" | "static" | "images" | "feeds";

/** Methods pages accept (forms, Rails' PATCH/PUT/DELETE); only GET and HEAD are cached. */
export const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/** Methods of the file, image and feed behaviours, and the cached methods everywhere. */
export const READ_METHODS = ["GET", "HEAD"];

/** Cache TTLs in seconds. */
export interface EdgeTtls {
    /** Default TTL of pages (0: only what the origin's Cache-Control allows). */
    readonly html: number;
    /** TTL of `/assets/*` and `/packs/*`. */
    readonly assets: number;
    /** TTL of images (`/uploads/*` and image extensions). */
    readonly images: number;
    /** TTL of feeds. */
    readonly feeds: number;
}

/** One ordered cache behaviour of the plan. */
export interface BehaviorPlan {
    readonly pathPattern: string;
    readonly origin: OriginKey;
    readonly cachePolicy: Exclude<CachePolicyKey, "html">;
}

/** Image extensions the app serves itself (e.g. from public/ or generated thumbnails). */
export const IMAGE_PATTERNS = ["*.jpg", "*.jpeg", "*.png", "*.gif", "*.webp", "*.svg", "*.ico"];
/**
 * Feed URLs of the Rails app: `/feed`, `/feed.xml` or `/feed.atom`, anything under `/feed/`, and
 * `.rss`/`.atom` anywhere. Not `/feed*`: that also catches `/feedback` and the like, whose POSTs
 * the feed behaviour (GET/HEAD only) would answer with 403.
 */
export const FEED_PATTERNS = ["/feed", "/feed.*", "/feed/*", "*.rss", "*.atom"];

/**
 * The ordered behaviours, most specific first: CloudFront takes the first match, so
 * `/assets/logo.png` is a fingerprinted asset, not an app image.
 */
export const BEHAVIOR_PLAN: readonly BehaviorPlan[] = [
    { pathPattern: "/assets/*", origin: "assets", cachePolicy: "static" },
    { pathPattern: "/packs/*", origin: "assets", cachePolicy: "static" },
    { pathPattern: "/uploads/*", origin: "assets", cachePolicy: "images" },
    ...FEED_PATTERNS.map((p): BehaviorPlan => ({
        pathPattern: p,
        origin: "alb",
        cachePolicy: "feeds",
    })),
    ...IMAGE_PATTERNS.map((p): BehaviorPlan => ({
        pathPattern: p,
        origin: "alb",
        cachePolicy: "images",
    })),
];

/** TTLs and cache key of one cache policy. */
export interface CachePolicyPlan {
    readonly minTtl: number;
    readonly defaultTtl: number;
    readonly maxTtl: number;
    /** Query strings in the cache key: all (the app may vary by them) or none (files). */
    readonly queryStrings: "all" | "none";
}

/**
 * The cache policies from the TTL settings. Pages: the default TTL applies only when the origin
 * sends no Cache-Control, and the origin may allow up to a year. Files, images and feeds: the
 * setting is both the default and the cap. No policy has a minimum above 0 (see the header).
 */
export function cachePolicyPlan(ttl: EdgeTtls): Record<CachePolicyKey, CachePolicyPlan> {
    return {
        html: { minTtl: 0, defaultTtl: ttl.html, maxTtl: ONE_YEAR, queryStrings: "all" },
        // Fingerprints are in the file names; query strings would only split the cache.
        static: { minTtl: 0, defaultTtl: ttl.assets, maxTtl: ttl.assets, queryStrings: "none" },
        images: { minTtl: 0, defaultTtl: ttl.images, maxTtl: ttl.images, queryStrings: "all" },
        feeds: { minTtl: 0, defaultTtl: ttl.feeds, maxTtl: ttl.feeds, queryStrings: "all" },
    };
}

/**
 * A cache policy's key: no cookies or headers (the origin request policy still forwards them),
 * compressed variants cached separately. With a max TTL of 0 CloudFront caches nothing and
 * rejects any cache-key setting, so everything is off.
 */
export function cacheKeyParameters(
    plan: CachePolicyPlan,
): aws.types.input.cloudfront.CachePolicyParametersInCacheKeyAndForwardedToOrigin {
    const caching = plan.maxTtl > 0;
    return {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: caching ? plan.queryStrings : "none" },
        enableAcceptEncodingGzip: caching,
        enableAcceptEncodingBrotli: caching,
    };
}

/** CORS of the assets bucket: the site's two origins read; they write only if uploads are on. */
export function assetsCorsRules(
    domainName: string,
    allowBrowserUploads: boolean,
): aws.types.input.s3.BucketCorsConfigurationCorsRule[] {
    const allowedOrigins = [`https://${domainName}`, `https://www.${domainName}`];
    const rules: aws.types.input.s3.BucketCorsConfigurationCorsRule[] = [
        {
            id: "site-read",
            allowedOrigins,
            allowedMethods: ["GET", "HEAD"],
            exposeHeaders: ["ETag"],
            maxAgeSeconds: 3000,
        },
    ];
    if (allowBrowserUploads) {
        rules.push({
            id: "site-upload",
            allowedOrigins,
            allowedMethods: ["PUT", "POST"],
            // What direct uploads send (e.g. Active Storage): type, checksum, disposition.
            allowedHeaders: ["Content-Type", "Content-MD5", "Content-Disposition"],
            exposeHeaders: ["ETag"],
            maxAgeSeconds: 3000,
        });
    }
    return rules;
}

/** The bucket-policy grant of Origin Access Control: only this distribution may read objects. */
export function oacReadStatement(distributionArn: string): PolicyStatement {
    return {
        Sid: "CloudFrontOacRead",
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: "{{bucketArn}}/*",
        Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
    };
}

/**
 * The app's permissions: invalidate this distribution, read and write the assets bucket (instead
 * of IAM-user access keys), and use the stack key for SSE-KMS only through S3.
 */
export function appAccessPolicy(
    distributionArn: string,
    bucketArn: string,
    kmsKeyArn: string,
): string {
    const keyRegion = kmsKeyArn.split(":")[3];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "InvalidateThisDistribution",
                Effect: "Allow",
                Action: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"],
                Resource: distributionArn,
            },
            {
                Sid: "AssetObjects",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: `${bucketArn}/*`,
            },
            {
                Sid: "AssetListing",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: bucketArn,
            },
            {
                Sid: "AssetEncryption",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": `s3.${keyRegion}.amazonaws.com` } },
            },
        ],
    });
}

/** Inputs of {@link EdgeDistribution}; index.ts maps them from `settings.edge` and the components. */
export interface EdgeDistributionArgs {
    /** Site domain; the distribution serves it and `www.<domainName>`. */
    readonly domainName: string;
    /**
     * Route 53 zone of `domainName`: alias records for both names, and the certificate when
     * `certificateArn` is not given. Defaults to none (DNS managed elsewhere).
     */
    readonly hostedZoneId?: string;
    /**
     * ACM certificate in us-east-1 covering both names. Defaults to a DNS-validated certificate
     * created in `hostedZoneId`; one of the two is required.
     */
    readonly certificateArn?: string;
    /** CloudFront price class; PriceClass_100 has no edge locations in Japan or Asia. */
    readonly priceClass: "PriceClass_All" | "PriceClass_200" | "PriceClass_100";
    /** Highest HTTP version viewers may use. Defaults to http2and3 (HTTP/3 over QUIC as well). */
    readonly httpVersion?: "http1.1" | "http2" | "http2and3" | "http3";
    /** WAF: requests one IP may send per window before it is blocked. */
    readonly rateLimit: number;
    /** WAF: rate window in seconds (60, 120, 300 or 600). */
    readonly rateLimitWindowSeconds: number;
    /** Cache TTLs in seconds (0 to one year each). */
    readonly ttl: EdgeTtls;
    /** Allow PUT/POST from the site's origins in the assets bucket's CORS (direct uploads). */
    readonly allowBrowserUploads: boolean;
    /** Path prefixes where WAF lets request bodies exceed 8 KB. Defaults to none. */
    readonly uploadPaths?: readonly string[];
    /** ARN of the internal ALB (the VPC origin). */
    readonly albArn: pulumi.Input<string>;
    /** The name on the ALB certificate (`origin.<domainName>`): CloudFront's origin domain. */
    readonly originDomainName: pulumi.Input<string>;
    /** The log bucket: S3 access logs of the assets bucket, CloudFront standard logs. */
    readonly logBucketName: pulumi.Input<string>;
    /** ARN of the same log bucket (the standard-logging destination). */
    readonly logBucketArn: pulumi.Input<string>;
    /** The stack KMS key: SSE-KMS of the assets bucket. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** The app's task role: gets the assets and invalidation permissions. */
    readonly taskRoleName: pulumi.Input<string>;
    /** Account id, to confine the WAF log key and log-delivery grants to this account. */
    readonly accountId: pulumi.Input<string>;
    /** Retention of the WAF log group in days. */
    readonly logRetentionDays: number;
    /** Pulumi `protect` on the assets bucket and the WAF logs (and their key). Defaults to false. */
    readonly protectData?: boolean;
}

/** An ACM certificate ARN in us-east-1, the only region CloudFront takes certificates from. */
export const US_EAST_1_CERTIFICATE_ARN =
    /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

/** Checks the plain args; returns every problem. */
export function validateEdgeArgs(args: EdgeDistributionArgs): string[] {
    const problems: string[] = [];
    if (!SITE_DOMAIN_NAME.test(args.domainName)) {
        problems.push(
            `\`domainName\` must be a lower-case DNS name such as tng.example.jp (got ${JSON.stringify(args.domainName)}).`,
        );
    }
    if (certificateSourceOf(args.certificateArn, args.hostedZoneId) === undefined) {
        problems.push(
            "Set `certificateArn` (an ACM certificate in us-east-1) or `hostedZoneId` (to create and DNS-validate one): CloudFront needs a certificate for the site's names.",
        );
    }
    if (args.certificateArn !== undefined && !US_EAST_1_CERTIFICATE_ARN.test(args.certificateArn)) {
        problems.push(
            `\`certificateArn\` must be an ACM certificate ARN in us-east-1, the only region CloudFront takes certificates from (got ${JSON.stringify(args.certificateArn)}).`,
        );
    }
    for (const [key, value] of Object.entries(args.ttl)) {
        if (!Number.isInteger(value) || value < 0 || value > ONE_YEAR) {
            problems.push(
                `\`ttl.${key}\` must be a whole number of seconds from 0 to ${ONE_YEAR} (got ${value}).`,
            );
        }
    }
    problems.push(
        ...validateWebAclSettings({
            rateLimit: args.rateLimit,
            rateLimitWindowSeconds: args.rateLimitWindowSeconds,
            uploadPaths: args.uploadPaths ?? [],
        }),
    );
    return problems;
}

/** CloudFront + WAF + static-assets bucket + the app's edge permissions (see the file header). */
export class EdgeDistribution extends pulumi.ComponentResource {
    /** Distribution id (invalidations, TNG_CLOUDFRONT_DISTRIBUTION_ID). */
    public readonly distributionId: pulumi.Output<string>;
    /** Distribution ARN (the scope of the app's invalidation permission). */
    public readonly distributionArn: pulumi.Output<string>;
    /** The `*.cloudfront.net` name (the alias target). */
    public readonly distributionDomainName: pulumi.Output<string>;
    /** The WAF web ACL (us-east-1). */
    public readonly webAclArn: pulumi.Output<string>;
    /** The web ACL's CloudWatch metric name and its rules' (dashboard dimensions). */
    public readonly webAclMetricName: string;
    public readonly webAclRuleMetricNames: readonly string[];
    /** The static-assets bucket (the app uploads here with its task role). */
    public readonly assetsBucketName: pulumi.Output<string>;
    public readonly assetsBucketArn: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Domain, certificate, cache, WAF and the resources the edge connects.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: EdgeDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:edge:EdgeDistribution", name, {}, opts);
        const problems = validateEdgeArgs(args);
        if (problems.length > 0) {
            throw new ArgsError(`EdgeDistribution ${name}: ${problems.join(" ")}`);
        }
        const parent = { parent: this };
        const names = { apex: args.domainName, www: `www.${args.domainName}` };

        const waf = new WebAcl(
            `${name}-waf`,
            {
                rateLimit: args.rateLimit,
                rateLimitWindowSeconds: args.rateLimitWindowSeconds,
                uploadPaths: args.uploadPaths ?? [],
                logRetentionDays: args.logRetentionDays,
                accountId: args.accountId,
                protect: args.protectData,
            },
            parent,
        );

        // The bucket policy needs the distribution's ARN and the distribution needs the bucket's
        // domain name: a deferred ARN feeds only the policy child, resolved once the
        // distribution exists (and carrying it as a dependency).
        const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
        const assets = new PrivateBucket(
            `${name}-assets`,
            {
                encryption: "kms",
                kmsKeyArn: args.kmsKeyArn,
                versioning: true,
                accessLogs: {
                    bucket: args.logBucketName,
                    prefix: `${LOG_PREFIXES.s3AccessLogs}assets/`,
                },
                corsRules: assetsCorsRules(args.domainName, args.allowBrowserUploads),
                statements: distributionArn.apply((arn) => [oacReadStatement(arn)]),
                protect: args.protectData,
            },
            parent,
        );

        const oac = new aws.cloudfront.OriginAccessControl(
            `${name}-oac`,
            {
                description: `${name}: CloudFront reads the assets bucket`,
                originAccessControlOriginType: "s3",
                signingBehavior: "always",
                signingProtocol: "sigv4",
            },
            parent,
        );
        const vpcOrigin = new aws.cloudfront.VpcOrigin(
            `${name}-alb-origin`,
            {
                vpcOriginEndpointConfig: {
                    name: `${name}-alb`,
                    arn: args.albArn,
                    httpPort: 80,
                    httpsPort: 443,
                    originProtocolPolicy: "https-only",
                    originSslProtocols: { items: ["TLSv1.2"], quantity: 1 },
                },
            },
            parent,
        );

        const plans = cachePolicyPlan(args.ttl);
        const cachePolicies = Object.fromEntries(
            (Object.keys(plans) as CachePolicyKey[]).map((key) => [
                key,
                new aws.cloudfront.CachePolicy(
                    `${name}-cache-${key}`,
                    {
                        comment: `${name}: ${key}`,
                        minTtl: plans[key].minTtl,
                        defaultTtl: plans[key].defaultTtl,
                        maxTtl: plans[key].maxTtl,
                        parametersInCacheKeyAndForwardedToOrigin: cacheKeyParameters(plans[key]),
                    },
                    parent,
                ),
            ]),
        ) as Record<CachePolicyKey, aws.cloudfront.CachePolicy>;

        // Own policy rather than the managed SecurityHeadersPolicy: HSTS must override whatever
        // the app sends, and the app may still tighten frame and referrer options.
        const headers = new aws.cloudfront.ResponseHeadersPolicy(
            `${name}-security-headers`,
            {
                comment: `${name}: security headers`,
                securityHeadersConfig: {
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
            },
            parent,
        );

        const certificateArn = this.certificate(name, args, names);

        const behavior = (b: BehaviorPlan) => ({
            pathPattern: b.pathPattern,
            targetOriginId: ORIGINS[b.origin],
            viewerProtocolPolicy: "redirect-to-https",
            compress: true,
            allowedMethods: READ_METHODS,
            cachedMethods: READ_METHODS,
            cachePolicyId: cachePolicies[b.cachePolicy].id,
            ...(b.origin === "alb"
                ? { originRequestPolicyId: MANAGED_POLICIES.allViewerExceptHostHeader }
                : {}),
            responseHeadersPolicyId: headers.id,
        });

        const distribution = new aws.cloudfront.Distribution(
            `${name}-cdn`,
            {
                enabled: true,
                comment: name,
                aliases: [names.apex, names.www],
                priceClass: args.priceClass,
                httpVersion: args.httpVersion ?? "http2and3",
                isIpv6Enabled: true,
                webAclId: waf.arn,
                origins: [
                    {
                        originId: ORIGINS.alb,
                        domainName: args.originDomainName,
                        vpcOriginConfig: { vpcOriginId: vpcOrigin.id },
                    },
                    {
                        originId: ORIGINS.assets,
                        domainName: assets.regionalDomainName,
                        originAccessControlId: oac.id,
                    },
                ],
                defaultCacheBehavior: {
                    targetOriginId: ORIGINS.alb,
                    viewerProtocolPolicy: "redirect-to-https",
                    compress: true,
                    allowedMethods: ALL_METHODS,
                    cachedMethods: READ_METHODS,
                    cachePolicyId: cachePolicies.html.id,
                    originRequestPolicyId: MANAGED_POLICIES.allViewerExceptHostHeader,
                    responseHeadersPolicyId: headers.id,
                },
                orderedCacheBehaviors: BEHAVIOR_PLAN.map(behavior),
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: {
                    acmCertificateArn: certificateArn,
                    sslSupportMethod: "sni-only",
                    minimumProtocolVersion: "TLSv1.2_2021",
                },
            },
            parent,
        );
        resolveDistributionArn(distribution.arn);

        // Standard logging v2 (CloudWatch Logs delivery): the legacy kind needs bucket ACLs,
        // which the owner-enforced log bucket turns off. The delivery source must be in us-east-1.
        const source = new aws.cloudwatch.LogDeliverySource(
            `${name}-log-source`,
            { region: EDGE_REGION, logType: "ACCESS_LOGS", resourceArn: distribution.arn },
            parent,
        );
        const destination = new aws.cloudwatch.LogDeliveryDestination(
            `${name}-log-destination`,
            {
                region: EDGE_REGION,
                outputFormat: "w3c",
                deliveryDestinationConfiguration: {
                    destinationResourceArn: pulumi.interpolate`${args.logBucketArn}/${LOG_PREFIXES.cloudfront.replace(/\/$/, "")}`,
                },
            },
            parent,
        );
        new aws.cloudwatch.LogDelivery(
            `${name}-log-delivery`,
            {
                region: EDGE_REGION,
                deliverySourceName: source.name,
                deliveryDestinationArn: destination.arn,
                s3DeliveryConfigurations: [
                    {
                        suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}",
                        enableHiveCompatiblePath: false,
                    },
                ],
            },
            parent,
        );

        if (args.hostedZoneId !== undefined) {
            for (const [role, recordName] of Object.entries(names)) {
                for (const type of ["A", "AAAA"]) {
                    new aws.route53.Record(
                        `${name}-alias-${role}-${type.toLowerCase()}`,
                        {
                            zoneId: args.hostedZoneId,
                            name: recordName,
                            type,
                            aliases: [
                                {
                                    name: distribution.domainName,
                                    zoneId: distribution.hostedZoneId,
                                    evaluateTargetHealth: false,
                                },
                            ],
                        },
                        parent,
                    );
                }
            }
        }

        new aws.iam.RolePolicy(
            `${name}-app-access`,
            {
                role: args.taskRoleName,
                policy: pulumi
                    .all([distribution.arn, assets.arn, args.kmsKeyArn])
                    .apply(([d, b, k]) => appAccessPolicy(d, b, k)),
            },
            parent,
        );

        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.distributionDomainName = distribution.domainName;
        this.webAclArn = waf.arn;
        this.webAclMetricName = waf.metricName;
        this.webAclRuleMetricNames = waf.ruleMetricNames;
        this.assetsBucketName = assets.bucketName;
        this.assetsBucketArn = assets.arn;
        this.registerOutputs({
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            distributionDomainName: this.distributionDomainName,
            webAclArn: this.webAclArn,
            assetsBucketName: this.assetsBucketName,
            assetsBucketArn: this.assetsBucketArn,
        });
    }

    /** The viewer certificate: the given one, or a DNS-validated one in us-east-1. */
    private certificate(
        name: string,
        args: EdgeDistributionArgs,
        names: { apex: string; www: string },
    ): pulumi.Input<string> {
        if (args.certificateArn !== undefined) {
            return args.certificateArn;
        }
        const zoneId = args.hostedZoneId as string; // validated: one of the two is set
        const cert = new aws.acm.Certificate(
            `${name}-cert`,
            {
                region: EDGE_REGION,
                domainName: names.apex,
                subjectAlternativeNames: [names.www],
                validationMethod: "DNS",
                keyAlgorithm: "RSA_2048",
            },
            { parent: this },
        );
        const records = Object.entries(names).map(([role, domain]) => {
            const option = cert.domainValidationOptions.apply((opts) => {
                const found = opts.find((o) => o.domainName === domain);
                if (!found) {
                    throw new pulumi.ResourceError(
                        `ACM returned no DNS validation record for ${domain}`,
                        this,
                    );
                }
                return found;
            });
            return new aws.route53.Record(
                `${name}-cert-validation-${role}`,
                {
                    zoneId,
                    name: option.resourceRecordName,
                    type: option.resourceRecordType,
                    records: [option.resourceRecordValue],
                    ttl: 300,
                    allowOverwrite: true,
                },
                { parent: this },
            );
        });
        const validation = new aws.acm.CertificateValidation(
            `${name}-cert-validation`,
            {
                region: EDGE_REGION,
                certificateArn: cert.arn,
                validationRecordFqdns: records.map((r) => r.fqdn),
            },
            { parent: this },
        );
        return validation.certificateArn;
    }
}
