/**
 * Parity, the groups of rows that expand from one survey file into many: parameters, container
 * images, cache behaviours, WAF rules, CloudSearch fields and analysis schemes, NAT addresses,
 * other S3 buckets and the IAM principals that reference the search domain.
 */
import { ENFORCED_BECAUSE } from "../../components/data/postgresParameters";
import { byType, ParityInput, Rows, Source, StackResource, whole } from "./compare";
import { arr, at, camelKeys, Json, obj, own } from "./read";
import { T } from "./rowTable";

/** Canonical JSON: keys sorted, so equal content reads equal whatever the order. */
export function canonical(v: unknown): string {
    if (Array.isArray(v)) {
        return `[${v.map(canonical).join(",")}]`;
    }
    if (v !== null && typeof v === "object") {
        return `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((v as Json)[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(v) ?? "null";
}

/** Production's user-set parameters and the stack's, one row each (RDS and ElastiCache alike). */
function parameterRows(
    rows: Rows,
    resource: string,
    src: Source,
    stackGroup: StackResource | undefined,
    impact: (name: string, live: Json | undefined, stack: string | null) => string | undefined,
): void {
    const live = new Map(arr(obj(src.data).Parameters).map((x) => [String(x.ParameterName), x]));
    const mine = new Map(
        arr(stackGroup?.inputs.parameters).map((x) => [String(x.name), String(x.value)]),
    );
    if (src.data === undefined) {
        rows.add(
            resource,
            "parameters",
            "パラメータグループ（設定値）",
            src,
            () => undefined,
            mine.size ? `${mine.size} set` : undefined,
        );
        return;
    }
    const names = [
        ...[...live.values()]
            .filter((x) => x.Source === "user")
            .map((x) => String(x.ParameterName)),
        ...[...mine.keys()],
    ];
    for (const n of [...new Set(names)].sort()) {
        const x = live.get(n);
        rows.add(
            resource,
            `parameter ${n}`,
            `パラメータ ${n}`,
            src,
            () => x?.ParameterValue,
            mine.get(n),
            (_p, s) => impact(n, x, s),
        );
    }
}

export function rdsParameterRows(rows: Rows, input: ParityInput, instance: Source): void {
    const R = "RDS PostgreSQL";
    const db = byType(input.resources, T.rds)[0]?.inputs ?? {};
    const stackGroup = byType(input.resources, T.rdsParams)[0];
    rows.add(
        R,
        "parameter group",
        "パラメータグループ",
        instance,
        () =>
            arr(instance.item?.DBParameterGroups)
                .map((g) => g.DBParameterGroupName)
                .join(", "),
        stackGroup
            ? `${stackGroup.name} (${String(stackGroup.inputs.family)})`
            : db.parameterGroupName,
        "the stack has its own group; production's user-set parameters are compared row by row below",
    );
    parameterRows(
        rows,
        R,
        whole(input.survey, "rds-describe-db-parameters.json"),
        stackGroup,
        (n, x, s) => {
            if (ENFORCED_BECAUSE[n] !== undefined) {
                return ENFORCED_BECAUSE[n];
            }
            if (x?.Source === "user" && s === null) {
                return "set in production only: npm run parity -- --write copies it into database.parameters";
            }
            if (x?.Source === "user") {
                return "production's deliberate setting: --write adopts it";
            }
            return x?.ParameterValue === undefined
                ? "not set in production (engine default)"
                : `production's value is its ${String(x?.Source)} value, not a user setting`;
        },
    );
}

export function cacheParameterRows(rows: Rows, input: ParityInput, cluster: Source): void {
    const R = "ElastiCache Memcached";
    const group = byType(input.resources, T.cacheParams)[0];
    const c = byType(input.resources, T.cache)[0]?.inputs ?? {};
    rows.add(
        R,
        "parameter group",
        "パラメータグループ",
        cluster,
        () => obj(cluster.item?.CacheParameterGroup).CacheParameterGroupName,
        group ? `${group.name} (${String(group.inputs.family)})` : c.parameterGroupName,
        "the stack's own group: settings differ from the engine defaults",
    );
    // https://awscli.amazonaws.com/v2/documentation/api/latest/reference/elasticache/describe-cache-parameters.html
    parameterRows(
        rows,
        R,
        whole(input.survey, "elasticache-describe-cache-parameters.json"),
        group,
        (_n, x, s) =>
            x?.Source === "user" && s === null
                ? "set in production only: the app's cache behaviour may depend on it; add it to the stack's group by hand"
                : x?.Source === "user"
                  ? "production's deliberate setting differs from the stack's"
                  : x === undefined
                    ? "not a parameter of production's engine version"
                    : `production's value is its ${String(x.Source)} value`,
    );
}

