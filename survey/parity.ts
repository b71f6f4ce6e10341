/**
 * Parity: what production runs (the survey files of {@link surveyCommands}) against what a stack
 * renders offline, as the difference table of the team's notes 「本番移行課題・改善事項」, with one
 * row per compared item. Reads files only: no AWS credentials.
 *
 * Shapes read are the AWS CLI `--output json` of each command (AWS CLI v2 reference:
 * https://awscli.amazonaws.com/v2/documentation/api/latest/reference/index.html); the stack side
 * is the synth's resource inputs, named as in the Pulumi AWS provider.
 */
import * as fs from "fs";
import * as path from "path";
import { ENFORCED_BECAUSE } from "../components/data/postgresParameters";
import { commandLine, SurveyCommand } from "./awsCommands";

export const STATUSES = [
    "same",
    "different",
    "production only",
    "stack only",
    "not surveyed",
] as const;
export type Status = (typeof STATUSES)[number];

/** One compared item. Values are display strings; `null` when that side has none. */
export interface ParityRow {
    readonly resource: string;
    readonly item: string;
    /** The item's name in the notes' Japanese table. */
    readonly itemJa: string;
    readonly production: string | null;
    readonly stack: string | null;
    readonly status: Status;
    /** One line on what the difference means, where it matters. */
    readonly impact?: string;
}

/** A survey file that exists but cannot be used: exit 2, naming it. */
export class SurveyFileError extends Error {}

type Json = Record<string, unknown>;

/** The survey files read from a directory: file name → parsed JSON, absent when missing. */
export type SurveyFiles = ReadonlyMap<string, unknown>;

/** Reads every expected file; missing ones are left out, unreadable or non-JSON ones throw. */
export function readSurvey(dir: string, files: readonly string[]): SurveyFiles {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new SurveyFileError(`${dir} is not a directory of survey files`);
    }
    const out = new Map<string, unknown>();
    for (const f of files) {
        const p = path.join(dir, f);
        if (!fs.existsSync(p)) {
            continue;
        }
        let text: string;
        try {
            text = fs.readFileSync(p, "utf8");
        } catch (e) {
            throw new SurveyFileError(`${p}: cannot read (${(e as Error).message})`);
        }
        try {
            out.set(f, JSON.parse(text));
        } catch (e) {
            throw new SurveyFileError(
                `${p}: not JSON, or truncated (${(e as Error).message}); collect it again with --output json`,
            );
        }
    }
    return out;
}

/** The part of a synth resource parity reads (offline/mocks RecordedResource fits). */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly id?: string;
    readonly custom?: boolean;
    readonly inputs: Record<string, unknown>;
}

const T = {
    rds: "aws:rds/instance:Instance",
    rdsParams: "aws:rds/parameterGroup:ParameterGroup",
    cache: "aws:elasticache/cluster:Cluster",
    cacheServerless: "aws:elasticache/serverlessCache:ServerlessCache",
    cacheParams: "aws:elasticache/parameterGroup:ParameterGroup",
    service: "aws:ecs/service:Service",
    taskDef: "aws:ecs/taskDefinition:TaskDefinition",
    lb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    distribution: "aws:cloudfront/distribution:Distribution",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    search: "aws:cloudsearch/domain:Domain",
} as const;

/** Display form of a value: strings as is, the rest as JSON; `null` for absent. */
function show(v: unknown): string | null {
    if (v === undefined || v === null || v === "") {
        return null;
    }
    return typeof v === "string" ? v : JSON.stringify(v);
}

function obj(v: unknown): Json {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
}

function arr(v: unknown): Json[] {
    return Array.isArray(v) ? (v as Json[]) : [];
}

/** Lower-cases the first letter of every key: AWS API JSON → provider input spelling. */
export function camelKeys(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(camelKeys);
    }
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(
            Object.entries(v).map(([k, x]) => [k[0].toLowerCase() + k.slice(1), camelKeys(x)]),
        );
    }
    return v;
}

/** Where the production side of a group of rows comes from. */
interface Source {
    readonly file: string;
    readonly data: unknown;
    /** Why the file cannot give the value (e.g. several instances and no name). */
    readonly problem?: string;
}

