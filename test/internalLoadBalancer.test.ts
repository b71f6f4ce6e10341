/**
 * InternalLoadBalancer: children and their security-relevant inputs for each certificate source
 * (configured, created with DNS validation, neither), deletion protection on and off, the outputs,
 * the pure helpers and every validation message.
 *
 * The mocks prove what the program asks AWS for, not that AWS accepts it (for example that the
 * prefix list fits the security group quota, or that ACM validates the CNAME).
 */
import * as assert from "assert";
import {
    ALB_SSL_POLICY,
    certificateSource,
    HEALTH_CHECK_MATCHER,
    InternalLoadBalancer,
    InternalLoadBalancerArgs,
    internalLoadBalancerProblems,
} from "../components/app/internalLoadBalancer";
import { originDomainName } from "../components/network/siteDomain";
import { ResourceRecorder } from "../offline/mocks";
import { freshMocks, record, unwrap } from "./harness";

const COMPONENT = "tng:app:InternalLoadBalancer";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const LISTENER = "aws:lb/listener:Listener";
const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";

const CONFIGURED_CERT =
    "arn:aws:acm:ap-northeast-1:123456789012:certificate/0f0e0d0c-0b0a-4090-8070-605040302010";
const PRIVATE_CIDRS = ["10.20.0.0/20", "10.20.16.0/20"];
const TASK_SG = "sg-app-tasks";
const LB_ARN =
    "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/t-alb/50dc6c495c0c9188";
const TG_ARN =
    "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/t-tg/943f017f100becff";

function args(overrides: Partial<InternalLoadBalancerArgs> = {}): InternalLoadBalancerArgs {
    return {
        vpcId: "vpc-1",
        subnetIds: ["subnet-private-a", "subnet-private-c"],
        privateSubnetCidrs: PRIVATE_CIDRS,
        taskSecurityGroupId: TASK_SG,
        containerPort: 3000,
        healthCheckPath: "/health",
        domainName: "dev.tng.example.jp",
        certificateArn: CONFIGURED_CERT,
        deletionProtection: false,
        logBucketName: "tng-dev-logs-0a1b2c3",
        ...overrides,
    };
}

/** Custom resource counts by type (the component itself excluded). */
function customCounts(recorder: ResourceRecorder): Record<string, number> {
    const counts = recorder.countsByType();
    delete counts[COMPONENT];
    return counts;
}