/** The app's container: the first essential one. */
function imageOf(containers: Json[]): Json | undefined {
    return containers.find((c) => c.essential !== false) ?? containers[0];
}

export function ecsImageRows(rows: Rows, input: ParityInput, td: Source): void {
    const tdInputs = byType(input.resources, T.taskDef)[0]?.inputs ?? {};
    let stackContainers: Json[] = [];
    try {
        const raw = tdInputs.containerDefinitions;
        stackContainers = arr(typeof raw === "string" ? JSON.parse(raw) : raw);
    } catch {
        stackContainers = [];
    }
    rows.add(
        "ECS",
        "running image",
        "稼働中のイメージ",
        td,
        () => imageOf(arr(td.item?.containerDefinitions))?.image,
        imageOf(stackContainers)?.image,
        "the cutover must run the release that matches the restored database: --write copies production's image into service.image",
    );
}

/** A cache policy's or legacy ForwardedValues' cache key, in one line. */
function cacheKeyOf(cfg: Json): string {
    const part = (what: string, behavior: unknown, items: unknown) => {
        const names = Array.isArray(items) ? (items as unknown[]).map(String).sort() : [];
        return `${what} ${String(behavior ?? "none")}${names.length ? ` (${names.join(" ")})` : ""}`;
    };
    return [
        part("cookies", at(cfg, "c.b"), at(cfg, "c.i")),
        part("headers", at(cfg, "h.b"), at(cfg, "h.i")),
        part("query strings", at(cfg, "q.b"), at(cfg, "q.i")),
    ].join(", ");
}

/**
 * A cache policy's cache key, from the stack's inputs (camelCase) or, with `pascal`, from the
 * AWS CLI's output (the same paths in PascalCase).
 */
function policyKey(p: Json, pascal: boolean): string {
    const name = (path: string) =>
        pascal
            ? path
                  .split(".")
                  .map((s) => s[0].toUpperCase() + s.slice(1))
                  .join(".")
            : path;
    const k = obj(p[name("parametersInCacheKeyAndForwardedToOrigin")]);
    const part = (config: string, behavior: string, items: string) => ({
        b: at(k, name(`${config}.${behavior}`)),
        i: at(k, name(`${config}.${items}.items`)),
    });
    return cacheKeyOf({
        c: part("cookiesConfig", "cookieBehavior", "cookies"),
        h: part("headersConfig", "headerBehavior", "headers"),
        q: part("queryStringsConfig", "queryStringBehavior", "queryStrings"),
    });
}

const liveKey = (p: Json): string => policyKey(p, true);
const stackKey = (p: Json): string => policyKey(p, false);

/** Legacy ForwardedValues (no cache policy): query string on/off, cookies, headers. */
function forwardedKey(b: Json): string {
    const f = obj(b.ForwardedValues);
    const cookies = obj(f.Cookies);
    return cacheKeyOf({
        c: {
            b: cookies.Forward === "whitelist" ? "whitelist" : (cookies.Forward ?? "none"),
            i: at(cookies, "WhitelistedNames.Items"),
        },
        h: {
            b:
                arr(at(f, "Headers.Items")).length || at(f, "Headers.Quantity")
                    ? "whitelist"
                    : "none",
            i: at(f, "Headers.Items"),
        },
        q: { b: f.QueryString ? "all" : "none", i: at(f, "QueryStringCacheKeys.Items") },
    });
}