export interface ParityInput {
    readonly stack: string;
    readonly resources: readonly StackResource[];
    readonly survey: SurveyFiles;
    readonly commands: readonly SurveyCommand[];
    /** Names picked by flags (undefined: the only one in the file, or the notes' default). */
    readonly names: {
        readonly rdsInstance?: string;
        readonly parameterGroup: string;
        readonly cacheCluster: string;
        readonly ecsService?: string;
        readonly albName?: string;
        readonly searchDomain: string;
    };
}

class Rows {
    readonly rows: ParityRow[] = [];
    constructor(private readonly input: ParityInput) {}

    private missing(src: Source): string {
        if (src.problem) {
            return src.problem;
        }
        const c = this.input.commands.find((x) => x.file === src.file);
        return `${src.file} missing; collect it with: ${c ? commandLine(c, "DIR") : src.file}`;
    }

    /** Adds a row; `prod` is read only when the source has data. */
    add(
        resource: string,
        item: string,
        itemJa: string,
        src: Source,
        prod: () => unknown,
        stackValue: unknown,
        impact?: string | ((p: string | null, s: string | null) => string | undefined),
    ): void {
        const stack = show(stackValue);
        if (src.data === undefined) {
            this.rows.push({
                resource,
                item,
                itemJa,
                production: null,
                stack,
                status: "not surveyed",
                impact: this.missing(src),
            });
            return;
        }
        const production = show(prod());
        const status: Status =
            production === null && stack === null
                ? "same"
                : production === null
                  ? "stack only"
                  : stack === null
                    ? "production only"
                    : production === stack
                      ? "same"
                      : "different";
        const note = typeof impact === "function" ? impact(production, stack) : impact;
        this.rows.push({
            resource,
            item,
            itemJa,
            production,
            stack,
            status,
            ...(note && status !== "same" ? { impact: note } : {}),
        });
    }
}

function byType(resources: readonly StackResource[], type: string): StackResource[] {
    return resources.filter((r) => r.type === type);
}

function pick<X>(items: X[], name: string | undefined, nameOf: (x: X) => string, what: string) {
    if (name !== undefined) {
        const found = items.find((x) => nameOf(x) === name);
        return found
            ? { item: found }
            : {
                  problem: `${what} ${name} is not in the survey file (has: ${items.map(nameOf).join(", ") || "none"})`,
              };
    }
    if (items.length === 1) {
        return { item: items[0] };
    }
    return {
        problem:
            items.length === 0
                ? `the survey file lists no ${what}`
                : `the survey file lists ${items.length} of ${what} (${items.map(nameOf).join(", ")}); name one with its flag`,
    };
}

/** A source for one picked item of a file. */
function source<X>(
    survey: SurveyFiles,
    file: string,
    items: (data: unknown) => X[],
    name: string | undefined,
    nameOf: (x: X) => string,
    what: string,
): Source & { item?: X } {
    const data = survey.get(file);
    if (data === undefined) {
        return { file, data };
    }
    const p = pick(items(data), name, nameOf, what);
    return p.item === undefined
        ? { file, data: undefined, problem: `${file}: ${p.problem}` }
        : { file, data, item: p.item };
}

const onOff = (v: unknown) => (v === undefined ? undefined : v ? "enabled" : "disabled");

