/**
 * Monthly cost of a stack export: each custom resource's fixed and usage-based monthly cost, from
 * its inputs (instanceClass, multiAz, nodeType, numCacheNodes, desiredCount and task size, ...),
 * the price table (`prices.ts`) and the usage file (`usage.ts`). Pure: no file, no clock.
 *
 * A resource type is priced by a pricer below, listed as having no charge of its own
 * (`NO_CHARGE_TYPES`, with the reason), or reported as not priced — never silently zero.
 */
import { instanceClassSize, isKnownInstanceClass } from "../components/data/instanceClasses";
import { engineSupportStatus, isKnownEngineVersion } from "../components/data/postgresEngine";
import { HOME_REGION, HOURS_PER_MONTH, type Price, priceOf } from "./prices";
import type { Usage } from "./usage";

/** A resource of a `pulumi stack export` (the fields the estimate reads). */
export interface CostResource {
    readonly urn: string;
    readonly type: string;
    readonly custom?: boolean;
    readonly parent?: string;
    readonly inputs?: Record<string, unknown>;
}

/** One priced line: `price` USD per `unit`, `quantity` units a month. */
export interface CostLine {
    readonly what: string;
    readonly price: number;
    readonly quantity: number;
    readonly unit: string;
    readonly source: string;
    readonly verified: boolean;
    /** Fixed (the resource exists) or usage (from the usage file). */
    readonly kind: "fixed" | "usage";
    readonly monthly: number;
}

export interface ResourceCost {
    readonly urn: string;
    readonly type: string;
    readonly parent?: string;
    readonly monthlyFixed: number;
    readonly monthlyUsage: number;
    readonly notPriced: boolean;
    /** Why it is not priced, or why it has no charge of its own. */
    readonly reason?: string;
    readonly lines: readonly CostLine[];
}

export interface CostReport {
    readonly currency: "USD";
    readonly total: number;
    readonly resources: readonly ResourceCost[];
}

export interface EstimateOptions {
    /** The day whose prices apply (Extended Support years), YYYY-MM-DD. */
    readonly date: string;
}