export function cloudfrontGroupRows(rows: Rows, input: ParityInput): void {
    const { survey, resources } = input;
    const R = "CloudFront";
    const dist = byType(resources, T.distribution)[0]?.inputs ?? {};
    const src = whole(survey, "cloudfront-get-distribution-config.json", "DistributionConfig");
    const c = src.item ?? {};

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

    // Cache behaviours: TTLs and cache key from the cache policy (or legacy ForwardedValues).
    const policiesFile = "cloudfront-list-cache-policies.json";
    const policiesData = survey.get(policiesFile);
    const policies = arr(obj(obj(policiesData).CachePolicyList).Items);
    const liveBehaviours = arr(obj(c.CacheBehaviors).Items);
    const liveDefault = obj(c.DefaultCacheBehavior);
    const usesPolicies = [...liveBehaviours, liveDefault].some((b) => b.CachePolicyId);
    // Behaviours read a second file when they use cache policies: without it they are not surveyed.
    const bsrc: Source =
        src.data !== undefined && usesPolicies && policiesData === undefined
            ? { file: policiesFile, data: undefined }
            : src;
    const liveValue = (b: Json) => {
        const kind = liveKind(b.TargetOriginId);
        if (b.CachePolicyId) {
            const cfg = obj(
                obj(policies.find((p) => obj(p.CachePolicy).Id === b.CachePolicyId)?.CachePolicy)
                    .CachePolicyConfig,
            );
            return cfg.DefaultTTL === undefined
                ? `${kind}, cache policy ${String(b.CachePolicyId)}`
                : `${kind}, TTL ${String(cfg.MinTTL)}/${String(cfg.DefaultTTL)}/${String(cfg.MaxTTL)} s (min/default/max), key: ${liveKey(cfg)}`;
        }
        return `${kind}, TTL ${String(b.MinTTL)}/${String(b.DefaultTTL)}/${String(b.MaxTTL)} s (min/default/max), key: ${forwardedKey(b)}`;
    };
    const cachePolicies = byType(resources, T.cachePolicy);
    const stackValue = (b: Json) => {
        const kind = stackKind(b.targetOriginId);
        const p = cachePolicies.find((x) => x.id === b.cachePolicyId)?.inputs;
        return p
            ? `${kind}, TTL ${String(p.minTtl)}/${String(p.defaultTtl)}/${String(p.maxTtl)} s (min/default/max), key: ${stackKey(p)}`
            : `${kind}, cache policy ${String(b.cachePolicyId)}`;
    };
    const live = new Map<string, string>();
    for (const b of liveBehaviours) {
        live.set(String(b.PathPattern), liveValue(b));
    }
    const mine = new Map<string, string>();
    for (const b of arr(dist.orderedCacheBehaviors)) {
        mine.set(String(b.pathPattern), stackValue(b));
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
        return;
    }
    // CloudFront matches the first pattern in order: the same patterns in another order route
    // requests differently.
    rows.add(
        R,
        "behaviour order",
        "キャッシュ動作の順序",
        src,
        () => [...live.keys()].join(" → "),
        [...mine.keys()].join(" → "),
        "CloudFront uses the first matching pattern: another order sends some requests to another behaviour",
    );
    for (const pattern of patterns) {
        rows.add(
            R,
            `behaviour ${pattern}`,
            `キャッシュ動作 ${pattern}`,
            bsrc,
            () => live.get(pattern),
            mine.get(pattern),
            (p, s) =>
                p === null
                    ? "new path: cached by the stack"
                    : s === null
                      ? "production-only path: its requests fall to the default behaviour"
                      : "a different TTL or cache key changes the hit ratio (measure with npm run cache-report)",
        );
    }
    rows.add(
        R,
        "behaviour default",
        "キャッシュ動作 default",
        bsrc,
        () => liveValue(liveDefault),
        stackValue(obj(dist.defaultCacheBehavior)),
        "pages: the origin's Cache-Control decides within these TTLs",
    );
}

/**
 * A WAF rule's meaning, the same for API JSON (after camelKeys) and provider inputs: the statement
 * kind, its whole content (a rate rule's scope-down statement, a custom rule's match) and action.
 */
