/**
 * The price table: on-demand USD list prices for what the stacks run, each with the public page it
 * comes from and the date it was read. Data, not logic: `estimate.ts` looks entries up by id.
 *
 * `verified` is true only where the figure was confirmed from AWS's own text (an AWS page, an
 * AWS-published estimate built from the AWS Price List API, or an AWS bill line; the `note` says
 * which); false where only third-party copies or another region's rate were found (the `note`
 * says which). The output marks unverified lines; check them on the AWS pricing page (or the AWS
 * Pricing Calculator) before relying on the total.
 *
 * Monthly figures use 730 hours per month, as AWS's pricing pages and calculator do.
 */

/** Hours in a month, as AWS's pricing examples count them (24 × 365 / 12). */
export const HOURS_PER_MONTH = 730;

/** The region the stacks deploy to (the provider default); resources may set `region`. */
export const HOME_REGION = "ap-northeast-1";

/** One price: `usd` per `unit`. */
export interface Price {
    readonly usd: number;
    readonly unit: string;
    /** What is charged, as the pricing page words it. */
    readonly what: string;
    readonly source: string;
    /** The date the figure was read (YYYY-MM-DD). */
    readonly read: string;
    readonly verified: boolean;
    readonly note?: string;
}

const READ = "2026-12-07";
const P = {
    fargate: "https://aws.amazon.com/fargate/pricing/",
    rds: "https://aws.amazon.com/rds/postgresql/pricing/",
    elasticache: "https://aws.amazon.com/elasticache/pricing/",
    cloudsearch: "https://aws.amazon.com/cloudsearch/pricing/",
    vpc: "https://aws.amazon.com/vpc/pricing/",
    privatelink: "https://aws.amazon.com/privatelink/pricing/",
    elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
    cloudfront: "https://aws.amazon.com/cloudfront/pricing/",
    waf: "https://aws.amazon.com/waf/pricing/",
    kms: "https://aws.amazon.com/kms/pricing/",
    secrets: "https://aws.amazon.com/secrets-manager/pricing/",
    cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
    cloudtrail: "https://aws.amazon.com/cloudtrail/pricing/",
    guardduty: "https://aws.amazon.com/guardduty/pricing/",
    securityhub: "https://aws.amazon.com/security-hub/pricing/",
    config: "https://aws.amazon.com/config/pricing/",
    s3: "https://aws.amazon.com/s3/pricing/",
    ecr: "https://aws.amazon.com/ecr/pricing/",
    sfn: "https://aws.amazon.com/step-functions/pricing/",
    eventbridge: "https://aws.amazon.com/eventbridge/pricing/",
    sns: "https://aws.amazon.com/sns/pricing/",
} as const;

/** No source read on the `read` date confirmed the figure: it must be checked before use. */
const UNCONFIRMED =
    "NOT CONFIRMED: no source read on this date gives this figure for this region; check the AWS page";
const AWS_SAMPLE =
    "matches AWS's own ap-northeast-1 estimate (github.com/aws-samples/sample-ai-persona docs/cost_estimation.md: AWS Price List API, read 2026-09-11)";
const US_EAST_RATE = "Tokyo rate not found; the us-east-1 rate (third-party copies) is used";
/** RDS instance rates: what the search of 2026-12-07 found (and did not find). */
const RDS_T3 =
    "NOT CONFIRMED for PostgreSQL in Tokyo: the only copies found (third-party static tables) give the same Tokyo t3 rates without naming the engine; in us-east-1 PostgreSQL's t3 rates are a little above MySQL's (db.t3.micro 0.018 vs 0.017), so this may understate; check the AWS page";
/** Third-party Tokyo copy of the RDS Extended Support rates (it quotes the AWS pricing page). */
const EXTENDED_TOKYO =
    'qiita.com/taro30/items/4fcf241513842bb3f13e, reading the AWS pricing page: "アジアパシフィック (東京) 1 年目と 2 年目の料金(vCPU 時間あたり):0.120 USD" (us-east-1 is $0.100)';
const KMS_PAGE =
    'AWS KMS pricing page (aws.amazon.com/kms/pricing/, "Key Storage"): "Each AWS KMS key that you create in KMS costs $1/month", stated for every key, no Region rate';