/** Types that carry no charge of their own (the cost sits elsewhere, as the reason says). */
export const NO_CHARGE_TYPES: Readonly<Record<string, string>> = {
    "aws:iam/role:Role": "IAM has no charge",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": "IAM has no charge",
    "aws:cfg/deliveryChannel:DeliveryChannel":
        "no charge of its own: Config bills the items the recorder records (its S3 objects are the log bucket's)",
    "aws:cfg/recorderStatus:RecorderStatus":
        "no charge of its own: Config bills the items the recorder records",
    "aws:iam/policy:Policy": "IAM has no charge",
    "aws:iam/rolePolicy:RolePolicy": "IAM has no charge",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM has no charge",
    "aws:ec2/vpc:Vpc": "VPCs have no charge",
    "aws:ec2/subnet:Subnet": "subnets have no charge",
    "aws:ec2/routeTable:RouteTable": "route tables have no charge",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "route tables have no charge",
    "aws:ec2/securityGroup:SecurityGroup": "security groups have no charge",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "security groups have no charge",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "security groups have no charge",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "security groups have no charge",
    "aws:ec2/internetGateway:InternetGateway":
        "internet gateways have no charge (data transfer is not estimated)",
    "aws:ec2/flowLog:FlowLog": "charged as its log group's ingestion and storage",
    "aws:rds/parameterGroup:ParameterGroup": "parameter groups have no charge",
    "aws:rds/subnetGroup:SubnetGroup": "subnet groups have no charge",
    "aws:elasticache/parameterGroup:ParameterGroup": "parameter groups have no charge",
    "aws:elasticache/subnetGroup:SubnetGroup": "subnet groups have no charge",
    "aws:ecs/cluster:Cluster":
        "ECS clusters have no charge (Fargate tasks are priced on the service)",
    "aws:appautoscaling/target:Target":
        "Application Auto Scaling has no charge (tasks above the minimum: fargate.extraTaskHours)",
    "aws:appautoscaling/policy:Policy":
        "Application Auto Scaling has no charge (its alarms are AWS-managed)",
    "aws:lb/listener:Listener": "priced on the load balancer",
    "aws:lb/targetGroup:TargetGroup": "priced on the load balancer",
    "aws:acm/certificate:Certificate": "public ACM certificates have no charge",
    "aws:acm/certificateValidation:CertificateValidation": "a wait, not a resource in AWS",
    "aws:kms/alias:Alias": "aliases have no charge",
    "aws:s3/bucketPolicy:BucketPolicy": "bucket configuration has no charge",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket configuration has no charge",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket configuration has no charge",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        "bucket configuration has no charge (KMS requests: kms.requestsPerKey)",
    "aws:s3/bucketVersioning:BucketVersioning":
        "bucket configuration has no charge (versions count as storage)",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
        "bucket configuration has no charge",
    "aws:s3/bucketLogging:BucketLogging":
        "bucket configuration has no charge (log objects count as storage)",
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": "bucket configuration has no charge",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration":
        "bucket configuration has no charge",
    "aws:sns/topicPolicy:TopicPolicy": "priced on the topic",
    "aws:sns/topicSubscription:TopicSubscription":
        "priced on the topic (email deliveries are not estimated)",
    "aws:cloudfront/cachePolicy:CachePolicy": "priced on the distribution",
    "aws:cloudfront/originAccessControl:OriginAccessControl": "priced on the distribution",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "priced on the distribution",
    "aws:cloudfront/vpcOrigin:VpcOrigin": "VPC origins have no additional charge",
    "aws:cloudwatch/eventTarget:EventTarget": "priced on the rule",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "resource policies have no charge",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": "priced on the repository",
    "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy": "priced on the domain",
    "aws:secretsmanager/secretVersion:SecretVersion": "priced on the secret",
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
        "charged as its log group's ingestion and storage",
    "aws:route53/record:Record":
        "alias records to AWS resources have no query charge (the hosted zone is outside the stack)",
    "random:index/randomPassword:RandomPassword": "not an AWS resource",
    "command:local:Command":
        "runs on the deploying machine (its CloudFront invalidations: cloudfront.invalidationPaths)",
};

type Inputs = Record<string, unknown>;

export interface PricingContext {
    readonly usage: Usage;
    readonly date: string;
    readonly resources: readonly CostResource[];
}

/** A resource whose cost is counted on another one, or which has no charge as configured. */
class NoCharge {
    constructor(readonly reason: string) {}
}

/**
 * A pricer returns the lines, a {@link NoCharge}, or a string saying why the resource cannot be
 * priced.
 */
type Pricer = (
    r: CostResource,
    inputs: Inputs,
    region: string,
    ctx: PricingContext,
) => CostLine[] | NoCharge | string;

class Missing {
    constructor(readonly message: string) {}
}

function line(
    id: string,
    region: string,
    quantity: number,
    kind: "fixed" | "usage",
    what?: string,
): CostLine {
    const p: Price | undefined = priceOf(id, region);
    if (p === undefined) {
        throw new Missing(`no price for ${id} in ${region}`);
    }
    return {
        what: what ?? p.what,
        price: p.usd,
        quantity,
        unit: p.unit,
        source: p.source,
        verified: p.verified,
        kind,
        monthly: p.usd * quantity,
    };
}

/** A line with no charge, shown so the reader sees it was considered. */
function free(what: string, unit: string, source: string): CostLine {
    return { what, price: 0, quantity: 1, unit, source, verified: true, kind: "fixed", monthly: 0 };
}

function num(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) {
        return Number(v);
    }
    return undefined;
}

const H = HOURS_PER_MONTH;

/**
 * The Extended Support price id for a PostgreSQL engine version on `date`, undefined in standard
 * support. The support calendar is the Database component's (one calendar for its preview warning
 * and this estimate); a version it has no dates for throws.
 */