export function describeRule(rule: Json): { key: string; text: string } {
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
        const scope = body.scopeDownStatement
            ? `, scope-down ${canonical(body.scopeDownStatement)}`
            : "";
        return {
            key: `managed:${id}`,
            text: `managed ${id}${overrides ? ` (${overrides})` : ""}${scope}, ${action}`,
        };
    }
    if (kind === "rateBasedStatement") {
        const scope = body.scopeDownStatement
            ? `, scope-down ${canonical(body.scopeDownStatement)}`
            : "";
        return {
            key: `rate:${String(body.aggregateKeyType)}`,
            text: `rate ${String(body.limit)} per ${String(body.evaluationWindowSec ?? 300)} s per ${String(body.aggregateKeyType)}${scope}, ${action}`,
        };
    }
    return {
        key: `rule:${String(rule.name)}`,
        text: `custom ${kind.replace(/Statement$/, "")} ${canonical(body)}, ${action}`,
    };
}

const byPriority = (a: Json, b: Json) => Number(a.priority) - Number(b.priority);

export function wafRows(rows: Rows, input: ParityInput): void {
    const { survey, resources } = input;
    const R = "WAF";
    const acl = byType(resources, T.webAcl)[0]?.inputs ?? {};
    const src = whole(survey, "wafv2-get-web-acl.json");
    const liveRules = arr(camelKeys(obj(obj(src.data).WebACL).Rules)).sort(byPriority);
    const stackRules = arr(acl.rules).sort(byPriority);
    const live = liveRules.map((r) => ({ name: String(r.name), ...describeRule(r) }));
    const mine = stackRules.map((r) => ({ name: String(r.name), ...describeRule(r) }));
    rows.add(
        R,
        "rules",
        "ルール設定",
        src,
        () => live.map((r) => r.name).join(", "),
        mine.map((r) => r.name).join(", "),
        "rules in priority order: the first rule that blocks or allows decides",
    );
    // Evaluation order of the kinds both sides have.
    const order = (rs: typeof live, other: typeof live) =>
        rs
            .filter((r) => other.some((o) => o.key === r.key))
            .map((r) => r.key)
            .join(" → ") || undefined;
    rows.add(
        R,
        "rule order (shared rules)",
        "ルールの評価順",
        src,
        () => order(live, mine),
        order(mine, live),
        "the same rules in another priority order act differently (an allow before a block)",
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
                ? l.key.startsWith("rule:")
                    ? "same name, different content: the stack's rule matches other requests"
                    : "same kind, different content (a scope-down statement narrows a rate rule)"
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
    sourceFields?: string;
    defaultValue?: string;
}

/** A field of describe-index-fields, with whether CloudSearch is deleting it. */
export interface LiveIndexField extends SearchFieldSetting {
    readonly pendingDeletion?: boolean;
}

/**
 * describe-index-fields → settings fields (search.indexFields), sorted as the API lists them.
 * Each type's options object (TextOptions, IntArrayOptions...) holds SourceField (scalar types) or
 * SourceFields (array types, comma-separated) and DefaultValue:
 * https://docs.aws.amazon.com/cloudsearch/latest/developerguide/API_IndexField.html
 * Status.PendingDeletion marks a field being removed:
 * https://docs.aws.amazon.com/cloudsearch/latest/developerguide/API_OptionStatus.html
 */
export function liveIndexFields(data: unknown): LiveIndexField[] {
    return arr(obj(data).IndexFields).map((f) => {
        const o = obj(f.Options);
        const opts = obj(Object.entries(o).find(([k]) => k.endsWith("Options"))?.[1]);
        const out: Json = {
            name: String(o.IndexFieldName),
            type: String(o.IndexFieldType),
        };
        const map: [string, string][] = [
            ["SearchEnabled", "search"],
            ["FacetEnabled", "facet"],
            ["ReturnEnabled", "return"],
            ["SortEnabled", "sort"],
            ["HighlightEnabled", "highlight"],
            ["AnalysisScheme", "analysisScheme"],
            ["SourceField", "sourceFields"],
            ["SourceFields", "sourceFields"],
        ];
        for (const [api, key] of map) {
            const v = own(opts, api);
            if (v !== undefined && v !== null) {
                out[key] = v;
            }
        }
        const dflt = own(opts, "DefaultValue");
        if (dflt !== undefined && dflt !== null) {
            out.defaultValue = String(dflt);
        }
        if (obj(f.Status).PendingDeletion === true) {
            out.pendingDeletion = true;
        }
        return out as unknown as LiveIndexField;
    });
}

function fieldText(f: Json): string {
    const opts = ["search", "facet", "return", "sort", "highlight"]
        .filter((k) => f[k] !== undefined)
        .map((k) => `${k}=${String(f[k])}`);
    if (f.analysisScheme !== undefined) {
        opts.push(`analysis=${String(f.analysisScheme)}`);
    }
    if (f.sourceFields !== undefined) {
        opts.push(`source=${String(f.sourceFields)}`);
    }
    if (f.defaultValue !== undefined) {
        opts.push(`default=${JSON.stringify(String(f.defaultValue))}`);
    }
    if (f.pendingDeletion) {
        opts.push("(pending deletion)");
    }
    return [String(f.type), ...opts].join(" ");
}

export function searchGroupRows(rows: Rows, input: ParityInput): void {
    const { survey, resources } = input;
    const R = "CloudSearch";
    const d = byType(resources, T.search)[0]?.inputs ?? {};
    const fsrc = whole(survey, "cloudsearch-describe-index-fields.json");
    const liveFields = liveIndexFields(fsrc.data);
    const live = new Map(liveFields.map((f) => [f.name, fieldText(f as unknown as Json)]));
    const deleting = new Set(liveFields.filter((f) => f.pendingDeletion).map((f) => f.name));
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
                deleting.has(n)
                    ? "production is deleting this field: --write leaves it out, the stack must not write it back"
                    : "adopting the domain with a different schema updates it and needs re-indexing: run --write",
            );
        }
    }
    // Analysis schemes: the provider manages none (an adopted domain keeps its own), so each is
    // production's only, with what that means for the stack.
    const asrc = whole(survey, "cloudsearch-describe-analysis-schemes.json");
    const schemes = arr(obj(asrc.data).AnalysisSchemes).map((s) => obj(s.Options));
    if (asrc.data === undefined || schemes.length === 0) {
        rows.add(
            R,
            "analysis schemes",
            "解析スキーム",
            asrc,
            () => (schemes.length ? String(schemes.length) : undefined),
            undefined,
        );
    }
    for (const s of schemes) {
        const name = String(s.AnalysisSchemeName);
        rows.add(
            R,
            `analysis scheme ${name}`,
            `解析スキーム ${name}`,
            asrc,
            () => `${String(s.AnalysisSchemeLanguage)} ${canonical(obj(s.AnalysisOptions))}`,
            undefined,
            "not managed by the stack (the provider has no analysis schemes): an adopted domain keeps it; a new domain lacks it, so fields using it cannot be created",
        );
    }
}