const KMS_REQUESTS =
    "third-party copies (wring.co/blog/aws-kms-pricing-guide, cloudburn.io/blog/aws-kms-pricing) give $0.03 per 10,000 requests; the AWS page's request table was not readable here";
const SECRETS =
    "third-party transcription of aws.amazon.com/secrets-manager/pricing/ (api-evangelist/amazon-secrets-manager plans/amazon-secrets-manager-plans-pricing.yml, read 2026-09-20) finds $0.40 per secret-month and $0.05 per 10,000 API calls verbatim in the page's examples; no Region is named";

function price(
    usd: number,
    unit: string,
    what: string,
    source: string,
    verified: boolean,
    note?: string,
): Price {
    return { usd, unit, what, source, read: READ, verified, ...(note ? { note } : {}) };
}

/**
 * Prices by id: `<service>.<item>@<region>` (`global` for CloudFront and WAF on CloudFront,
 * whose prices do not depend on a region). Instance and node classes carry the class in the item.
 */
export const PRICES: Readonly<Record<string, Price>> = {
    // Fargate, Linux/x86, on-demand.
    "fargate.vcpu@ap-northeast-1": price(
        0.05056,
        "vCPU-hour",
        "Fargate vCPU",
        P.fargate,
        true,
        `${AWS_SAMPLE}: 1 vCPU + 4 GB all month = $53.1 (the stored Japanese page shows the pre-2019 0.0632)`,
    ),
    "fargate.gb@ap-northeast-1": price(
        0.00553,
        "GB-hour",
        "Fargate memory",
        P.fargate,
        true,
        `${AWS_SAMPLE}: 1 vCPU + 4 GB all month = $53.1 (the stored Japanese page shows the pre-2019 0.0158)`,
    ),

    // RDS for PostgreSQL, Single-AZ instance-hours (Multi-AZ bills the standby too: ×2).
    "rds.db.t3.micro@ap-northeast-1": price(
        0.026,
        "instance-hour",
        "db.t3.micro PostgreSQL Single-AZ",
        P.rds,
        false,
        RDS_T3,
    ),
    "rds.db.t3.small@ap-northeast-1": price(
        0.052,
        "instance-hour",
        "db.t3.small PostgreSQL Single-AZ",
        P.rds,
        false,
        RDS_T3,
    ),
    "rds.db.t3.medium@ap-northeast-1": price(
        0.104,
        "instance-hour",
        "db.t3.medium PostgreSQL Single-AZ",
        P.rds,
        false,
        RDS_T3,
    ),
    "rds.db.t3.large@ap-northeast-1": price(
        0.208,
        "instance-hour",
        "db.t3.large PostgreSQL Single-AZ",
        P.rds,
        false,
        RDS_T3,
    ),
    "rds.db.t3.xlarge@ap-northeast-1": price(
        0.416,
        "instance-hour",
        "db.t3.xlarge PostgreSQL Single-AZ",
        P.rds,
        false,
        RDS_T3,
    ),
    "rds.db.t3.2xlarge@ap-northeast-1": price(
        0.832,
        "instance-hour",
        "db.t3.2xlarge PostgreSQL Single-AZ",
        P.rds,
        false,
        RDS_T3,
    ),
    "rds.gp3@ap-northeast-1": price(
        0.138,
        "GB-month",
        "gp3 storage (Single-AZ)",
        P.rds,
        false,
        UNCONFIRMED,
    ),
    "rds.backup@ap-northeast-1": price(
        0.095,
        "GB-month",
        "backup storage beyond 100% of provisioned storage",
        P.rds,
        false,
        `${US_EAST_RATE}: about $0.095 per GB-month (usage.ai RDS pricing guide)`,
    ),
    // RDS Extended Support, per vCPU-hour, charged on Multi-AZ standbys too
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html).
    "rds.extended.y1y2@ap-northeast-1": price(
        0.12,
        "vCPU-hour",
        "RDS Extended Support, years 1-2",
        P.rds,
        false,
        `Tokyo rate from a third-party copy: ${EXTENDED_TOKYO}; not read on AWS's own text`,
    ),
    "rds.extended.y3@ap-northeast-1": price(
        0.24,
        "vCPU-hour",
        "RDS Extended Support, year 3",
        P.rds,
        false,
        "NOT CONFIRMED: no Tokyo year-3 figure was found; derived as twice the Tokyo years 1-2 rate (0.120, see rds.extended.y1y2), as the us-east-1 rates double (0.100 to 0.200, third-party copies); check the AWS page",
    ),

    // ElastiCache node-hours (Memcached and Redis OSS are priced alike) and serverless.
    "elasticache.cache.t3.micro@ap-northeast-1": price(
        0.026,
        "node-hour",
        "cache.t3.micro node",
        P.elasticache,
        false,
        UNCONFIRMED,
    ),
    "elasticache.cache.t3.small@ap-northeast-1": price(
        0.052,
        "node-hour",
        "cache.t3.small node",
        P.elasticache,
        false,
        UNCONFIRMED,
    ),
    "elasticache.cache.t3.medium@ap-northeast-1": price(
        0.104,
        "node-hour",
        "cache.t3.medium node",
        P.elasticache,
        false,
        UNCONFIRMED,
    ),
    "elasticache.cache.r5.large@ap-northeast-1": price(
        0.274,
        "node-hour",
        "cache.r5.large node",
        P.elasticache,
        false,
        UNCONFIRMED,
    ),
    "elasticache.serverless.gb@ap-northeast-1": price(
        0.125,
        "GB-hour",
        "ElastiCache Serverless data stored (Memcached; at least 1 GB metered)",
        P.elasticache,
        false,
        US_EAST_RATE,
    ),
    "elasticache.serverless.ecpu@ap-northeast-1": price(
        0.0034,
        "million ECPUs",
        "ElastiCache Serverless ECPUs",
        P.elasticache,
        false,
        US_EAST_RATE,
    ),

    "cloudsearch.search.small@ap-northeast-1": price(
        0.076,
        "instance-hour",
        "search.small instance",
        P.cloudsearch,
        false,
        UNCONFIRMED,
    ),

    // Networking.
    "nat.hour@ap-northeast-1": price(
        0.062,
        "gateway-hour",
        "NAT gateway",
        P.vpc,
        true,
        `${AWS_SAMPLE}: $0.062 an hour, $45.3 a month`,
    ),
    "nat.gb@ap-northeast-1": price(
        0.062,
        "GB",
        "NAT gateway data processed",
        P.vpc,
        false,
        "third-party copy of the Tokyo rate: dev.classmethod.jp/articles/reduce-unnecessary-costs-for-nat-gateway/ ($0.062/GB, Tokyo prices); AWS's own text not found",
    ),
    "ipv4.hour@ap-northeast-1": price(
        0.005,
        "IP-hour",
        "public IPv4 address (Elastic IP, in use or idle)",
        P.vpc,
        false,
        UNCONFIRMED,
    ),
    "endpoint.hour@ap-northeast-1": price(
        0.014,
        "endpoint-AZ-hour",
        "interface endpoint, per AZ",
        P.privatelink,
        false,
        UNCONFIRMED,
    ),
    "endpoint.gb@ap-northeast-1": price(
        0.01,
        "GB",
        "interface endpoint data processed (first PB)",
        P.privatelink,
        false,
        "a mirror of the AWS PrivateLink pricing page gives $0.01 per GB for the first PB in a Region",
    ),
    "alb.hour@ap-northeast-1": price(
        0.0243,
        "ALB-hour",
        "Application Load Balancer",
        P.elb,
        true,
        `${AWS_SAMPLE}: $17.7 a month`,
    ),
    "alb.lcu@ap-northeast-1": price(
        0.008,
        "LCU-hour",
        "Application Load Balancer capacity units",
        P.elb,
        false,
        "third-party copy of the Tokyo rates: aws.darcy-it.com (ELBのコスト料金: ALB 0.0243 USD an hour, the verified Tokyo hourly rate, and 0.008 USD per LCU-hour); AWS's own text not found",
    ),

    // CloudFront (Japan edge prices; PriceClass_200 includes Japan) and WAF on CloudFront.
    "cloudfront.gb@global": price(
        0.114,
        "GB",
        "data transfer out to the internet, Japan, first 10 TB",
        P.cloudfront,
        true,
        "read on the AWS page snapshot (Japan column)",
    ),
    "cloudfront.https@global": price(
        1.2,
        "million HTTPS requests",
        "HTTPS requests, Japan ($0.0120 per 10,000)",
        P.cloudfront,
        false,
        UNCONFIRMED,
    ),
    "cloudfront.invalidation@global": price(
        0.005,
        "path",
        "invalidation paths beyond the free 1,000 a month",
        P.cloudfront,
        false,
        "AWS's rate quoted by opennext.js.org's docs",
    ),
    "cloudfront.metrics@global": price(
        2.4,
        "distribution-month",
        "additional CloudFront metrics (8 metrics at the custom-metric rate)",
        P.cloudwatch,
        false,
        "charged as CloudWatch custom metrics; the 8-metric count is not re-read here",
    ),
    "waf.acl@global": price(
        5,
        "web ACL-month",
        "WAF web ACL",
        P.waf,
        true,
        "AWS Networking blog on cost-effective WAF; same in all regions",
    ),
    "waf.rule@global": price(
        1,
        "rule-month",
        "WAF rule (a managed rule group counts as one)",
        P.waf,
        true,
        "AWS Networking blog on cost-effective WAF",
    ),
    "waf.requests@global": price(
        0.6,
        "million requests",
        "WAF requests",
        P.waf,
        true,
        "AWS Networking blog on cost-effective WAF",
    ),

    // KMS and Secrets Manager (same in every commercial region).
    "kms.key@ap-northeast-1": price(
        1,
        "key-month",
        "KMS customer managed key",
        P.kms,
        true,
        KMS_PAGE,
    ),
    "kms.key@us-east-1": price(1, "key-month", "KMS customer managed key", P.kms, true, KMS_PAGE),
    "kms.requests@ap-northeast-1": price(
        0.03,
        "10,000 requests",
        "KMS requests",
        P.kms,
        false,
        KMS_REQUESTS,
    ),
    "kms.requests@us-east-1": price(
        0.03,
        "10,000 requests",
        "KMS requests",
        P.kms,
        false,
        KMS_REQUESTS,
    ),
    "secrets.secret@ap-northeast-1": price(
        0.4,
        "secret-month",
        "Secrets Manager secret",
        P.secrets,
        false,
        SECRETS,
    ),
    "secrets.api@ap-northeast-1": price(
        0.05,
        "10,000 API calls",
        "Secrets Manager API calls",
        P.secrets,
        false,
        SECRETS,
    ),

    // CloudWatch. Alarms are billed per alarm metric: "Metric alarms incur costs for each metric
    // that you list in the alarm metric expression (up to 10 metrics using metric math)"; standard
    // resolution is 60 s, high resolution below (https://aws.amazon.com/cloudwatch/pricing/,
    // "Alarms", quoted in github.com/oscmcompany/fund/pull/1158). The rates are third-party copies.
    "cw.alarm.standard@ap-northeast-1": price(
        0.1,
        "alarm metric-month",
        "standard-resolution alarm metric (60 s)",
        P.cloudwatch,
        false,
        "third-party copy (c3x.dev): $0.10 standard, $0.30 high resolution, $0.50 composite; Tokyo not confirmed",
    ),
    "cw.alarm.standard@us-east-1": price(
        0.1,
        "alarm metric-month",
        "standard-resolution alarm metric (60 s)",
        P.cloudwatch,
        false,
        "third-party copy (c3x.dev): $0.10 standard, $0.30 high resolution, $0.50 composite; Tokyo not confirmed",
    ),
    "cw.alarm.high@ap-northeast-1": price(
        0.3,
        "alarm metric-month",
        "high-resolution alarm metric (10 s / 30 s)",
        P.cloudwatch,
        false,
        "third-party copy (c3x.dev): $0.10 standard, $0.30 high resolution, $0.50 composite; Tokyo not confirmed",
    ),
    "cw.alarm.high@us-east-1": price(
        0.3,
        "alarm metric-month",
        "high-resolution alarm metric (10 s / 30 s)",
        P.cloudwatch,
        false,
        "third-party copy (c3x.dev): $0.10 standard, $0.30 high resolution, $0.50 composite; Tokyo not confirmed",
    ),
    "cw.alarm.composite@ap-northeast-1": price(
        0.5,
        "alarm-month",
        "composite alarm",
        P.cloudwatch,
        false,
        "third-party copy (c3x.dev): $0.10 standard, $0.30 high resolution, $0.50 composite; Tokyo not confirmed",
    ),
    "cw.alarm.composite@us-east-1": price(
        0.5,
        "alarm-month",
        "composite alarm",
        P.cloudwatch,
        false,
        "third-party copy (c3x.dev): $0.10 standard, $0.30 high resolution, $0.50 composite; Tokyo not confirmed",
    ),
    "cw.dashboard@ap-northeast-1": price(
        3,
        "dashboard-month",
        "CloudWatch dashboard",
        P.cloudwatch,
        false,
        "$3 per dashboard, as a third-party copy of the AWS Japanese page quotes it (github.com/nishinoshake/aws-rough/issues/37)",
    ),
    "cw.metric@ap-northeast-1": price(
        0.3,
        "metric-month",
        "custom metric (first 10,000)",
        P.cloudwatch,
        true,
        'AWS bill line "$0.30 per metric-month for the first 10,000 metrics - Asia Pacific (Tokyo)" quoted in github.com/femiwiki/femiwiki/issues/228',
    ),
    "cw.logs.ingest@ap-northeast-1": price(
        0.76,
        "GB",
        "CloudWatch Logs ingestion (Standard class)",
        P.cloudwatch,
        false,
        UNCONFIRMED,
    ),
    "cw.logs.ingest@us-east-1": price(
        0.5,
        "GB",
        "CloudWatch Logs ingestion (Standard class)",
        P.cloudwatch,
        false,
        "third-party copy (github.com/apex/up/issues/38) gives $0.50 per GB ingested",
    ),
    "cw.logs.store@ap-northeast-1": price(
        0.033,
        "GB-month",
        "CloudWatch Logs storage (archive)",
        P.cloudwatch,
        false,
        UNCONFIRMED,
    ),
    "cw.logs.store@us-east-1": price(
        0.03,
        "GB-month",
        "CloudWatch Logs storage (archive)",
        P.cloudwatch,
        false,
        "third-party copy (github.com/apex/up/issues/38) gives $0.03 per GB archived",
    ),

    // Audit and threat detection.
    "cloudtrail.data@ap-northeast-1": price(
        0.1,
        "100,000 data events",
        "CloudTrail data events",
        P.cloudtrail,
        true,
        'AWS CloudTrail pricing page (aws.amazon.com/cloudtrail/pricing/): "Data events ... are charged at $0.10 per 100,000 events", with no Region rate',
    ),
    "guardduty.events@ap-northeast-1": price(
        4,
        "million CloudTrail management events",
        "GuardDuty foundational: CloudTrail events",
        P.guardduty,
        false,
        US_EAST_RATE,
    ),
    "guardduty.logs@ap-northeast-1": price(
        1,
        "GB",
        "GuardDuty foundational: VPC flow and DNS logs (first 500 GB)",
        P.guardduty,
        false,
        US_EAST_RATE,
    ),
    "securityhub.check@ap-northeast-1": price(
        0.001,
        "security check",
        "Security Hub CSPM checks (first 100,000)",
        P.securityhub,
        false,
        US_EAST_RATE,
    ),
    "securityhub.finding@ap-northeast-1": price(
        0.00003,
        "finding ingested",
        "Security Hub finding ingestion",
        P.securityhub,
        false,
        US_EAST_RATE,
    ),
    "config.item@ap-northeast-1": price(
        0.003,
        "configuration item",
        "AWS Config configuration item recorded",
        P.config,
        false,
        "third-party copy (vantage.sh/blog/aws-config-pricing): $0.003 per configuration item recorded (continuous), no Region named; Tokyo not confirmed",
    ),
    "config.evaluation@ap-northeast-1": price(
        0.001,
        "rule evaluation",
        "AWS Config rule evaluation (first 100,000)",
        P.config,
        false,
        "third-party copy (vantage.sh/blog/aws-config-pricing): $0.001 per rule evaluation for the first 100,000 per Region, no Region named; Tokyo not confirmed",
    ),

    // Storage, workflows, events, notifications.
    "s3.storage@ap-northeast-1": price(
        0.025,
        "GB-month",
        "S3 Standard storage (first 50 TB)",
        P.s3,
        false,
        UNCONFIRMED,
    ),
    "s3.put@ap-northeast-1": price(
        0.0047,
        "1,000 requests",
        "S3 PUT, COPY, POST, LIST requests",
        P.s3,
        false,
        UNCONFIRMED,
    ),
    "s3.get@ap-northeast-1": price(
        0.00037,
        "1,000 requests",
        "S3 GET and other requests",
        P.s3,
        false,
        UNCONFIRMED,
    ),
    "ecr.storage@ap-northeast-1": price(
        0.1,
        "GB-month",
        "ECR private repository storage",
        P.ecr,
        false,
        "third-party copies (cloudburn.io/blog/amazon-ecr-pricing, us-east-1; finops.com.py says it varies by Region) give $0.10 per GB-month; Tokyo not confirmed",
    ),
    "sfn.transition@ap-northeast-1": price(
        0.025,
        "1,000 state transitions",
        "Step Functions Standard state transitions",
        P.sfn,
        false,
        UNCONFIRMED,
    ),
    "eventbridge.custom@ap-northeast-1": price(
        1,
        "million events",
        "EventBridge custom events published (AWS service events are free)",
        P.eventbridge,
        false,
        "third-party copies (blog.awsfundamentals.com/aws-eventbridge-pricing-guide; cloudburn.io/blog/amazon-eventbridge-pricing, us-east-1, 'consistent across most commercial regions') give $1.00 per million custom events; Tokyo not confirmed",
    ),
    "sns.publish@ap-northeast-1": price(
        0.5,
        "million publishes",
        "SNS standard topic requests",
        P.sns,
        false,
        UNCONFIRMED,
    ),
    "sns.publish@us-east-1": price(
        0.5,
        "million publishes",
        "SNS standard topic requests",
        P.sns,
        false,
        UNCONFIRMED,
    ),
};