export function extendedSupportYear(
    engineVersion: string,
    date: string,
): { id: string; year: string } | undefined {
    const status = engineSupportStatus(engineVersion, new Date(`${date}T00:00:00Z`));
    if (status.extendedSupportYear === undefined) {
        return undefined;
    }
    return status.extendedSupportYear === 3
        ? { id: "rds.extended.y3", year: "year 3" }
        : { id: "rds.extended.y1y2", year: "years 1-2" };
}

/** Alarm metrics of a metric alarm as CloudWatch bills them, and whether high resolution. */
export function alarmMetrics(inputs: Inputs): { metrics: number; highResolution: boolean } {
    const queries = Array.isArray(inputs.metricQueries)
        ? (inputs.metricQueries as Inputs[])
        : undefined;
    // An anomaly detection alarm is billed as 3 alarm metrics per metric (the metric and the band's
    // upper and lower bounds), as infracost counts it
    // (internal/resources/aws/cloudwatch_metric_alarm.go); not re-read on the AWS page.
    const anomaly = queries?.some(
        (q) => typeof q.expression === "string" && /ANOMALY_DETECTION_BAND/i.test(q.expression),
    );
    if (queries !== undefined && queries.length > 0) {
        // "Metric alarms incur costs for each metric that you list in the alarm metric expression
        // (up to 10 metrics using metric math)" (https://aws.amazon.com/cloudwatch/pricing/,
        // "Alarms"): each query that reads a metric counts; expressions count none.
        const metricQueries = queries.filter((q) => q.metric !== undefined && q.metric !== null);
        const periods = metricQueries
            .map((q) => num((q.metric as Inputs).period))
            .filter((p): p is number => p !== undefined);
        const highResolution = periods.some((p) => p < 60);
        return {
            metrics: metricQueries.length * (anomaly ? 3 : 1),
            highResolution,
        };
    }
    const period = num(inputs.period) ?? 60;
    return { metrics: 1, highResolution: period < 60 };
}

/** Fargate per task-hour for a task definition's cpu (units) and memory (MiB). */
function fargateTaskLines(
    td: Inputs,
    region: string,
    taskHours: number,
    kind: "fixed" | "usage",
    label: string,
): CostLine[] | string {
    const cpu = num(td.cpu);
    const memory = num(td.memory);
    if (cpu === undefined || memory === undefined) {
        return `task definition ${String(td.family)} has no task-level cpu and memory`;
    }
    const vcpu = cpu / 1024;
    const gb = memory / 1024;
    return [
        line(
            "fargate.vcpu",
            region,
            vcpu * taskHours,
            kind,
            `${label}: ${vcpu} vCPU × ${taskHours} task-hours`,
        ),
        line(
            "fargate.gb",
            region,
            gb * taskHours,
            kind,
            `${label}: ${gb} GB × ${taskHours} task-hours`,
        ),
    ];
}