function rdsRows(rows: Rows, input: ParityInput): void {
    const { survey, resources, names } = input;
    const R = "RDS PostgreSQL";
    const db = byType(resources, T.rds)[0]?.inputs ?? {};
    const src = source(
        survey,
        "rds-describe-db-instances.json",
        (d) => arr(obj(d).DBInstances),
        names.rdsInstance,
        (x) => String(x.DBInstanceIdentifier),
        "DB instances",
    );
    // Without a name, the instance that uses the notes' parameter group is production's.
    if (src.problem && names.rdsInstance === undefined) {
        const all = arr(obj(survey.get(src.file)).DBInstances);
        const using = all.filter((i) =>
            arr(i.DBParameterGroups).some((g) => g.DBParameterGroupName === names.parameterGroup),
        );
        if (using.length === 1) {
            Object.assign(src, { data: survey.get(src.file), item: using[0], problem: undefined });
        }
    }
    const i = (src.item ?? {}) as Json;
    const p = (f: () => unknown) => f;
    rows.add(
        R,
        "instance type",
        "インスタンスタイプ",
        src,
        p(() => i.DBInstanceClass),
        db.instanceClass,
    );
    rows.add(
        R,
        "engine version",
        "エンジンバージョン",
        src,
        p(() => i.EngineVersion),
        db.engineVersion,
        "a snapshot restores only to the same or a later version",
    );
    rows.add(
        R,
        "storage type",
        "ストレージタイプ",
        src,
        p(() => i.StorageType),
        db.storageType,
        "gp3 has a 3,000 IOPS baseline at gp2's price per GB",
    );
    rows.add(
        R,
        "allocated storage (GiB)",
        "ストレージ容量",
        src,
        p(() => i.AllocatedStorage),
        db.allocatedStorage,
        "a restore needs at least the snapshot's size",
    );
    rows.add(
        R,
        "encryption",
        "暗号化",
        src,
        p(() => onOff(i.StorageEncrypted)),
        onOff(db.storageEncrypted),
        "an unencrypted snapshot must be copied with the stack key before the restore (docs/migration.md step 1.3)",
    );
    rows.add(
        R,
        "Multi-AZ",
        "マルチAZ",
        src,
        p(() => onOff(i.MultiAZ)),
        onOff(db.multiAz),
        "a standby doubles the instance cost and turns an AZ failure into a failover",
    );
    rows.add(
        R,
        "deletion protection",
        "削除保護",
        src,
        p(() => onOff(i.DeletionProtection)),
        onOff(db.deletionProtection),
    );
    rows.add(
        R,
        "Performance Insights",
        "Performance Insights",
        src,
        p(() => onOff(i.PerformanceInsightsEnabled)),
        onOff(db.performanceInsightsEnabled),
    );
    rows.add(
        R,
        "enhanced monitoring interval (s)",
        "拡張モニタリング",
        src,
        p(() => i.MonitoringInterval),
        db.monitoringInterval ?? 0,
    );
    const stackGroup = byType(resources, T.rdsParams)[0];
    rows.add(
        R,
        "parameter group",
        "パラメータグループ",
        src,
        p(() =>
            arr(i.DBParameterGroups)
                .map((g) => g.DBParameterGroupName)
                .join(", "),
        ),
        stackGroup
            ? `${stackGroup.name} (${String(stackGroup.inputs.family)})`
            : db.parameterGroupName,
        "the stack has its own group; production's user-set parameters are compared row by row below",
    );
    rows.add(
        R,
        "automatic backups (days)",
        "自動バックアップ",
        src,
        p(() => i.BackupRetentionPeriod),
        db.backupRetentionPeriod,
    );
    rows.add(
        R,
        "backup window (UTC)",
        "バックアップウィンドウ",
        src,
        p(() => i.PreferredBackupWindow),
        db.backupWindow,
    );
    rows.add(
        R,
        "auto minor version upgrade",
        "自動マイナーバージョンアップグレード",
        src,
        p(() => onOff(i.AutoMinorVersionUpgrade)),
        onOff(db.autoMinorVersionUpgrade ?? true),
        "the stack pins the minor version; upgrades are planned (docs/migration.md section 2)",
    );
    rows.add(
        R,
        "maintenance window (UTC)",
        "メンテナンスウィンドウ",
        src,
        p(() => i.PreferredMaintenanceWindow),
        db.maintenanceWindow,
    );

    // Parameters: every user-set one of production's group, then the stack's others.
    const file = "rds-describe-db-parameters.json";
    const params = survey.get(file);
    const live = new Map(arr(obj(params).Parameters).map((x) => [String(x.ParameterName), x]));
    const mine = new Map(
        arr(stackGroup?.inputs.parameters).map((x) => [String(x.name), String(x.value)]),
    );
    const psrc: Source = { file, data: params };
    const names$ = [
        ...[...live.values()]
            .filter((x) => x.Source === "user")
            .map((x) => String(x.ParameterName)),
        ...[...mine.keys()].filter((n) => live.get(n)?.Source !== "user"),
    ];
    if (params === undefined) {
        rows.add(
            R,
            "parameters",
            "パラメータグループ（設定値）",
            psrc,
            () => undefined,
            mine.size ? `${mine.size} set` : undefined,
        );
        return;
    }
    for (const n of [...new Set(names$)].sort()) {
        const x = live.get(n);
        rows.add(
            R,
            `parameter ${n}`,
            `パラメータ ${n}`,
            psrc,
            () => x?.ParameterValue,
            mine.get(n),
            (pv, sv) => {
                if (ENFORCED_BECAUSE[n] !== undefined) {
                    return ENFORCED_BECAUSE[n];
                }
                if (x?.Source === "user" && sv === null) {
                    return "set in production only: npm run parity -- --write copies it into database.parameters";
                }
                if (x?.Source === "user") {
                    return "production's deliberate setting: --write adopts it";
                }
                return pv === null
                    ? "not set in production (engine default)"
                    : `production's value is its ${String(x?.Source)} value, not a user setting`;
            },
        );
    }
}

