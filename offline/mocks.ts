/**
 * Pulumi mocks shared by the offline synth and the unit tests.
 *
 * The mocks stand in for the AWS provider: every resource gets a deterministic id and the
 * computed outputs that other components read (ARNs, endpoints, DNS names), and every invoke that
 * the program is allowed to make has a fixed answer. Any other invoke throws, so a new data-source
 * call cannot silently return the wrong shape.
 *
 * A recorder wraps the mock monitor to keep what a real `pulumi stack export` keeps: URN, type,
 * parent, provider and the inputs as sent to the provider, with secrets replaced by a placeholder.
 * Mocks cannot prove that AWS accepts the inputs; they prove what the program asks for.
 */
import * as pulumi from "@pulumi/pulumi";
import { performance } from "perf_hooks";
import {
    interceptRegistrations,
    RegistrationRequest,
    waitForRPCs,
    WIRE_SIGNATURES,
    wireSignature,
} from "../sdk/internals";
import { SECRET_PLACEHOLDER } from "./stackFiles";
import { useEngineUrns } from "./urn";

export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "ap-northeast-1";
/** What a secret value looks like in recorded inputs, outputs and the synth file. */
export { SECRET_PLACEHOLDER };

/** One registered resource, shaped like a resource of `pulumi stack export`. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    /** Logical name (the last URN segment). */
    readonly name: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    /** Inputs as the provider receives them; secrets are {@link SECRET_PLACEHOLDER}. */
    readonly inputs: Record<string, unknown>;
    /** Outputs: the mock state of a custom resource, or what a component registered. */
    outputs: Record<string, unknown>;
    /** The resource options the engine received (what a test may need to prove). */
    readonly options: RecordedOptions;
}

/** Resource options as registered: the option fields of the RegisterResource request. */
export type RecordedOptions = Pick<
    RegistrationRequest,
    | "protect"
    | "deleteBeforeReplace"
    | "deleteBeforeReplaceDefined"
    | "retainOnDelete"
    | "retainOnDeleteDefined"
    | "replaceOnChanges"
    | "version"
    | "importId"
    | "ignoreChanges"
    | "dependencies"
    | "propertyDependencies"
    | "aliases"
>;

/**
 * Turns a wire value (google.protobuf.Struct as plain JS) into export JSON: secrets become the
 * placeholder, resource references their URN, assets a marker. Unknowns stay as the sentinel.
 */
export function sanitizeWireValue(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sanitizeWireValue);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    switch (wireSignature(obj)) {
        case WIRE_SIGNATURES.secret:
            return SECRET_PLACEHOLDER;
        case WIRE_SIGNATURES.resource:
            return obj["urn"];
        case WIRE_SIGNATURES.asset:
        case WIRE_SIGNATURES.archive:
            return "[asset]";
        case WIRE_SIGNATURES.output:
            return obj["secret"] ? SECRET_PLACEHOLDER : sanitizeWireValue(obj["value"]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
        out[k] = sanitizeWireValue(v);
    }
    return out;
}

/** `aws:rds/instance:Instance` → `rds`; used to make plausible ARNs. */
function serviceOf(type: string): string {
    const pkg = type.split(":")[1] ?? "";
    return pkg.split("/")[0];
}

