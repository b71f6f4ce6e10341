/**
 * InternalLoadBalancer: the Rails site's internal Application Load Balancer, CloudFront's VPC
 * origin.
 *
 * - Internal, in the private subnets, with invalid header fields dropped, defensive desync
 *   mitigation, access logs to the log bucket and deletion protection from a plain flag.
 * - HTTPS on 443 with ELBSecurityPolicy-TLS13-1-2-2021-06 and an ACM certificate for
 *   `origin.<domainName>` (the name CloudFront's VPC origin uses for TLS): either the configured
 *   certificate, or one created here with DNS validation in the configured hosted zone.
 * - HTTP on 80 only redirects to HTTPS (301).
 * - An IP target group (Fargate awsvpc tasks) over HTTP on the container port with a health check.
 * - Security groups: 443 from CloudFront's origin-facing managed prefix list; 443 and 80 from the
 *   private subnets (the bastion and the tasks themselves); egress only to the tasks' security
 *   group on the container port. The tasks' ingress rule from this ALB is RailsService's.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    CertificateSource,
    certificateSourceOf,
    originDomainName,
    SITE_DOMAIN_NAME,
} from "../network/siteDomain";
import { LOG_PREFIXES } from "../storage/logBucket";
import { ArgsError } from "../errors";

/**
 * TLS 1.3 and 1.2 only, forward-secret ciphers
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
 */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** AWS-managed prefix list of CloudFront's origin-facing servers (IPv4). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
/**
 * Only 200 is healthy: a redirect (force_ssl's 301, a login redirect) is not a working app, and
 * the ALB's own default for HTTP health checks is 200
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
 * The app must answer the health check path over plain HTTP without redirecting it
 * (docs/rails-integration.md: exclude it from force_ssl).
 */
export const HEALTH_CHECK_MATCHER = "200";
/** Seconds a deregistering task keeps its in-flight requests (Rails requests are short). */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;

/**
 * Decides the certificate source from the two optional settings, or throws naming both.
 * @param name Component name, for the message.
 */
export function certificateSource(
    name: string,
    domainName: string,
    certificateArn: string | undefined,
    hostedZoneId: string | undefined,
): CertificateSource {
    const source = certificateSourceOf(certificateArn, hostedZoneId);
    if (source === undefined) {
        throw new ArgsError(
            `InternalLoadBalancer ${name}: set service.certificateArn (an ACM certificate for ${originDomainName(domainName)} in the stack region) or hostedZoneId (to create one with DNS validation).`,
        );
    }
    return source;
}

/** Problems with the plain arguments; empty when they are valid. */
export function internalLoadBalancerProblems(args: InternalLoadBalancerArgs): string[] {
    const problems: string[] = [];
    if (!SITE_DOMAIN_NAME.test(args.domainName)) {
        problems.push(`domainName must be a lower-case DNS name (got "${args.domainName}")`);
    }
    const delay = args.deregistrationDelaySeconds;
    if (delay !== undefined && (!Number.isInteger(delay) || delay < 0 || delay > 3600)) {
        problems.push(
            `deregistrationDelaySeconds must be an integer from 0 to 3600 (got ${delay})`,
        );
    }
    return problems;
}