function cacheRows(rows: Rows, input: ParityInput): void {
    const { survey, resources, names } = input;
    const R = "ElastiCache Memcached";
    const node = byType(resources, T.cache)[0]?.inputs;
    const serverless = byType(resources, T.cacheServerless)[0]?.inputs;
    const c = node ?? {};
    const group = byType(resources, T.cacheParams)[0];
    const src = source(
        survey,
        "elasticache-describe-cache-clusters.json",
        (d) => arr(obj(d).CacheClusters),
        names.cacheCluster,
        (x) => String(x.CacheClusterId),
        "cache clusters",
    );
    const i = (src.item ?? {}) as Json;
    rows.add(
        R,
        "instance type",
        "インスタンスタイプ",
        src,
        () => i.CacheNodeType,
        serverless ? "serverless" : c.nodeType,
        (p, s) =>
            p && s
                ? "memory per node changes; warm the cache after the switch (docs/migration.md section 3)"
                : undefined,
    );
    rows.add(
        R,
        "engine version",
        "エンジンバージョン",
        src,
        () => i.EngineVersion,
        serverless ? serverless.majorEngineVersion : c.engineVersion,
        "Memcached before 1.6.12 has no in-transit encryption",
    );
    rows.add(
        R,
        "parameter group",
        "パラメータグループ",
        src,
        () => obj(i.CacheParameterGroup).CacheParameterGroupName,
        group ? `${group.name} (${String(group.inputs.family)})` : c.parameterGroupName,
        "the stack's own group: settings differ from the engine defaults",
    );
    rows.add(
        R,
        "node count",
        "ノード数",
        src,
        () => i.NumCacheNodes,
        serverless ? undefined : c.numCacheNodes,
        "the app must list every node (MEMCACHE_SERVERS) to spread keys",
    );
    rows.add(
        R,
        "scaling (AZ mode)",
        "スケール設定",
        src,
        () =>
            Number(i.NumCacheNodes) > 1 && i.PreferredAvailabilityZone === "Multiple"
                ? "cross-az"
                : "single-az",
        serverless ? "serverless (scales by itself)" : (c.azMode ?? "single-az"),
        "Memcached node clusters do not autoscale: nodes change only with cache.nodeCount",
    );
    rows.add(
        R,
        "in-transit encryption",
        "暗号化（通信）",
        src,
        () => onOff(i.TransitEncryptionEnabled),
        onOff(serverless ? true : c.transitEncryptionEnabled),
        "clients must connect with TLS (MEMCACHED_TLS)",
    );
}

function ecsRows(rows: Rows, input: ParityInput): void {
    const { survey, resources, names } = input;
    const R = "ECS";
    const svc = byType(resources, T.service)[0]?.inputs ?? {};
    const tdArn = String(svc.taskDefinition ?? "");
    const tds = byType(resources, T.taskDef);
    const td =
        (tds.find((t) => tdArn.endsWith(`/${String(t.inputs.family)}`)) ?? tds[0])?.inputs ?? {};
    const src = source(
        survey,
        "ecs-describe-services.json",
        (d) => arr(obj(d).services),
        names.ecsService,
        (x) => String(x.serviceName),
        "ECS services",
    );
    const s = (src.item ?? {}) as Json;
    const tsrc: Source = {
        file: "ecs-describe-task-definition.json",
        data: survey.get("ecs-describe-task-definition.json"),
    };
    const t = obj(obj(tsrc.data).taskDefinition);
    rows.add(
        R,
        "Fargate platform version",
        "Fargateプラットフォーム",
        src,
        () => s.platformVersion,
        svc.platformVersion ?? "LATEST",
        "LATEST follows AWS's current Fargate platform",
    );
    rows.add(
        R,
        "task CPU / memory (MiB)",
        "CPUメモリ設定",
        tsrc,
        () => (t.cpu === undefined ? undefined : `${String(t.cpu)} / ${String(t.memory)}`),
        td.cpu === undefined ? undefined : `${String(td.cpu)} / ${String(td.memory)}`,
        "size the task with npm run loadtest before changing service.cpu / service.memory",
    );
    rows.add(R, "launch type", "起動タイプ", src, () => s.launchType, svc.launchType);
    rows.add(
        R,
        "desired tasks",
        "タスク数",
        src,
        () => s.desiredCount,
        svc.desiredCount,
        "the stack scales between service.minTasks and service.maxTasks",
    );
}