/** Computed outputs the components read, per resource type, on top of the inputs. */
export function computedState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    const region = (inputs["region"] as string | undefined) ?? MOCK_REGION;
    const svc = serviceOf(type);
    const base: Record<string, unknown> = {
        ...inputs,
        arn: `arn:aws:${svc}:${region}:${MOCK_ACCOUNT_ID}:${svc}/${name}`,
        name: inputs["name"] ?? name,
    };
    switch (type) {
        case "aws:kms/key:Key":
            return {
                ...base,
                keyId: `${name}-key-id`,
                arn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/${name}-key-id`,
            };
        case "aws:ec2/vpc:Vpc":
            return {
                ...base,
                defaultSecurityGroupId: `${name}-default-sg`,
                mainRouteTableId: `${name}-main-rtb`,
            };
        case "aws:cloudwatch/logGroup:LogGroup":
            return {
                ...base,
                arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${base.name}`,
            };
        case "aws:s3/bucket:Bucket": {
            const bucket = (inputs["bucket"] as string | undefined) ?? `${name}-0a1b2c3`;
            return {
                ...base,
                id: bucket, // a bucket's id is its name
                bucket,
                arn: `arn:aws:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
            };
        }
        case "aws:rds/instance:Instance": {
            const address = `${name}.c0abcdefghij.${region}.rds.amazonaws.com`;
            const port = (inputs["port"] as number | undefined) ?? 5432;
            return {
                ...base,
                address,
                port,
                endpoint: `${address}:${port}`,
                arn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:db:${name}`,
                masterUserSecrets: inputs["manageMasterUserPassword"]
                    ? [
                          {
                              secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!db-${name}-AbCdEf`,
                              kmsKeyId: inputs["masterUserSecretKmsKeyId"],
                              secretStatus: "active",
                          },
                      ]
                    : [],
            };
        }
        case "aws:elasticache/cluster:Cluster": {
            const id = (inputs["clusterId"] as string | undefined) ?? name;
            const count = (inputs["numCacheNodes"] as number | undefined) ?? 1;
            const port = (inputs["port"] as number | undefined) ?? 11211;
            const azs = (inputs["preferredAvailabilityZones"] as string[] | undefined) ?? [];
            return {
                ...base,
                clusterAddress: `${id}.abc123.cfg.apne1.cache.amazonaws.com`,
                configurationEndpoint: `${id}.abc123.cfg.apne1.cache.amazonaws.com:${port}`,
                cacheNodes: Array.from({ length: count }, (_, i) => ({
                    id: String(i + 1).padStart(4, "0"),
                    address: `${id}.abc123.${String(i + 1).padStart(4, "0")}.apne1.cache.amazonaws.com`,
                    port,
                    availabilityZone: azs[i] ?? `${MOCK_REGION}a`,
                })),
            };
        }
        case "aws:elasticache/serverlessCache:ServerlessCache":
            return {
                ...base,
                endpoints: [
                    { address: `${name}-abc123.serverless.apne1.cache.amazonaws.com`, port: 11211 },
                ],
            };
        case "aws:cloudsearch/domain:Domain":
            return {
                ...base,
                arn: `arn:aws:cloudsearch:${region}:${MOCK_ACCOUNT_ID}:domain/${base.name}`,
                domainId: `${MOCK_ACCOUNT_ID}/${base.name}`,
                documentServiceEndpoint: `doc-${base.name}-abc123.${region}.cloudsearch.amazonaws.com`,
                searchServiceEndpoint: `search-${base.name}-abc123.${region}.cloudsearch.amazonaws.com`,
            };
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                ...base,
                arn: `arn:aws:elasticloadbalancing:${region}:${MOCK_ACCOUNT_ID}:loadbalancer/app/${name}/50dc6c495c0c9188`,
                arnSuffix: `app/${name}/50dc6c495c0c9188`,
                dnsName: `internal-${name}-123456789.${region}.elb.amazonaws.com`,
                zoneId: "Z14GRHDCWA56QT",
            };
        case "aws:lb/targetGroup:TargetGroup":
            return {
                ...base,
                arn: `arn:aws:elasticloadbalancing:${region}:${MOCK_ACCOUNT_ID}:targetgroup/${name}/943f017f100becff`,
                arnSuffix: `targetgroup/${name}/943f017f100becff`,
            };
        case "aws:ecr/repository:Repository":
            return {
                ...base,
                repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${base.name}`,
            };
        case "aws:cloudfront/distribution:Distribution":
            return {
                ...base,
                arn: `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/E${name.length}EXAMPLE`,
                domainName: "d111111abcdef8.cloudfront.net",
                hostedZoneId: "Z2FDTNDATAQYW2",
            };
        case "aws:acm/certificate:Certificate":
            return {
                ...base,
                arn: `arn:aws:acm:${region}:${MOCK_ACCOUNT_ID}:certificate/${name}`,
                domainValidationOptions: [
                    inputs["domainName"],
                    ...((inputs["subjectAlternativeNames"] as string[]) ?? []),
                ].map((domainName) => ({
                    domainName,
                    resourceRecordName: `_abc.${domainName}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: "_xyz.acm-validations.aws.",
                })),
            };
        case "aws:route53/record:Record":
            return { ...base, fqdn: String(inputs["name"]).replace(/\.$/, "") };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            // IAM names the provider by its URL without the scheme:
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
            return {
                ...base,
                arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${String(inputs["url"]).replace(/^https:\/\//, "")}`,
            };
        case "aws:sns/topic:Topic":
            return { ...base, arn: `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:${base.name}` };
        case "random:index/randomPassword:RandomPassword":
            // The SDK marks `result` secret; the mock never produces a usable password.
            return { ...inputs, result: SECRET_PLACEHOLDER };
        default:
            return base;
    }
}

/** The invokes the program may make offline, with fixed answers. */
export function mockInvoke(
    token: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: MOCK_ACCOUNT_ID,
                arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline`,
                userId: "AIDAOFFLINE",
                id: MOCK_ACCOUNT_ID,
            };
        case "aws:index/getRegion:getRegion":
            return {
                region: MOCK_REGION,
                name: MOCK_REGION,
                id: MOCK_REGION,
                description: "Asia Pacific (Tokyo)",
            };
        case "aws:index/getPartition:getPartition":
            return {
                partition: "aws",
                dnsSuffix: "amazonaws.com",
                id: "aws",
                reverseDnsPrefix: "com.amazonaws",
            };
        case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
            return { ...inputs, id: "pl-58a04531", name: inputs["name"], maxEntries: 55 };
        default:
            throw new Error(`Mock call not implemented: ${token}`);
    }
}

/** The mocks themselves: deterministic ids, computed state, strict invokes. */
export const awsMocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): {
        id: string;
        state: Record<string, unknown>;
    } {
        if (args.custom === false) {
            return { id: "", state: args.inputs };
        }
        const state = computedState(args.type, args.name, args.inputs);
        // An import id wins; else the type's natural id (a bucket's name), else `<name>-id`.
        return { id: args.id || (state["id"] as string | undefined) || `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return mockInvoke(args.token, args.inputs);
    },
};

/** Keeps every registration the mock monitor sees, in registration order. */
export class ResourceRecorder {
    readonly resources: RecordedResource[] = [];
    /** When the first resource after the root Stack was sent (ms since process start). */
    firstProgramResourceAt?: number;

    clear(): void {
        this.resources.length = 0;
    }

    /** All resources of a type token, e.g. `aws:ec2/subnet:Subnet`. */
    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The single resource of a type and logical name; throws naming what exists otherwise. */
    get(type: string, name: string): RecordedResource {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        if (found.length !== 1) {
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(
                `expected one ${type} named ${name}, found ${found.length} (names: ${names.join(", ") || "none"})`,
            );
        }
        return found[0];
    }

    /** Counts of custom resources by type, sorted by type. */
    countsByType(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.resources) {
            counts[r.type] = (counts[r.type] ?? 0) + 1;
        }
        return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
    }
}

/**
 * Installs {@link awsMocks} for a project and stack and returns a recorder fed from the mock
 * monitor. Config must be set separately (`pulumi.runtime.setAllConfig`).
 */
export async function installMocks(project: string, stack: string): Promise<ResourceRecorder> {
    await pulumi.runtime.setMocks(awsMocks, project, stack, false);
    const recorder = new ResourceRecorder();
    // URNs as the engine builds them (full parent chain, no Stack prefix), not the mock monitor's.
    useEngineUrns(stack, project);
    const asRecord = (wire: Record<string, unknown>) =>
        sanitizeWireValue(wire) as Record<string, unknown>;
    interceptRegistrations({
        sending(type) {
            if (recorder.firstProgramResourceAt === undefined && type !== "pulumi:pulumi:Stack") {
                recorder.firstProgramResourceAt = performance.now();
            }
        },
        registered(req, resp) {
            recorder.resources.push({
                urn: resp.urn,
                type: req.type,
                name: req.name,
                custom: req.custom,
                id: req.custom ? resp.id : undefined,
                parent: req.parent || undefined,
                provider: req.provider || undefined,
                inputs: asRecord(req.object),
                outputs: req.custom ? asRecord(resp.object) : {},
                options: {
                    protect: req.protect,
                    deleteBeforeReplace: req.deleteBeforeReplace,
                    deleteBeforeReplaceDefined: req.deleteBeforeReplaceDefined,
                    retainOnDelete: req.retainOnDelete,
                    retainOnDeleteDefined: req.retainOnDeleteDefined,
                    replaceOnChanges: req.replaceOnChanges,
                    version: req.version,
                    importId: req.importId,
                    ignoreChanges: req.ignoreChanges,
                    dependencies: req.dependencies,
                    propertyDependencies: req.propertyDependencies,
                    aliases: req.aliases,
                },
            });
        },
        outputs(urn, outputs) {
            const found = recorder.resources.find((r) => r.urn === urn);
            if (found) {
                found.outputs = asRecord(outputs);
            }
        },
    });
    return recorder;
}

/** Waits until every resource registration the program started has finished. */
export async function settle(): Promise<void> {
    await waitForRPCs();
}