/** Arguments of {@link InternalLoadBalancer}. */
export interface InternalLoadBalancerArgs {
    /** VPC of the load balancer and its target group. */
    readonly vpcId: pulumi.Input<string>;
    /** Private subnets (two or more AZs) the load balancer is placed in. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** CIDRs of the private subnets: admitted on 443 and 80 (bastion, tasks). */
    readonly privateSubnetCidrs: pulumi.Input<pulumi.Input<string>[]>;
    /** The Rails tasks' security group: the only egress destination. */
    readonly taskSecurityGroupId: pulumi.Input<string>;
    /** Port the Rails server listens on (target group and egress port). */
    readonly containerPort: pulumi.Input<number>;
    /** Path of the target group health check, such as /health. */
    readonly healthCheckPath: pulumi.Input<string>;
    /** Public site domain; the certificate covers `origin.<domainName>`. */
    readonly domainName: string;
    /**
     * ACM certificate (stack region) covering `origin.<domainName>`. Takes precedence over
     * `hostedZoneId`. One of the two is required.
     */
    readonly certificateArn?: string;
    /**
     * Route 53 zone of `domainName`: when set and `certificateArn` is not, a certificate is
     * created and validated through DNS records in this zone.
     */
    readonly hostedZoneId?: string;
    /** ALB deletion protection (prod). */
    readonly deletionProtection: boolean;
    /** Log bucket name (SSE-S3, with the ELB delivery grant on `alb/`). */
    readonly logBucketName: pulumi.Input<string>;
    /** Key prefix of the access logs. Defaults to `LOG_PREFIXES.alb` ("alb"). */
    readonly logPrefix?: pulumi.Input<string>;
    /** Deregistration delay in seconds. Defaults to 30. */
    readonly deregistrationDelaySeconds?: number;
}