export function natRows(rows: Rows, input: ParityInput): void {
    const src = whole(input.survey, "ec2-describe-nat-gateways.json");
    const live = arr(obj(src.data).NatGateways).flatMap((g) =>
        arr(g.NatGatewayAddresses).map((a) => `${String(a.AllocationId)} (${String(a.PublicIp)})`),
    );
    const nats = byType(input.resources, T.natGateway).map((n) => n.inputs);
    const eipIds = new Set(byType(input.resources, T.eip).map((e) => e.id));
    const mine = nats.map((n) =>
        eipIds.has(String(n.allocationId)) ? "new Elastic IP" : String(n.allocationId),
    );
    rows.add(
        "VPC",
        "NAT outbound addresses",
        "NAT送信元IP",
        src,
        () => live.sort().join(", "),
        mine.sort().join(", "),
        "allow-lists elsewhere (SMTP relay, partners) hold production's addresses: adopt them with network.natEipAllocationIds (docs/migration.md)",
    );
}

/** Each production bucket's settings beside the stack's own buckets. */
export function bucketRows(rows: Rows, input: ParityInput): void {
    const src = whole(input.survey, "s3api-get-bucket-details.json");
    const buckets = arr(obj(src.data).Buckets);
    const describe = (b: Json) => {
        const enc = arr(at(b, "get-bucket-encryption.ServerSideEncryptionConfiguration.Rules")).map(
            (r) => String(at(r, "ApplyServerSideEncryptionByDefault.SSEAlgorithm")),
        );
        const lifecycle = arr(at(b, "get-bucket-lifecycle-configuration.Rules")).length;
        const cors = arr(at(b, "get-bucket-cors.CORSRules")).length;
        const policy = at(b, "get-bucket-policy.Policy") !== undefined;
        return `encryption ${enc.join("+") || "none"}, lifecycle ${lifecycle} rule(s), CORS ${cors} rule(s), policy ${policy ? "yes" : "none"}`;
    };
    if (src.data === undefined) {
        rows.add("S3", "buckets", "S3バケット", src, () => undefined, undefined);
        return;
    }
    for (const b of buckets) {
        rows.add(
            "S3",
            `bucket ${String(b.Name)}`,
            `バケット ${String(b.Name)}`,
            src,
            () => describe(b),
            undefined,
            "not managed by the stack: keep it, or move its objects and users before retiring production",
        );
    }
    const mine = input.resources.filter((r) => /^aws:s3\/bucket(V2)?:Bucket(V2)?$/.test(r.type));
    for (const r of mine) {
        rows.add(
            "S3",
            `stack bucket ${r.name}`,
            `スタックのバケット ${r.name}`,
            src,
            () => undefined,
            "the stack's bucket (encryption, lifecycle and policy from the stack)",
        );
    }
}