function albRows(rows: Rows, input: ParityInput): void {
    const { survey, resources, names } = input;
    const R = "ALB";
    const lb = byType(resources, T.lb)[0]?.inputs ?? {};
    const https =
        byType(resources, T.listener).find((l) => l.inputs.protocol === "HTTPS")?.inputs ?? {};
    const src = source(
        survey,
        "elbv2-describe-load-balancers.json",
        (d) => arr(obj(d).LoadBalancers).filter((x) => x.Type === "application"),
        names.albName,
        (x) => String(x.LoadBalancerName),
        "application load balancers",
    );
    const i = (src.item ?? {}) as Json;
    rows.add(
        R,
        "type",
        "タイプ",
        src,
        () => (i.Type ? `${String(i.Type)} (${String(i.Scheme)})` : undefined),
        lb.loadBalancerType
            ? `${String(lb.loadBalancerType)} (${lb.internal ? "internal" : "internet-facing"})`
            : undefined,
    );
    const lsrc: Source = {
        file: "elbv2-describe-listeners.json",
        data: survey.get("elbv2-describe-listeners.json"),
    };
    rows.add(
        R,
        "SSL/TLS policy (HTTPS listener)",
        "SSL/TLS設定",
        lsrc,
        () => arr(obj(lsrc.data).Listeners).find((l) => l.Protocol === "HTTPS")?.SslPolicy,
        https.sslPolicy,
        "older policies admit TLS 1.0/1.1 clients; the stack admits TLS 1.2 and 1.3",
    );
}

/** A behaviour's cache as "origin kind, TTL min/default/max". */
function behaviourValue(
    kind: string,
    ttl: { min?: unknown; def?: unknown; max?: unknown } | string,
): string {
    return typeof ttl === "string"
        ? `${kind}, ${ttl}`
        : `${kind}, TTL ${String(ttl.min)}/${String(ttl.def)}/${String(ttl.max)} s (min/default/max)`;
}

