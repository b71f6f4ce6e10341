import * as aws from "../../sdk/aws";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/loadBalancing";
import {
    assertStackViolations,
    createResourceValidationArgs,
    assertResourceViolations,
    describeResourcePolicy,
    exported,
    unknown,
} from "./util";

type Lb = PropsOf<aws.lb.LoadBalancerArgs>;
type Listener = PropsOf<aws.lb.ListenerArgs>;

function happyLb(): Lb {
    return {
        internal: true,
        loadBalancerType: "application",
        subnets: ["subnet-a", "subnet-c"],
        securityGroups: ["alb-sg-id"],
        accessLogs: { bucket: "tng-logs", enabled: true },
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        desyncMitigationMode: "defensive",
    };
}

function httpsListener(): Listener {
    return {
        loadBalancerArn: "alb-arn",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: "arn:aws:acm:ap-northeast-1:123456789012:certificate/x",
        defaultActions: [{ type: "forward", targetGroupArn: "tg-arn" }],
    };
}

function httpListener(): Listener {
    return {
        loadBalancerArn: "alb-arn",
        port: 80,
        protocol: "HTTP",
        defaultActions: [
            {
                type: "redirect",
                redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
            },
        ],
    };
}

describe("load balancing policies", () => {
    describeResourcePolicy(rules.lbAccessLogsEnabled, aws.lb.LoadBalancer, happyLb, [
        {
            title: "accessLogs is missing",
            mutate: (p) => delete p.accessLogs,
            messages: ["Load balancer must set accessLogs.enabled to true and accessLogs.bucket."],
        },
        { title: "accessLogs is unknown", mutate: (p) => (p.accessLogs = unknown()), messages: [] },
    ]);
    describeResourcePolicy(
        rules.albDropInvalidHeaderFields,
        aws.alb.LoadBalancer,
        () => ({ ...happyLb(), loadBalancerType: "application" as const }),
        [
            {
                title: "dropInvalidHeaderFields is missing (alb alias)",
                mutate: (p) => delete p.dropInvalidHeaderFields,
                messages: ["Application load balancer must set dropInvalidHeaderFields to true."],
            },
            {
                title: "it is a network load balancer",
                mutate: (p) => {
                    p.loadBalancerType = "network";
                    delete p.dropInvalidHeaderFields;
                },
                messages: [],
            },
            {
                title: "dropInvalidHeaderFields is unknown",
                mutate: (p) => (p.dropInvalidHeaderFields = unknown()),
                messages: [],
            },
        ],
    );
    describeResourcePolicy(rules.lbDeletionProtection, aws.lb.LoadBalancer, happyLb, [
        {
            title: "enableDeletionProtection is missing",
            mutate: (p) => delete p.enableDeletionProtection,
            messages: ["Load balancer must set enableDeletionProtection to true."],
        },
    ]);
    describeResourcePolicy(rules.albDesyncMitigation, aws.lb.LoadBalancer, happyLb, [
        {
            title: "desyncMitigationMode is monitor",
            mutate: (p) => (p.desyncMitigationMode = "monitor"),
            messages: [
                "Application load balancer must set desyncMitigationMode to defensive or strictest.",
            ],
        },
        {
            title: "desyncMitigationMode is missing (default defensive)",
            mutate: (p) => delete p.desyncMitigationMode,
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.lbMultiAzWithSecurityGroups, aws.lb.LoadBalancer, happyLb, [
        {
            title: "only one subnet is set",
            mutate: (p) => (p.subnets = ["subnet-a"]),
            messages: ["Load balancer must set subnets in at least 2 availability zones."],
        },
        {
            title: "securityGroups is missing",
            mutate: (p) => delete p.securityGroups,
            messages: ["Application load balancer must set securityGroups."],
        },
        { title: "subnets are unknown", mutate: (p) => (p.subnets = unknown()), messages: [] },
    ]);

    describeResourcePolicy(rules.lbHttpRedirectsToHttps, aws.lb.Listener, httpListener, [
        {
            title: "the HTTP listener forwards",
            mutate: (p) => (p.defaultActions = [{ type: "forward", targetGroupArn: "tg-arn" }]),
            messages: [
                "HTTP listener must have exactly one defaultActions entry, a redirect to HTTPS.",
            ],
        },
        {
            title: "the redirect keeps HTTP",
            mutate: (p) =>
                (p.defaultActions = [
                    { type: "redirect", redirect: { protocol: "HTTP", statusCode: "HTTP_301" } },
                ]),
            messages: [
                "HTTP listener must have exactly one defaultActions entry, a redirect to HTTPS.",
            ],
        },
        {
            title: "protocol is missing (HTTP by default) and it forwards",
            mutate: (p) => {
                delete p.protocol;
                p.defaultActions = [{ type: "forward", targetGroupArn: "tg-arn" }];
            },
            messages: [
                "HTTP listener must have exactly one defaultActions entry, a redirect to HTTPS.",
            ],
        },
        {
            title: "the default actions are unknown",
            mutate: (p) => (p.defaultActions = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.lbHttpsListenerTlsPolicy, aws.lb.Listener, httpsListener, [
        {
            title: "sslPolicy is the 2016-08 default",
            mutate: (p) => (p.sslPolicy = "ELBSecurityPolicy-2016-08"),
            messages: [
                "HTTPS listener must set sslPolicy to a policy matching ^ELBSecurityPolicy-TLS13-1-2-.",
            ],
        },
        {
            title: "sslPolicy is missing",
            mutate: (p) => delete p.sslPolicy,
            messages: [
                "HTTPS listener must set sslPolicy to a policy matching ^ELBSecurityPolicy-TLS13-1-2-.",
            ],
        },
        {
            title: "config also accepts FS-1-2 policies",
            mutate: (p) => (p.sslPolicy = "ELBSecurityPolicy-FS-1-2-Res-2020-10"),
            config: { sslPolicyPattern: "^ELBSecurityPolicy-(TLS13-1-2|FS-1-2)-" },
            messages: [],
        },
        { title: "sslPolicy is unknown", mutate: (p) => (p.sslPolicy = unknown()), messages: [] },
    ]);
    describeResourcePolicy(rules.lbHttpsListenerCertificate, aws.alb.Listener, httpsListener, [
        {
            title: "certificateArn is missing",
            mutate: (p) => delete p.certificateArn,
            messages: ["HTTPS listener must set certificateArn."],
        },
        {
            title: "certificateArn is unknown",
            mutate: (p) => (p.certificateArn = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.lbTargetGroupHealthCheck,
        aws.lb.TargetGroup,
        () => ({
            port: 3000,
            protocol: "HTTP",
            targetType: "ip",
            vpcId: "vpc-id",
            healthCheck: { path: "/up" },
        }),
        [
            {
                title: "healthCheck.path is missing",
                mutate: (p) => delete p.healthCheck,
                messages: ["Target group must set healthCheck.path."],
            },
            {
                title: "the protocol is TCP",
                mutate: (p) => {
                    p.protocol = "TCP";
                    delete p.healthCheck;
                },
                messages: [],
            },
        ],
    );

    it("does not apply load balancer rules to other resource types", async () => {
        await assertResourceViolations(
            rules.lbDeletionProtection,
            createResourceValidationArgs(aws.ec2.Vpc, { cidrBlock: "10.0.0.0/16" }),
            [],
        );
    });

    describe(rules.albInternetFacingWaf.name, () => {
        const lb = (internal: boolean) =>
            exported(aws.lb.LoadBalancer, "alb", { ...happyLb(), internal });
        const association = exported(aws.wafv2.WebAclAssociation, "alb-waf", {
            resourceArn:
                "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/alb/1",
            webAclArn: "arn:aws:wafv2:ap-northeast-1:123456789012:regional/webacl/x",
        });
        const withArn = (r: ReturnType<typeof lb>) => ({
            ...r,
            outputs: {
                arn: "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/alb/1",
            },
        });
        it("passes for an internal load balancer without WAF", async () => {
            await assertStackViolations(rules.albInternetFacingWaf, [lb(true)], []);
        });
        it("passes for an internet-facing load balancer with an association on its ARN", async () => {
            await assertStackViolations(
                rules.albInternetFacingWaf,
                [withArn(lb(false)), association],
                [],
            );
        });
        it("fails for an internet-facing load balancer without an association", async () => {
            await assertStackViolations(
                rules.albInternetFacingWaf,
                [lb(false)],
                [
                    [
                        lb(false),
                        "Internet-facing load balancer must have a wafv2.WebAclAssociation whose resourceArn is its ARN.",
                    ],
                ],
            );
        });
        it("does not report when the load balancer's ARN is not known", async () => {
            await assertStackViolations(rules.albInternetFacingWaf, [lb(false), association], []);
        });
    });
});