/**
 * IAM roles and customer managed policies whose documents name the CloudSearch domain (its ARN,
 * or a cloudsearch action on every resource): adopting the domain replaces its access policy, so
 * these principals lose access unless the stack lets them in.
 */
export function iamRows(rows: Rows, input: ParityInput): void {
    const src = whole(input.survey, "iam-get-account-authorization-details.json");
    if (src.data === undefined) {
        rows.add(
            "IAM",
            "principals using the search domain",
            "検索ドメインを参照するIAM",
            src,
            () => undefined,
            undefined,
        );
        return;
    }
    const domain = input.names.searchDomain;
    const refers = (doc: unknown): boolean => {
        const text = typeof doc === "string" ? safeDecode(doc) : JSON.stringify(doc ?? null);
        return (
            text.includes(`:domain/${domain}"`) ||
            text.includes(`:domain/${domain}/`) ||
            text.includes(`:domain/${domain}*`) ||
            /"cloudsearch:[^"]*"[^\]]*"Resource"\s*:\s*"\*"|"Resource"\s*:\s*"\*"[^}]*"cloudsearch:/.test(
                text,
            )
        );
    };
    const found: { kind: string; name: string; where: string }[] = [];
    for (const role of arr(obj(src.data).RoleDetailList)) {
        for (const p of arr(role.RolePolicyList)) {
            if (refers(p.PolicyDocument)) {
                found.push({
                    kind: "role",
                    name: String(role.RoleName),
                    where: `inline ${String(p.PolicyName)}`,
                });
            }
        }
    }
    for (const pol of arr(obj(src.data).Policies)) {
        const current = arr(pol.PolicyVersionList).find((v) => v.IsDefaultVersion === true);
        if (current && refers(current.Document)) {
            const users = arr(obj(src.data).RoleDetailList)
                .filter((r) => arr(r.AttachedManagedPolicies).some((a) => a.PolicyArn === pol.Arn))
                .map((r) => String(r.RoleName));
            found.push({
                kind: "policy",
                name: String(pol.PolicyName),
                where: `attached to ${users.join(", ") || "no role"}`,
            });
        }
    }
    if (found.length === 0) {
        rows.add(
            "IAM",
            "principals using the search domain",
            "検索ドメインを参照するIAM",
            src,
            () => undefined,
            undefined,
        );
    }
    for (const f of found) {
        rows.add(
            "IAM",
            `${f.kind} ${f.name}`,
            `${f.kind === "role" ? "ロール" : "ポリシー"} ${f.name}`,
            src,
            () => `references CloudSearch domain ${domain} (${f.where})`,
            undefined,
            "adopting the domain replaces its access policy with the stack's (the app's task role only): this principal loses access",
        );
    }
}

function safeDecode(s: string): string {
    try {
        return decodeURIComponent(s);
    } catch {
        return s;
    }
}
