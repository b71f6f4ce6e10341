/**
 * Parity, comparing: resolves each row's survey source (the file, or the item picked from it by a
 * name flag, checked against the other files it must agree with), reads both sides and gives the
 * status. The one-value rows are data (rowTable.ts); the groups that expand into many rows are in
 * groups.ts.
 */
import { commandLine, SurveyCommand } from "../awsCommands";
import { arr, at, Json, obj, show, SurveyFiles } from "./read";
import { onOff, ResourceKind, ROWS, RowSpec, SourceName, StackView, T } from "./rowTable";

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

/** The part of a synth resource parity reads (offline/mocks RecordedResource fits). */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly id?: string;
    readonly custom?: boolean;
    readonly inputs: Record<string, unknown>;
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

/** Where the production side of a group of rows comes from. */
export interface Source {
    readonly file: string;
    readonly data: unknown;
    /** The picked item of the file, when the source picks one. */
    readonly item?: Json;
    /** Why the file cannot give the value (e.g. several instances and no name). */
    readonly problem?: string;
}

export type Impact = string | ((p: string | null, s: string | null) => string | undefined);

export class Rows {
    readonly rows: ParityRow[] = [];
    constructor(private readonly input: ParityInput) {}

    private missing(src: Source): string {
        if (src.problem) {
            return src.problem;
        }
        const c = this.input.commands.find((x) => x.file === src.file);
        const collect = `collect it with: ${c ? commandLine(c, "DIR") : src.file}`;
        const failed = this.input.survey.failed.get(src.file);
        return failed ? `${failed}; ${collect}` : `${src.file} missing; ${collect}`;
    }