export class InternalLoadBalancer extends pulumi.ComponentResource {
    /** Load balancer ARN (CloudFront VPC origin endpoint). */
    public readonly arn: pulumi.Output<string>;
    /** Load balancer DNS name (internal; resolvable inside the VPC only). */
    public readonly dnsName: pulumi.Output<string>;
    /** `app/<name>/<id>`: the CloudWatch LoadBalancer dimension. */
    public readonly arnSuffix: pulumi.Output<string>;
    /** Target group ARN the ECS service registers tasks in. */
    public readonly targetGroupArn: pulumi.Output<string>;
    /** `targetgroup/<name>/<id>`: the CloudWatch TargetGroup dimension. */
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** The load balancer's main security group (the tasks admit only this group). */
    public readonly securityGroupId: pulumi.Output<string>;
    /** HTTPS listener ARN; the ECS service waits for it (a target group must be attached first). */
    public readonly httpsListenerArn: pulumi.Output<string>;
    /** `origin.<domainName>`: CloudFront's origin domain (TLS name on the certificate). */
    public readonly originDomainName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Placement, certificate, health check and logging.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(
        name: string,
        args: InternalLoadBalancerArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("tng:app:InternalLoadBalancer", name, {}, opts);
        const problems = internalLoadBalancerProblems(args);
        if (problems.length > 0) {
            throw new ArgsError(`InternalLoadBalancer ${name}: ${problems.join("; ")}.`);
        }
        const source = certificateSource(
            name,
            args.domainName,
            args.certificateArn,
            args.hostedZoneId,
        );
        const parent = { parent: this };
        const origin = originDomainName(args.domainName);

        const prefixList = aws.ec2.getManagedPrefixListOutput(
            { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST },
            parent,
        );

        // Two groups: the CloudFront prefix list weighs 55 rules against the default quota of 60
        // inbound rules per group, so it gets a group of its own and the subnet rules (up to
        // 3 AZs x 2 ports) never push one group over the quota.
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description:
                    "Internal ALB: 443/80 from the private subnets; egress to the tasks only",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        cidrBlocks: args.privateSubnetCidrs,
                        description: "HTTPS from the private subnets (bastion, tasks)",
                    },
                    {
                        protocol: "tcp",
                        fromPort: 80,
                        toPort: 80,
                        cidrBlocks: args.privateSubnetCidrs,
                        description: "HTTP from the private subnets (redirected to HTTPS)",
                    },
                ],
                egress: [
                    {
                        protocol: "tcp",
                        fromPort: args.containerPort,
                        toPort: args.containerPort,
                        securityGroups: [args.taskSecurityGroupId],
                        description: "Rails tasks on the container port",
                    },
                ],
                tags: { Name: `${name}-sg` },
            },
            parent,
        );
        const cloudFrontSg = new aws.ec2.SecurityGroup(
            `${name}-cloudfront-sg`,
            {
                vpcId: args.vpcId,
                description: "Internal ALB: 443 from CloudFront origin-facing servers only",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        prefixListIds: [prefixList.id],
                        description: "HTTPS from CloudFront (VPC origin)",
                    },
                ],
                // The CloudFront origin uses https-only, so port 80 needs no second prefix-list
                // rule (another 55 against the quota). Egress is the main group's.
                egress: [],
                tags: { Name: `${name}-cloudfront-sg` },
            },
            parent,
        );

        const lb = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                internal: true,
                loadBalancerType: "application",
                subnets: args.subnetIds,
                securityGroups: [sg.id, cloudFrontSg.id],
                dropInvalidHeaderFields: true,
                desyncMitigationMode: "defensive",
                enableDeletionProtection: args.deletionProtection,
                accessLogs: {
                    bucket: args.logBucketName,
                    prefix: args.logPrefix ?? LOG_PREFIXES.alb,
                    enabled: true,
                },
                tags: { Name: `${name}-alb` },
            },
            parent,
        );

        const targetGroup = new aws.lb.TargetGroup(
            `${name}-tg`,
            {
                vpcId: args.vpcId,
                targetType: "ip", // Fargate (awsvpc) registers task IPs
                protocol: "HTTP", // TLS ends at the ALB; the hop to the task stays inside the VPC
                port: args.containerPort,
                deregistrationDelay:
                    args.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS,
                healthCheck: {
                    enabled: true,
                    protocol: "HTTP",
                    path: args.healthCheckPath,
                    port: "traffic-port",
                    matcher: HEALTH_CHECK_MATCHER,
                    interval: 15,
                    timeout: 5,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
                tags: { Name: `${name}-tg` },
            },
            parent,
        );

        let certificateArn: pulumi.Input<string>;
        if (source === "configured") {
            certificateArn = args.certificateArn as string;
        } else {
            const certificate = new aws.acm.Certificate(
                `${name}-cert`,
                { domainName: origin, validationMethod: "DNS", tags: { Name: origin } },
                parent,
            );
            // One domain, so exactly one validation record.
            const option = certificate.domainValidationOptions.apply((options) => options[0]);
            const record = new aws.route53.Record(
                `${name}-cert-validation`,
                {
                    zoneId: args.hostedZoneId as string,
                    name: option.apply((o) => o.resourceRecordName as string),
                    type: option.apply((o) => o.resourceRecordType as string),
                    records: [option.apply((o) => o.resourceRecordValue as string)],
                    ttl: 300,
                    allowOverwrite: true, // ACM reuses the same CNAME when a certificate is replaced
                },
                parent,
            );
            const validation = new aws.acm.CertificateValidation(
                `${name}-cert-validated`,
                { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
                parent,
            );
            certificateArn = validation.certificateArn;
            // No A/alias record for origin.<domainName>: CloudFront reaches a VPC origin through
            // the load balancer ARN it was given, and uses the origin domain only as the TLS name
            // to check on this certificate, so nothing ever resolves it.
        }

        const https = new aws.lb.Listener(
            `${name}-https`,
            {
                loadBalancerArn: lb.arn,
                port: 443,
                protocol: "HTTPS",
                sslPolicy: ALB_SSL_POLICY,
                certificateArn,
                defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            },
            parent,
        );
        new aws.lb.Listener(
            `${name}-http-redirect`,
            {
                loadBalancerArn: lb.arn,
                port: 80,
                protocol: "HTTP",
                defaultActions: [
                    {
                        type: "redirect",
                        redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
                    },
                ],
            },
            parent,
        );

        this.arn = lb.arn;
        this.dnsName = lb.dnsName;
        this.arnSuffix = lb.arnSuffix;
        this.targetGroupArn = targetGroup.arn;
        this.targetGroupArnSuffix = targetGroup.arnSuffix;
        this.securityGroupId = sg.id;
        this.httpsListenerArn = https.arn;
        this.originDomainName = pulumi.output(origin);
        this.registerOutputs({
            arn: this.arn,
            dnsName: this.dnsName,
            arnSuffix: this.arnSuffix,
            targetGroupArn: this.targetGroupArn,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            securityGroupId: this.securityGroupId,
            httpsListenerArn: this.httpsListenerArn,
            originDomainName: this.originDomainName,
        });
    }
}