describe("InternalLoadBalancer with a configured certificate", () => {
    let recorder: ResourceRecorder;
    let value: InternalLoadBalancer;
    before(async () => {
        ({ recorder, value } = await record(() => new InternalLoadBalancer("t", args())));
    });

    it("creates exactly two security groups, the ALB, a target group and two listeners", () => {
        assert.deepStrictEqual(customCounts(recorder), {
            [SG]: 2,
            [LB]: 1,
            [TG]: 1,
            [LISTENER]: 2,
        });
        assert.deepStrictEqual(recorder.resources.map((r) => r.name).sort(), [
            "t",
            "t-alb",
            "t-cloudfront-sg",
            "t-http-redirect",
            "t-https",
            "t-sg",
            "t-tg",
        ]);
        assert.strictEqual(recorder.ofType(CERT).length + recorder.ofType(RECORD).length, 0);
    });

    it("admits 443 and 80 from the private subnets only and sends only to the tasks", () => {
        assert.deepStrictEqual(recorder.get(SG, "t-sg").inputs, {
            vpcId: "vpc-1",
            description: "Internal ALB: 443/80 from the private subnets; egress to the tasks only",
            ingress: [
                {
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrBlocks: PRIVATE_CIDRS,
                    description: "HTTPS from the private subnets (bastion, tasks)",
                },
                {
                    protocol: "tcp",
                    fromPort: 80,
                    toPort: 80,
                    cidrBlocks: PRIVATE_CIDRS,
                    description: "HTTP from the private subnets (redirected to HTTPS)",
                },
            ],
            egress: [
                {
                    protocol: "tcp",
                    fromPort: 3000,
                    toPort: 3000,
                    securityGroups: [TASK_SG],
                    description: "Rails tasks on the container port",
                },
            ],
            tags: { Name: "t-sg" },
        });
    });

    it("admits 443 from the CloudFront origin-facing prefix list in a group of its own", () => {
        assert.deepStrictEqual(recorder.get(SG, "t-cloudfront-sg").inputs, {
            vpcId: "vpc-1",
            description: "Internal ALB: 443 from CloudFront origin-facing servers only",
            ingress: [
                {
                    protocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    prefixListIds: ["pl-58a04531"],
                    description: "HTTPS from CloudFront (VPC origin)",
                },
            ],
            egress: [],
            tags: { Name: "t-cloudfront-sg" },
        });
    });

    it("places an internal ALB in the private subnets with logs, header and desync hardening", () => {
        assert.deepStrictEqual(recorder.get(LB, "t-alb").inputs, {
            internal: true,
            loadBalancerType: "application",
            subnets: ["subnet-private-a", "subnet-private-c"],
            securityGroups: ["t-sg-id", "t-cloudfront-sg-id"],
            dropInvalidHeaderFields: true,
            desyncMitigationMode: "defensive",
            enableDeletionProtection: false,
            accessLogs: { bucket: "tng-dev-logs-0a1b2c3", prefix: "alb", enabled: true },
            tags: { Name: "t-alb" },
        });
    });

    it("health-checks the IP targets on the configured path", () => {
        assert.deepStrictEqual(recorder.get(TG, "t-tg").inputs, {
            vpcId: "vpc-1",
            targetType: "ip",
            protocol: "HTTP",
            port: 3000,
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                path: "/health",
                port: "traffic-port",
                matcher: "200",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags: { Name: "t-tg" },
        });
    });

    it("terminates TLS 1.2+/1.3 with the configured certificate and forwards to the target group", () => {
        assert.deepStrictEqual(recorder.get(LISTENER, "t-https").inputs, {
            loadBalancerArn: LB_ARN,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            certificateArn: CONFIGURED_CERT,
            defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
        });
    });

    it("only redirects HTTP to HTTPS with a 301", () => {
        assert.deepStrictEqual(recorder.get(LISTENER, "t-http-redirect").inputs, {
            loadBalancerArn: LB_ARN,
            port: 80,
            protocol: "HTTP",
            defaultActions: [
                {
                    type: "redirect",
                    redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                },
            ],
        });
    });

    it("exposes the ALB, target group, security group, listener and origin name", async () => {
        assert.strictEqual(await unwrap(value.arn), LB_ARN);
        assert.strictEqual(await unwrap(value.arnSuffix), "app/t-alb/50dc6c495c0c9188");
        assert.strictEqual(
            await unwrap(value.dnsName),
            "internal-t-alb-123456789.ap-northeast-1.elb.amazonaws.com",
        );
        assert.strictEqual(await unwrap(value.targetGroupArn), TG_ARN);
        assert.strictEqual(
            await unwrap(value.targetGroupArnSuffix),
            "targetgroup/t-tg/943f017f100becff",
        );
        assert.strictEqual(await unwrap(value.securityGroupId), "t-sg-id");
        assert.strictEqual(
            await unwrap(value.httpsListenerArn),
            "arn:aws:lb:ap-northeast-1:123456789012:lb/t-https",
        );
        assert.strictEqual(await unwrap(value.originDomainName), "origin.dev.tng.example.jp");
        assert.deepStrictEqual(Object.keys(recorder.get(COMPONENT, "t").outputs).sort(), [
            "arn",
            "arnSuffix",
            "dnsName",
            "httpsListenerArn",
            "originDomainName",
            "securityGroupId",
            "targetGroupArn",
            "targetGroupArnSuffix",
        ]);
    });

    it("parents every child to the component", () => {
        const urn = recorder.get(COMPONENT, "t").urn;
        for (const r of recorder.resources.filter((x) => x.type !== COMPONENT)) {
            assert.strictEqual(r.parent, urn, r.name);
        }
    });
});