    /** Adds a row; `prod` is read only when the source has data. */
    add(
        resource: string,
        item: string,
        itemJa: string,
        src: Source,
        prod: () => unknown,
        stackValue: unknown,
        impact?: Impact,
    ): void {
        const stack = show(stackValue);
        if (src.data === undefined || src.problem !== undefined) {
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

export function byType(resources: readonly StackResource[], type: string): StackResource[] {
    return resources.filter((r) => r.type === type);
}

export function stackView(resources: readonly StackResource[]): StackView {
    const all = (kind: ResourceKind) => byType(resources, T[kind]).map((r) => r.inputs);
    return {
        all,
        first: (kind) => all(kind)[0] ?? {},
        has: (kind) => all(kind).length > 0,
    };
}

function pick(items: Json[], name: string | undefined, nameOf: (x: Json) => string, what: string) {
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
export function picked(
    survey: SurveyFiles,
    file: string,
    items: (data: unknown) => Json[],
    name: string | undefined,
    nameOf: (x: Json) => string,
    what: string,
): Source {
    const data = survey.get(file);
    if (data === undefined) {
        return { file, data };
    }
    const p = pick(items(data), name, nameOf, what);
    return p.item === undefined
        ? { file, data, problem: `${file}: ${p.problem}` }
        : { file, data, item: p.item };
}

/** A whole file as a source, its item the object at `path` ("" for the top). */
export function whole(survey: SurveyFiles, file: string, path = ""): Source {
    const data = survey.get(file);
    return { file, data, item: obj(path === "" ? data : at(data, path)) };
}

/** Resolves every named source once per run. */
export function resolveSources(input: ParityInput): (name: SourceName) => Source {
    const { survey, names } = input;
    const cache = new Map<SourceName, Source>();
    const rdsInstance = (): Source => {
        const src = picked(
            survey,
            "rds-describe-db-instances.json",
            (d) => arr(obj(d).DBInstances),
            names.rdsInstance,
            (x) => String(x.DBInstanceIdentifier),
            "DB instances",
        );
        // Without a name, the instance that uses the notes' parameter group is production's.
        if (src.problem && names.rdsInstance === undefined) {
            const using = arr(obj(src.data).DBInstances).filter((i) =>
                arr(i.DBParameterGroups).some(
                    (g) => g.DBParameterGroupName === names.parameterGroup,
                ),
            );
            if (using.length === 1) {
                return { file: src.file, data: src.data, item: using[0] };
            }
        }
        return src;
    };
    const ecsService = () =>
        picked(
            survey,
            "ecs-describe-services.json",
            (d) => arr(obj(d).services),
            names.ecsService,
            (x) => String(x.serviceName),
            "ECS services",
        );
    const alb = () =>
        picked(
            survey,
            "elbv2-describe-load-balancers.json",
            (d) => arr(obj(d).LoadBalancers).filter((x) => x.Type === "application"),
            names.albName,
            (x) => String(x.LoadBalancerName),
            "application load balancers",
        );
    // The task definition must be the picked service's: the file holds whichever one the survey
    // script looked up, so its ARN is checked against the service's taskDefinition.
    const taskDefinition = (): Source => {
        const file = "ecs-describe-task-definition.json";
        const data = survey.get(file);
        if (data === undefined) {
            return { file, data };
        }
        const svc = get("ecsService");
        if (svc.data === undefined || svc.problem !== undefined) {
            return {
                file,
                data,
                problem: `${file} cannot be matched to a service: ${svc.problem ?? `${svc.file} missing`}`,
            };
        }
        const td = obj(obj(data).taskDefinition);
        const wanted = String(svc.item?.taskDefinition);
        if (td.taskDefinitionArn !== wanted) {
            return {
                file,
                data,
                problem: `${file} holds ${String(td.taskDefinitionArn)}, not the task definition of service ${String(svc.item?.serviceName)} (${wanted}); collect it again with --ecs-service ${String(svc.item?.serviceName)}`,
            };
        }
        return { file, data, item: td };
    };
    // The HTTPS listener of the picked load balancer, never another one's.
    const httpsListener = (): Source => {
        const file = "elbv2-describe-listeners.json";
        const data = survey.get(file);
        if (data === undefined) {
            return { file, data };
        }
        const lb = get("alb");
        if (lb.data === undefined || lb.problem !== undefined) {
            return {
                file,
                data,
                problem: `${file} cannot be matched to a load balancer: ${lb.problem ?? `${lb.file} missing`}`,
            };
        }
        const arn = lb.item?.LoadBalancerArn;
        const mine = arr(obj(data).Listeners).filter((l) => l.LoadBalancerArn === arn);
        if (mine.length === 0) {
            const others = [
                ...new Set(arr(obj(data).Listeners).map((l) => String(l.LoadBalancerArn))),
            ];
            return {
                file,
                data,
                problem: `${file} lists listeners of ${others.join(", ") || "no load balancer"}, not of ${String(lb.item?.LoadBalancerName)}; collect it again with --alb-name ${String(lb.item?.LoadBalancerName)}`,
            };
        }
        return { file, data, item: mine.find((l) => l.Protocol === "HTTPS") ?? {} };
    };
    const resolvers: Record<SourceName, () => Source> = {
        rdsInstance,
        cacheCluster: () =>
            picked(
                survey,
                "elasticache-describe-cache-clusters.json",
                (d) => arr(obj(d).CacheClusters),
                names.cacheCluster,
                (x) => String(x.CacheClusterId),
                "cache clusters",
            ),
        ecsService,
        taskDefinition,
        alb,
        httpsListener,
        distributionConfig: () =>
            whole(survey, "cloudfront-get-distribution-config.json", "DistributionConfig"),
        searchScaling: () =>
            whole(
                survey,
                "cloudsearch-describe-scaling-parameters.json",
                "ScalingParameters.Options",
            ),
        searchAvailability: () =>
            whole(survey, "cloudsearch-describe-availability-options.json", "AvailabilityOptions"),
        searchEndpoint: () =>
            whole(
                survey,
                "cloudsearch-describe-domain-endpoint-options.json",
                "DomainEndpointOptions.Options",
            ),
    };
    function get(name: SourceName): Source {
        let s = cache.get(name);
        if (s === undefined) {
            s = resolvers[name]();
            cache.set(name, s);
        }
        return s;
    }
    return get;
}

/** Adds the rows of the table's entries for one resource. */
export function tableRows(
    rows: Rows,
    resource: string,
    source: (name: SourceName) => Source,
    view: StackView,
    specs: readonly RowSpec[] = ROWS,
): void {
    for (const spec of specs.filter((x) => x.resource === resource)) {
        const src = source(spec.source);
        const fmt = spec.compare === "onOff" ? onOff : (v: unknown) => v;
        const item = src.item ?? {};
        const prod = () =>
            fmt(
                typeof spec.production === "function"
                    ? spec.production(item)
                    : at(item, spec.production),
            );
        const stackRaw =
            typeof spec.stack === "function"
                ? spec.stack(view)
                : (at(view.first(spec.stack.kind), spec.stack.path) ?? spec.stack.default);
        rows.add(spec.resource, spec.item, spec.itemJa, src, prod, fmt(stackRaw), spec.impact);
    }
}