function cloudfrontRows(rows: Rows, input: ParityInput): void {
    const { survey, resources } = input;
    const R = "CloudFront";
    const dist = byType(resources, T.distribution)[0]?.inputs ?? {};
    const src: Source = {
        file: "cloudfront-get-distribution-config.json",
        data: survey.get("cloudfront-get-distribution-config.json"),
    };
    const c = obj(obj(src.data).DistributionConfig);
    rows.add(
        R,
        "price class",
        "価格クラス",
        src,
        () => c.PriceClass,
        dist.priceClass,
        "PriceClass_100 has no edge locations in Japan",
    );
    rows.add(R, "HTTP version", "HTTPバージョン", src, () => c.HttpVersion, dist.httpVersion);
    rows.add(
        R,
        "TLS minimum (viewer)",
        "TLS最小バージョン",
        src,
        () => obj(c.ViewerCertificate).MinimumProtocolVersion,
        obj(dist.viewerCertificate).minimumProtocolVersion,
        "clients below the minimum cannot connect",
    );

    // Origins: kind (S3 or custom) by id, production's and the stack's.
    const liveOrigins = arr(obj(c.Origins).Items);
    const liveKind = (id: unknown) => {
        const o = liveOrigins.find((x) => x.Id === id);
        return o?.S3OriginConfig !== undefined || /\.s3[.-]/.test(String(o?.DomainName))
            ? "S3"
            : "custom";
    };
    const stackOrigins = arr(dist.origins);
    const stackKind = (id: unknown) => {
        const o = stackOrigins.find((x) => x.originId === id);
        return o?.originAccessControlId !== undefined || /\.s3[.-]/.test(String(o?.domainName))
            ? "S3"
            : "custom";
    };
    rows.add(
        R,
        "origins",
        "オリジン設定",
        src,
        () => liveOrigins.map((o) => `${liveKind(o.Id)} ${String(o.DomainName)}`).join(", "),
        stackOrigins.map((o) => `${stackKind(o.originId)} ${String(o.domainName)}`).join(", "),
        "names change with the new stack; each kind must still be served",
    );

    // Cache behaviours, in CloudFront's order, with the default last.
    const policies = arr(
        obj(obj(survey.get("cloudfront-list-cache-policies.json")).CachePolicyList).Items,
    );
    const liveTtl = (b: Json) => {
        if (b.CachePolicyId) {
            const cfg = obj(
                obj(policies.find((p) => obj(p.CachePolicy).Id === b.CachePolicyId)?.CachePolicy)
                    .CachePolicyConfig,
            );
            return cfg.DefaultTTL === undefined
                ? `cache policy ${String(b.CachePolicyId)}`
                : { min: cfg.MinTTL, def: cfg.DefaultTTL, max: cfg.MaxTTL };
        }
        return { min: b.MinTTL, def: b.DefaultTTL, max: b.MaxTTL };
    };
    const cachePolicies = byType(resources, T.cachePolicy);
    const stackTtl = (b: Json) => {
        const p = cachePolicies.find((x) => x.id === b.cachePolicyId)?.inputs;
        return p
            ? { min: p.minTtl, def: p.defaultTtl, max: p.maxTtl }
            : `cache policy ${String(b.cachePolicyId)}`;
    };
    const live = new Map<string, string>();
    for (const b of arr(obj(c.CacheBehaviors).Items)) {
        live.set(String(b.PathPattern), behaviourValue(liveKind(b.TargetOriginId), liveTtl(b)));
    }
    const mine = new Map<string, string>();
    for (const b of arr(dist.orderedCacheBehaviors)) {
        mine.set(String(b.pathPattern), behaviourValue(stackKind(b.targetOriginId), stackTtl(b)));
    }
    const patterns = [...new Set([...mine.keys(), ...live.keys()])];
    if (src.data === undefined) {
        rows.add(
            R,
            "cache behaviours",
            "キャッシュポリシー設定",
            src,
            () => undefined,
            `${patterns.length} + default`,
        );
    } else {
        for (const pattern of patterns) {
            rows.add(
                R,
                `behaviour ${pattern}`,
                `キャッシュ動作 ${pattern}`,
                src,
                () => live.get(pattern),
                mine.get(pattern),
                (p, s) =>
                    p === null
                        ? "new path: cached by the stack"
                        : s === null
                          ? "production-only path: its requests fall to the default behaviour"
                          : "a different TTL changes the hit ratio (measure with npm run cache-report)",
            );
        }
        const liveDefault = obj(c.DefaultCacheBehavior);
        const stackDefault = obj(dist.defaultCacheBehavior);
        rows.add(
            R,
            "behaviour default",
            "キャッシュ動作 default",
            src,
            () => behaviourValue(liveKind(liveDefault.TargetOriginId), liveTtl(liveDefault)),
            behaviourValue(stackKind(stackDefault.targetOriginId), stackTtl(stackDefault)),
            "pages: the origin's Cache-Control decides within these TTLs",
        );
    }
}

/** A WAF rule's meaning, the same for API JSON (after camelKeys) and provider inputs. */
function describeRule(rule: Json): { key: string; text: string } {
    const st = obj(rule.statement);
    const kind = Object.keys(st)[0] ?? "none";
    const body = obj(st[kind]);
    const action = rule.action
        ? Object.keys(obj(rule.action))[0]
        : `override ${Object.keys(obj(rule.overrideAction))[0] ?? "none"}`;
    if (kind === "managedRuleGroupStatement") {
        const overrides = arr(body.ruleActionOverrides)
            .map((o) => `${String(o.name)}→${Object.keys(obj(o.actionToUse))[0]}`)
            .join(" ");
        const id = `${String(body.vendorName)}/${String(body.name)}`;
        return {
            key: `managed:${id}`,
            text: `managed ${id}${overrides ? ` (${overrides})` : ""}, ${action}`,
        };
    }
    if (kind === "rateBasedStatement") {
        return {
            key: `rate:${String(body.aggregateKeyType)}`,
            text: `rate ${String(body.limit)} per ${String(body.evaluationWindowSec ?? 300)} s per ${String(body.aggregateKeyType)}, ${action}`,
        };
    }
    return {
        key: `rule:${String(rule.name)}`,
        text: `custom ${kind.replace(/Statement$/, "")}, ${action}`,
    };
}