/**
 * Free tiers that apply per account (or per Region), not per resource. The estimate ignores them
 * all: the account may spend them elsewhere, so the figure is what this stack adds at list price.
 */
export const IGNORED_FREE_TIERS: readonly { readonly what: string; readonly source: string }[] = [
    {
        what: "CloudWatch: 10 standard alarm metrics, 10 custom metrics, 3 dashboards, 5 GB logs a month",
        source: P.cloudwatch,
    },
    {
        what: "CloudFront: 1 TB out and 10 million requests a month (always free), 1,000 invalidation paths",
        source: P.cloudfront,
    },
    { what: "KMS: 20,000 requests a month", source: P.kms },
    { what: "Step Functions: 4,000 state transitions a month", source: P.sfn },
    { what: "SNS: first million publishes a month", source: P.sns },
    { what: "Security Hub and GuardDuty: 30-day trials", source: P.securityhub },
    {
        what: "12-month free tier (RDS, ElastiCache, S3, ECR for new accounts)",
        source: "https://aws.amazon.com/free/",
    },
];

/** What the estimate applies because it is part of the resource, not of the account. */
export const APPLIED_FREE_ALLOWANCES: readonly {
    readonly what: string;
    readonly source: string;
}[] = [
    {
        what: "RDS backup storage up to 100% of provisioned storage (only the usage file's excess is priced)",
        source: P.rds,
    },
    { what: "RDS Performance Insights 7-day retention", source: P.rds },
    {
        what: "CloudTrail: the first copy of management events (the trail's management events are free)",
        source: P.cloudtrail,
    },
    { what: "S3 gateway endpoints have no charge", source: P.privatelink },
];

/** The price `id` in `region`, or undefined when the table has none. */
export function priceOf(id: string, region: string): Price | undefined {
    return PRICES[`${id}@${region}`];
}