/** The task definition a service names (by family, from the ARN or family:revision). */
function taskDefinitionOf(service: Inputs, resources: readonly CostResource[]): Inputs | undefined {
    const ref = String(service.taskDefinition ?? "");
    const family = ref.split("/").pop()?.split(":")[0];
    return resources.find(
        (r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.inputs?.family === family,
    )?.inputs;
}

const PRICERS: Readonly<Record<string, Pricer>> = {
    "aws:ecs/service:Service": (_r, i, region, ctx) => {
        if (i.launchType !== "FARGATE") {
            return `launch type ${String(i.launchType)} (only FARGATE is priced)`;
        }
        const td = taskDefinitionOf(i, ctx.resources);
        if (td === undefined) {
            return `its task definition ${String(i.taskDefinition)} is not in the export`;
        }
        // "Defaults to 0" (aws.ecs.Service desiredCount, @pulumi/aws ecs/service.d.ts).
        const desired = num(i.desiredCount) ?? 0;
        const fixed = fargateTaskLines(
            td,
            region,
            desired * H,
            "fixed",
            `${desired} task(s) all month`,
        );
        if (typeof fixed === "string") {
            return fixed;
        }
        const extra = ctx.usage["fargate.extraTaskHours"];
        const usage = fargateTaskLines(td, region, extra, "usage", "tasks above desiredCount");
        return typeof usage === "string" ? usage : [...fixed, ...usage];
    },
    "aws:ecs/taskDefinition:TaskDefinition": (_r, i, region, ctx) => {
        // A task definition a service runs is priced on the service; one no service runs is a
        // one-off task (migrate, reindex), priced from the usage file.
        const family = i.family;
        const run = ctx.resources.some(
            (s) =>
                s.type === "aws:ecs/service:Service" &&
                taskDefinitionOf(s.inputs ?? {}, ctx.resources)?.family === family,
        );
        if (run) {
            return new NoCharge("priced on the service that runs it");
        }
        const hours = ctx.usage["fargate.oneOffTaskHoursPerDefinition"];
        return fargateTaskLines(i, region, hours, "usage", "one-off task");
    },
    "aws:rds/instance:Instance": (_r, i, region, ctx) => {
        const cls = String(i.instanceClass);
        if (i.engine !== "postgres") {
            return `engine ${String(i.engine)} (only postgres is priced)`;
        }
        if (priceOf(`rds.${cls}`, region) === undefined) {
            return `no price for instance class ${cls} in ${region}`;
        }
        // Multi-AZ: "Compute costs: Billed per DB instance-hour for both the primary and standby
        // instances. Storage costs: Charged per GB-month for the storage provisioned for both"
        // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html).
        const az = i.multiAz === true ? 2 : 1;
        const azLabel = az === 2 ? "Multi-AZ (primary + standby)" : "Single-AZ";
        const storage = num(i.allocatedStorage) ?? 0;
        // "The default is io1 if iops is specified, gp2 if not" (aws.rds.Instance storageType).
        const storageType = String(i.storageType ?? (i.iops !== undefined ? "io1" : "gp2"));
        if (storageType !== "gp3") {
            return `storage type ${storageType} (only gp3 is priced)`;
        }
        const lines = [
            line(
                `rds.${cls}`,
                region,
                az * H,
                "fixed",
                `${cls} ${azLabel}: ${az} × ${H} instance-hours`,
            ),
            line(
                "rds.gp3",
                region,
                az * storage,
                "fixed",
                `gp3 ${storage} GB × ${az} (${azLabel})`,
            ),
        ];
        const retention = num(i.performanceInsightsRetentionPeriod) ?? 7;
        if (i.performanceInsightsEnabled === true) {
            if (retention <= 7) {
                lines.push(
                    free(
                        "Performance Insights, 7-day retention (free)",
                        "instance-month",
                        "https://aws.amazon.com/rds/performance-insights/pricing/",
                    ),
                );
            } else {
                // The paid retention tier is not in the price table (Performance Insights is
                // moving to CloudWatch Database Insights): say so rather than count it as zero.
                return `Performance Insights retention of ${retention} days (beyond the free 7) has no price in the table`;
            }
        }
        if (!isKnownEngineVersion(String(i.engineVersion ?? ""))) {
            return `engine version ${String(i.engineVersion)} has no support dates (components/data/postgresEngine.ts): Extended Support unknown`;
        }
        const es = extendedSupportYear(String(i.engineVersion), ctx.date);
        // Created with Extended Support disabled, RDS upgrades the engine at the end of standard
        // support instead of charging (engine_lifecycle_support; the RDS Extended Support charges
        // page): no charge, but shown.
        if (
            es !== undefined &&
            i.engineLifecycleSupport === "open-source-rds-extended-support-disabled"
        ) {
            lines.push(
                free(
                    "Extended Support disabled (engineLifecycleSupport): no charge, the engine is upgraded instead",
                    "instance-month",
                    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html",
                ),
            );
        } else if (es !== undefined) {
            if (!isKnownInstanceClass(cls)) {
                return `no vCPU count for ${cls} (Extended Support is per vCPU)`;
            }
            const vcpus = instanceClassSize(cls).vCpus;
            lines.push(
                line(
                    es.id,
                    region,
                    vcpus * az * H,
                    "fixed",
                    `Extended Support ${es.year} (PostgreSQL ${String(i.engineVersion).split(".")[0]}): ${vcpus} vCPU × ${az} × ${H} h`,
                ),
            );
        }
        if (i.manageMasterUserPassword === true) {
            lines.push(
                line(
                    "secrets.secret",
                    region,
                    1,
                    "fixed",
                    "the master user secret RDS manages in Secrets Manager",
                ),
            );
        }
        const backup = ctx.usage["rds.backupGbBeyondFree"];
        lines.push(line("rds.backup", region, backup, "usage"));
        return lines;
    },
    "aws:elasticache/cluster:Cluster": (_r, i, region) => {
        const node = String(i.nodeType);
        if (priceOf(`elasticache.${node}`, region) === undefined) {
            return `no price for node type ${node} in ${region}`;
        }
        const n = num(i.numCacheNodes) ?? 1;
        return [
            line(`elasticache.${node}`, region, n * H, "fixed", `${n} × ${node} × ${H} node-hours`),
        ];
    },
    "aws:elasticache/serverlessCache:ServerlessCache": (_r, i, region, ctx) => {
        if (i.engine !== "memcached") {
            return `engine ${String(i.engine)} (only memcached serverless is priced)`;
        }
        // Memcached serverless meters at least 1 GB of data stored.
        const gb = Math.max(1, ctx.usage["elasticacheServerless.averageGb"]);
        return [
            line(
                "elasticache.serverless.gb",
                region,
                gb * H,
                "usage",
                `data stored: ${gb} GB × ${H} h`,
            ),
            line(
                "elasticache.serverless.ecpu",
                region,
                ctx.usage["elasticacheServerless.ecpuMillions"],
                "usage",
            ),
        ];
    },
    "aws:cloudsearch/domain:Domain": (_r, i, region) => {
        const sp = (i.scalingParameters ?? {}) as Inputs;
        const type = String(sp.desiredInstanceType ?? "search.small");
        if (priceOf(`cloudsearch.${type}`, region) === undefined) {
            return `no price for instance type ${type} in ${region}`;
        }
        const replicas = num(sp.desiredReplicationCount) ?? 1;
        const partitions = num(sp.desiredPartitionCount) ?? 1;
        // Multi-AZ runs the instances in a second Availability Zone too, billed alike.
        const az = i.multiAz === true ? 2 : 1;
        const n = replicas * partitions * az;
        return [
            line(
                `cloudsearch.${type}`,
                region,
                n * H,
                "fixed",
                `${n} × ${type} (${replicas} replica × ${partitions} partition × ${az} AZ) × ${H} h`,
            ),
        ];
    },
    "aws:ec2/natGateway:NatGateway": (_r, _i, region, ctx) => [
        line("nat.hour", region, H, "fixed"),
        line("nat.gb", region, ctx.usage["nat.gbPerGateway"], "usage"),
    ],
    "aws:ec2/eip:Eip": (_r, _i, region) => [line("ipv4.hour", region, H, "fixed")],
    "aws:ec2/vpcEndpoint:VpcEndpoint": (_r, i, region, ctx) => {
        const type = String(i.vpcEndpointType ?? "Gateway");
        if (type === "Gateway") {
            return [
                free(
                    "gateway endpoint (no charge)",
                    "endpoint-month",
                    "https://aws.amazon.com/privatelink/pricing/",
                ),
            ];
        }
        if (type !== "Interface") {
            return `endpoint type ${type} (only Interface and Gateway are priced)`;
        }
        const azs = Array.isArray(i.subnetIds) ? i.subnetIds.length : 1;
        return [
            line(
                "endpoint.hour",
                region,
                azs * H,
                "fixed",
                `interface endpoint: ${azs} AZ × ${H} h`,
            ),
            line("endpoint.gb", region, ctx.usage["endpoints.gbPerEndpoint"], "usage"),
        ];
    },
    "aws:lb/loadBalancer:LoadBalancer": (_r, i, region, ctx) => {
        if ((i.loadBalancerType ?? "application") !== "application") {
            return `load balancer type ${String(i.loadBalancerType)} (only application is priced)`;
        }
        return [
            line("alb.hour", region, H, "fixed"),
            line(
                "alb.lcu",
                region,
                ctx.usage["alb.averageLcu"] * H,
                "usage",
                `${ctx.usage["alb.averageLcu"]} LCU × ${H} h`,
            ),
        ];
    },
    "aws:cloudfront/distribution:Distribution": (_r, _i, _region, ctx) => {
        const src = ctx.usage["cloudfront.requestsSource"];
        const cite = src ? ` (from ${src})` : "";
        return [
            line(
                "cloudfront.https",
                "global",
                ctx.usage["cloudfront.requestsMillions"],
                "usage",
                `HTTPS requests${cite}`,
            ),
            line(
                "cloudfront.gb",
                "global",
                ctx.usage["cloudfront.dataOutGb"],
                "usage",
                `data out${cite}`,
            ),
            line(
                "cloudfront.invalidation",
                "global",
                ctx.usage["cloudfront.invalidationPaths"],
                "usage",
            ),
        ];
    },
    "aws:cloudfront/monitoringSubscription:MonitoringSubscription": (_r, i) => {
        const cfg = ((i.monitoringSubscription ?? {}) as Inputs)
            .realtimeMetricsSubscriptionConfig as Inputs | undefined;
        if (cfg?.realtimeMetricsSubscriptionStatus !== "Enabled") {
            return new NoCharge("additional metrics disabled");
        }
        return [line("cloudfront.metrics", "global", 1, "fixed")];
    },
    "aws:wafv2/webAcl:WebAcl": (_r, i, _region, ctx) => {
        const scope = String(i.scope ?? "CLOUDFRONT");
        if (scope !== "CLOUDFRONT") {
            return `scope ${scope} (only CLOUDFRONT web ACLs are priced)`;
        }
        const rules = Array.isArray(i.rules) ? i.rules.length : 0;
        return [
            line("waf.acl", "global", 1, "fixed"),
            line(
                "waf.rule",
                "global",
                rules,
                "fixed",
                `${rules} rules (a managed rule group counts as one)`,
            ),
            line("waf.requests", "global", ctx.usage["waf.requestsMillions"], "usage"),
        ];
    },
    "aws:kms/key:Key": (_r, _i, region, ctx) => [
        line("kms.key", region, 1, "fixed"),
        line("kms.requests", region, ctx.usage["kms.requestsPerKey"] / 10000, "usage"),
    ],
    "aws:secretsmanager/secret:Secret": (_r, _i, region, ctx) => [
        line("secrets.secret", region, 1, "fixed"),
        line("secrets.api", region, ctx.usage["secretsManager.apiCallsPerSecret"] / 10000, "usage"),
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": (_r, i, region) => {
        const queries = Array.isArray(i.metricQueries) ? (i.metricQueries as Inputs[]) : [];
        // "Metrics Insights query alarms incur costs for each metric analyzed by the query"
        // (CloudWatch pricing page): a count only the live account knows.
        if (
            queries.some(
                (q) => typeof q.expression === "string" && /^\s*SELECT\b/i.test(q.expression),
            )
        ) {
            return "a Metrics Insights query alarm is billed per metric the query analyses, unknown offline";
        }
        const { metrics, highResolution } = alarmMetrics(i);
        if (metrics === 0) {
            return "a metric math alarm that reads no metric";
        }
        const id = highResolution ? "cw.alarm.high" : "cw.alarm.standard";
        const kind =
            Array.isArray(i.metricQueries) && i.metricQueries.length > 0
                ? "metric math alarm"
                : "alarm";
        return [
            line(
                id,
                region,
                metrics,
                "fixed",
                `${kind}: ${metrics} alarm metric(s), ${highResolution ? "high" : "standard"} resolution`,
            ),
        ];
    },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": (_r, _i, region) => [
        line("cw.alarm.composite", region, 1, "fixed"),
    ],
    "aws:cloudwatch/dashboard:Dashboard": (_r, _i, region) => [
        line("cw.dashboard", region, 1, "fixed"),
    ],
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": (_r, i, region) => {
        const t = i.metricTransformation;
        const n = Array.isArray(t) ? t.length : t ? 1 : 0;
        return [
            line("cw.metric", region, n, "fixed", `${n} custom metric(s) the filter publishes`),
        ];
    },
    "aws:cloudwatch/logGroup:LogGroup": (_r, _i, region, ctx) => [
        line("cw.logs.ingest", region, ctx.usage["logs.ingestGbPerGroup"], "usage"),
        line("cw.logs.store", region, ctx.usage["logs.storedGbPerGroup"], "usage"),
    ],
    "aws:cloudtrail/trail:Trail": (_r, i, region, ctx) => {
        const selectors = Array.isArray(i.advancedEventSelectors)
            ? (i.advancedEventSelectors as Inputs[])
            : [];
        const data = selectors.some((s) =>
            ((s.fieldSelectors ?? []) as Inputs[]).some(
                (f) =>
                    f.field === "eventCategory" &&
                    Array.isArray(f.equals) &&
                    f.equals.includes("Data"),
            ),
        );
        const lines = [
            free(
                "management events, first copy (free)",
                "trail-month",
                "https://aws.amazon.com/cloudtrail/pricing/",
            ),
        ];
        if (data || (Array.isArray(i.eventSelectors) && i.eventSelectors.length > 0)) {
            lines.push(
                line(
                    "cloudtrail.data",
                    region,
                    ctx.usage["cloudtrail.dataEventsMillions"] * 10,
                    "usage",
                    "data events",
                ),
            );
        }
        return lines;
    },
    "aws:guardduty/detector:Detector": (_r, i, region, ctx) => {
        if (i.enable === false) {
            return new NoCharge("detector disabled");
        }
        return [
            line(
                "guardduty.events",
                region,
                ctx.usage["guardduty.cloudtrailEventsMillions"],
                "usage",
            ),
            line("guardduty.logs", region, ctx.usage["guardduty.flowAndDnsLogGb"], "usage"),
        ];
    },
    "aws:securityhub/standardsSubscription:StandardsSubscription": (_r, _i, region, ctx) => [
        line("securityhub.check", region, ctx.usage["securityHub.checksPerMonth"], "usage"),
        line(
            "config.evaluation",
            region,
            ctx.usage["config.ruleEvaluations"],
            "usage",
            "AWS Config rule evaluations for the standard's controls",
        ),
    ],
    "aws:securityhub/account:Account": (_r, _i, region, ctx) => [
        line("securityhub.finding", region, ctx.usage["securityHub.findingsIngested"], "usage"),
    ],
    // AWS Config bills the configuration items the recorder records (the recorder the stack
    // creates; an adopted one is the account's, on its own bill): https://aws.amazon.com/config/pricing/
    "aws:cfg/recorder:Recorder": (_r, _i, region, ctx) => [
        line(
            "config.item",
            region,
            ctx.usage["config.itemsRecorded"],
            "usage",
            "AWS Config configuration items recorded",
        ),
    ],
    "aws:s3/bucket:Bucket": (_r, _i, region, ctx) => [
        line("s3.storage", region, ctx.usage["s3.storageGbPerBucket"], "usage"),
        line("s3.put", region, ctx.usage["s3.putRequestsThousandsPerBucket"], "usage"),
        line("s3.get", region, ctx.usage["s3.getRequestsThousandsPerBucket"], "usage"),
    ],
    "aws:ecr/repository:Repository": (_r, _i, region, ctx) => [
        line("ecr.storage", region, ctx.usage["ecr.storageGbPerRepository"], "usage"),
    ],
    "aws:sfn/stateMachine:StateMachine": (_r, i, region, ctx) => {
        if ((i.type ?? "STANDARD") !== "STANDARD") {
            return `type ${String(i.type)} (only STANDARD state machines are priced)`;
        }
        return [
            line(
                "sfn.transition",
                region,
                ctx.usage["stepFunctions.transitionsPerStateMachine"] / 1000,
                "usage",
            ),
        ];
    },
    "aws:cloudwatch/eventRule:EventRule": (_r, _i, region, ctx) => [
        line(
            "eventbridge.custom",
            region,
            ctx.usage["eventbridge.customEventsMillionsPerRule"],
            "usage",
        ),
    ],
    "aws:sns/topic:Topic": (_r, _i, region, ctx) => [
        line("sns.publish", region, ctx.usage["sns.publishesMillionsPerTopic"], "usage"),
    ],
};