function wafRows(rows: Rows, input: ParityInput): void {
    const { survey, resources } = input;
    const R = "WAF";
    const acl = byType(resources, T.webAcl)[0]?.inputs ?? {};
    const src: Source = {
        file: "wafv2-get-web-acl.json",
        data: survey.get("wafv2-get-web-acl.json"),
    };
    const liveRules = arr(camelKeys(obj(obj(src.data).WebACL).Rules));
    const stackRules = arr(acl.rules);
    const live = liveRules.map((r) => ({ name: String(r.name), ...describeRule(r) }));
    const mine = stackRules.map((r) => ({ name: String(r.name), ...describeRule(r) }));
    rows.add(
        R,
        "rules",
        "ルール設定",
        src,
        () => live.map((r) => r.name).join(", "),
        mine.map((r) => r.name).join(", "),
    );
    const rate = (rs: typeof live) =>
        rs
            .filter((r) => r.key.startsWith("rate:"))
            .map((r) => r.text)
            .join("; ") || undefined;
    rows.add(R, "rate limit", "レート制限", src, () => rate(live), rate(mine));
    if (src.data === undefined) {
        return;
    }
    for (const l of live) {
        const m = mine.find((x) => x.key === l.key);
        rows.add(
            R,
            `rule ${l.name}`,
            `ルール ${l.name}`,
            src,
            () => l.text,
            m?.text,
            m
                ? undefined
                : l.key.startsWith("rule:")
                  ? "custom rule the stack would drop: port it to components/edge/webAcl.ts or accept losing it"
                  : "production-only protection: the stack would drop it",
        );
    }
    for (const m of mine.filter((x) => !live.some((l) => l.key === x.key))) {
        rows.add(
            R,
            `rule ${m.name}`,
            `ルール ${m.name}`,
            src,
            () => undefined,
            m.text,
            "new in the stack: watch the WAF logs for blocked legitimate requests after the switch",
        );
    }
}

/** A CloudSearch index field in the settings' shape (only the options that are set). */
export interface SearchFieldSetting {
    name: string;
    type: string;
    search?: boolean;
    facet?: boolean;
    return?: boolean;
    sort?: boolean;
    highlight?: boolean;
    analysisScheme?: string;
}

/** describe-index-fields → settings fields (search.indexFields), sorted as the API lists them. */
export function liveIndexFields(data: unknown): SearchFieldSetting[] {
    return arr(obj(data).IndexFields).map((f) => {
        const o = obj(f.Options);
        const opts = obj(Object.entries(o).find(([k]) => k.endsWith("Options"))?.[1]);
        const out: SearchFieldSetting = {
            name: String(o.IndexFieldName),
            type: String(o.IndexFieldType),
        };
        const map: [string, keyof SearchFieldSetting][] = [
            ["SearchEnabled", "search"],
            ["FacetEnabled", "facet"],
            ["ReturnEnabled", "return"],
            ["SortEnabled", "sort"],
            ["HighlightEnabled", "highlight"],
            ["AnalysisScheme", "analysisScheme"],
        ];
        for (const [api, key] of map) {
            if (opts[api] !== undefined) {
                (out as unknown as Json)[key] = opts[api];
            }
        }
        return out;
    });
}

function fieldText(f: Json): string {
    const opts = ["search", "facet", "return", "sort", "highlight"]
        .filter((k) => f[k] !== undefined)
        .map((k) => `${k}=${String(f[k])}`);
    if (f.analysisScheme !== undefined) {
        opts.push(`analysis=${String(f.analysisScheme)}`);
    }
    return [String(f.type), ...opts].join(" ");
}