describe("InternalLoadBalancer with a hosted zone and no certificate", () => {
    let recorder: ResourceRecorder;
    before(async () => {
        ({ recorder } = await record(
            () =>
                new InternalLoadBalancer(
                    "t",
                    args({
                        certificateArn: undefined,
                        hostedZoneId: "Z0123456789ABCDEFGHIJ",
                        deletionProtection: true,
                        deregistrationDelaySeconds: 60,
                    }),
                ),
        ));
    });

    it("creates a DNS-validated certificate for origin.<domainName>", () => {
        assert.deepStrictEqual(customCounts(recorder), {
            [CERT]: 1,
            [VALIDATION]: 1,
            [SG]: 2,
            [LB]: 1,
            [TG]: 1,
            [LISTENER]: 2,
            [RECORD]: 1,
        });
        assert.deepStrictEqual(recorder.get(CERT, "t-cert").inputs, {
            domainName: "origin.dev.tng.example.jp",
            validationMethod: "DNS",
            tags: { Name: "origin.dev.tng.example.jp" },
        });
        assert.deepStrictEqual(recorder.get(RECORD, "t-cert-validation").inputs, {
            zoneId: "Z0123456789ABCDEFGHIJ",
            name: "_abc.origin.dev.tng.example.jp.",
            type: "CNAME",
            records: ["_xyz.acm-validations.aws."],
            ttl: 300,
            allowOverwrite: true,
        });
        // Validation waits on exactly the record's FQDN (whatever the provider reports for it).
        const fqdn = recorder.get(RECORD, "t-cert-validation").outputs.fqdn ?? null;
        assert.deepStrictEqual(recorder.get(VALIDATION, "t-cert-validated").inputs, {
            certificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/t-cert",
            validationRecordFqdns: [fqdn],
        });
    });

    it("puts the validated certificate on the HTTPS listener", () => {
        const https = recorder.get(LISTENER, "t-https").inputs;
        assert.strictEqual(
            https.certificateArn,
            "arn:aws:acm:ap-northeast-1:123456789012:certificate/t-cert",
        );
        assert.strictEqual(https.sslPolicy, ALB_SSL_POLICY);
    });

    it("turns deletion protection on and takes the deregistration delay", () => {
        assert.strictEqual(recorder.get(LB, "t-alb").inputs.enableDeletionProtection, true);
        assert.strictEqual(recorder.get(TG, "t-tg").inputs.deregistrationDelay, 60);
    });
});

describe("InternalLoadBalancer with both a certificate and a hosted zone", () => {
    it("uses the configured certificate and creates none", async () => {
        const { recorder } = await record(
            () => new InternalLoadBalancer("t", args({ hostedZoneId: "Z0123456789ABCDEFGHIJ" })),
        );
        assert.strictEqual(recorder.ofType(CERT).length, 0);
        assert.strictEqual(recorder.ofType(RECORD).length, 0);
        assert.strictEqual(
            recorder.get(LISTENER, "t-https").inputs.certificateArn,
            CONFIGURED_CERT,
        );
    });
});

describe("InternalLoadBalancer validation", () => {
    before(async () => {
        await freshMocks();
    });

    it("fails naming both settings when there is neither a certificate nor a hosted zone", () => {
        assert.throws(() => new InternalLoadBalancer("t", args({ certificateArn: undefined })), {
            message:
                "InternalLoadBalancer t: set service.certificateArn (an ACM certificate for origin.dev.tng.example.jp in the stack region) or hostedZoneId (to create one with DNS validation).",
        });
    });

    it("rejects a bad domain name and deregistration delay, all at once", () => {
        assert.throws(
            () =>
                new InternalLoadBalancer(
                    "t",
                    args({ domainName: "Not_A_Domain", deregistrationDelaySeconds: 3601 }),
                ),
            {
                message:
                    'InternalLoadBalancer t: domainName must be a lower-case DNS name (got "Not_A_Domain"); deregistrationDelaySeconds must be an integer from 0 to 3600 (got 3601).',
            },
        );
        assert.deepStrictEqual(
            internalLoadBalancerProblems(args({ deregistrationDelaySeconds: 1.5 })),
            ["deregistrationDelaySeconds must be an integer from 0 to 3600 (got 1.5)"],
        );
        assert.deepStrictEqual(internalLoadBalancerProblems(args()), []);
    });
});

describe("InternalLoadBalancer helpers", () => {
    it("derives the origin name", () => {
        assert.strictEqual(originDomainName("tng.example.jp"), "origin.tng.example.jp");
    });

    it("picks the certificate source: configured wins, else created, else an error", () => {
        assert.strictEqual(
            certificateSource("x", "a.jp", CONFIGURED_CERT, undefined),
            "configured",
        );
        assert.strictEqual(certificateSource("x", "a.jp", CONFIGURED_CERT, "Z1"), "configured");
        assert.strictEqual(certificateSource("x", "a.jp", undefined, "Z1"), "created");
        assert.throws(() => certificateSource("x", "a.jp", undefined, undefined), {
            message:
                "InternalLoadBalancer x: set service.certificateArn (an ACM certificate for origin.a.jp in the stack region) or hostedZoneId (to create one with DNS validation).",
        });
    });

    it("counts only 200 as healthy (a redirect is not a working app)", () => {
        assert.strictEqual(HEALTH_CHECK_MATCHER, "200");
    });
});