/** The resource types this estimate prices (for docs and tests). */
export const PRICED_TYPES: readonly string[] = Object.keys(PRICERS);

function regionOf(inputs: Inputs): string {
    return typeof inputs.region === "string" && inputs.region !== "" ? inputs.region : HOME_REGION;
}

/** One resource's monthly cost. */
export function priceResource(r: CostResource, ctx: PricingContext): ResourceCost {
    const inputs = (r.inputs ?? {}) as Inputs;
    const base = { urn: r.urn, type: r.type, ...(r.parent ? { parent: r.parent } : {}) };
    const pricer = PRICERS[r.type];
    if (pricer === undefined) {
        const reason = NO_CHARGE_TYPES[r.type];
        if (reason !== undefined) {
            return {
                ...base,
                monthlyFixed: 0,
                monthlyUsage: 0,
                notPriced: false,
                reason,
                lines: [],
            };
        }
        return {
            ...base,
            monthlyFixed: 0,
            monthlyUsage: 0,
            notPriced: true,
            reason: "no price in the table for this type",
            lines: [],
        };
    }
    let result: CostLine[] | NoCharge | string;
    try {
        result = pricer(r, inputs, regionOf(inputs), ctx);
    } catch (e) {
        if (e instanceof Missing) {
            result = e.message;
        } else {
            throw e;
        }
    }
    if (typeof result === "string") {
        return {
            ...base,
            monthlyFixed: 0,
            monthlyUsage: 0,
            notPriced: true,
            reason: result,
            lines: [],
        };
    }
    if (result instanceof NoCharge) {
        return {
            ...base,
            monthlyFixed: 0,
            monthlyUsage: 0,
            notPriced: false,
            reason: result.reason,
            lines: [],
        };
    }
    const lines = result;
    const sum = (kind: "fixed" | "usage") =>
        lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.monthly, 0);
    return {
        ...base,
        monthlyFixed: sum("fixed"),
        monthlyUsage: sum("usage"),
        notPriced: false,
        lines,
    };
}

/**
 * The monthly cost of every custom resource of an export's resources (components and providers
 * are skipped: they cost nothing themselves; the report groups by component instead).
 */
export function estimate(
    resources: readonly CostResource[],
    usage: Usage,
    options: EstimateOptions,
): CostReport {
    const custom = resources.filter(
        (r) =>
            r.custom !== false &&
            !r.type.startsWith("pulumi:providers:") &&
            r.type !== "pulumi:pulumi:Stack",
    );
    const ctx: PricingContext = { usage, date: options.date, resources: custom };
    const priced = custom.map((r) => priceResource(r, ctx));
    const total = priced.reduce((s, r) => s + r.monthlyFixed + r.monthlyUsage, 0);
    return { currency: "USD", total, resources: priced };
}