function searchRows(rows: Rows, input: ParityInput): void {
    const { survey, resources } = input;
    const R = "CloudSearch";
    const d = byType(resources, T.search)[0]?.inputs ?? {};
    const fsrc: Source = {
        file: "cloudsearch-describe-index-fields.json",
        data: survey.get("cloudsearch-describe-index-fields.json"),
    };
    const live = new Map(
        liveIndexFields(fsrc.data).map((f) => [f.name, fieldText(f as unknown as Json)]),
    );
    const mine = new Map(arr(d.indexFields).map((f) => [String(f.name), fieldText(f)]));
    if (fsrc.data === undefined) {
        rows.add(
            R,
            "index fields",
            "インデックスフィールド",
            fsrc,
            () => undefined,
            [...mine.keys()].join(", "),
        );
    } else {
        for (const n of [...new Set([...live.keys(), ...mine.keys()])].sort()) {
            rows.add(
                R,
                `field ${n}`,
                `フィールド ${n}`,
                fsrc,
                () => live.get(n),
                mine.get(n),
                "adopting the domain with a different schema updates it and needs re-indexing: run --write",
            );
        }
    }
    const ssrc: Source = {
        file: "cloudsearch-describe-scaling-parameters.json",
        data: survey.get("cloudsearch-describe-scaling-parameters.json"),
    };
    const so = obj(obj(obj(ssrc.data).ScalingParameters).Options);
    const sp = obj(d.scalingParameters);
    rows.add(
        R,
        "instance type",
        "インスタンスタイプ",
        ssrc,
        () => so.DesiredInstanceType,
        sp.desiredInstanceType,
        "--write copies production's desired type into search.instanceType",
    );
    rows.add(
        R,
        "replication count",
        "レプリカ数",
        ssrc,
        () => so.DesiredReplicationCount,
        sp.desiredReplicationCount,
    );
    rows.add(
        R,
        "partition count",
        "パーティション数",
        ssrc,
        () => so.DesiredPartitionCount,
        sp.desiredPartitionCount,
        "not a stack setting: CloudSearch chooses partitions for the instance type",
    );
    const asrc: Source = {
        file: "cloudsearch-describe-availability-options.json",
        data: survey.get("cloudsearch-describe-availability-options.json"),
    };
    rows.add(
        R,
        "Multi-AZ",
        "マルチAZ",
        asrc,
        () => onOff(obj(obj(asrc.data).AvailabilityOptions).Options),
        onOff(d.multiAz),
        "Multi-AZ doubles the search instances",
    );
}

/** Every row, in the notes' order: ElastiCache, RDS, ECS, ALB, CloudFront, WAF, then CloudSearch. */
export function parityRows(input: ParityInput): ParityRow[] {
    const rows = new Rows(input);
    cacheRows(rows, input);
    rdsRows(rows, input);
    ecsRows(rows, input);
    albRows(rows, input);
    cloudfrontRows(rows, input);
    wafRows(rows, input);
    searchRows(rows, input);
    return rows.rows;
}

function cell(v: string | null): string {
    return v === null ? "—" : `\`${v.replace(/\|/g, "\\|")}\``;
}

/** The Markdown table, headings in English and Japanese like the README pair. */
export function renderMarkdown(stack: string, rows: readonly ParityRow[]): string {
    const lines = [
        `## Parity: production vs stack \`${stack}\` / 本番環境との差分一覧`,
        "",
        "| Resource / リソース | Item / 項目 | Production / 本番環境 | Stack / スタック | Status / 状態 | Impact / 影響・備考 |",
        "|---|---|---|---|---|---|",
    ];
    let last = "";
    for (const r of rows) {
        const res = r.resource === last ? "" : `**${r.resource}**`;
        last = r.resource;
        lines.push(
            `| ${res} | ${r.item} / ${r.itemJa} | ${cell(r.production)} | ${cell(r.stack)} | ${r.status} | ${(r.impact ?? "").replace(/\|/g, "\\|")} |`,
        );
    }
    const counts = STATUSES.map((s) => `${s}: ${rows.filter((r) => r.status === s).length}`);
    lines.push("", `${rows.length} rows — ${counts.join(", ")}`);
    return lines.join("\n") + "\n";
}

/** The JSON array: resource, item, production, stack, status (and itemJa, impact). */
export function renderJson(rows: readonly ParityRow[]): string {
    return JSON.stringify(rows, null, 2) + "\n";
}
