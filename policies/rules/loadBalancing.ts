/**
 * Load balancer, listener and target-group rules. Every rule accepts both
 * module aliases, `aws.lb.*` and `aws.alb.*`.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    configOf,
    ignoreUnknown,
    read,
    referencing,
    resourcesOf,
    UNKNOWN,
    validateTyped,
    trackedStack,
} from "./helpers";

/** True unless the load balancer is explicitly a network or gateway load balancer. */
function isApplication(loadBalancerType: string | undefined): boolean {
    return loadBalancerType === undefined || loadBalancerType === "application";
}

/** Access logs to S3. */
export const lbAccessLogsEnabled: ResourceValidationPolicy = {
    name: "lb-access-logs-enabled",
    description:
        "Load balancers write access logs: accessLogs.enabled true and accessLogs.bucket set.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(
        aws.lb.LoadBalancer,
        [aws.alb.LoadBalancer],
        (lb, _a, report) => {
            if (lb.accessLogs?.enabled !== true || !lb.accessLogs.bucket) {
                report("Load balancer must set accessLogs.enabled to true and accessLogs.bucket.");
            }
        },
    ),
};

/** Drop malformed headers (request-smuggling hardening). */
export const albDropInvalidHeaderFields: ResourceValidationPolicy = {
    name: "alb-drop-invalid-header-fields",
    description: "Application load balancers set dropInvalidHeaderFields to true.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(
        aws.lb.LoadBalancer,
        [aws.alb.LoadBalancer],
        (lb, _a, report) => {
            if (isApplication(lb.loadBalancerType) && lb.dropInvalidHeaderFields !== true) {
                report("Application load balancer must set dropInvalidHeaderFields to true.");
            }
        },
    ),
};

/** Deletion protection. */
export const lbDeletionProtection: ResourceValidationPolicy = {
    name: "lb-deletion-protection",
    description: "Load balancers set enableDeletionProtection to true.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(
        aws.lb.LoadBalancer,
        [aws.alb.LoadBalancer],
        (lb, _a, report) => {
            if (lb.enableDeletionProtection !== true) {
                report("Load balancer must set enableDeletionProtection to true.");
            }
        },
    ),
};

/** HTTP desync mitigation is not in monitor-only mode. */
export const albDesyncMitigation: ResourceValidationPolicy = {
    name: "alb-desync-mitigation-mode",
    description: "Application load balancers use desyncMitigationMode defensive or strictest.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(
        aws.lb.LoadBalancer,
        [aws.alb.LoadBalancer],
        (lb, _a, report) => {
            if (lb.desyncMitigationMode === "monitor") {
                report(
                    "Application load balancer must set desyncMitigationMode to defensive or strictest.",
                );
            }
        },
    ),
};

/** Spread over AZs, behind security groups. */
export const lbMultiAzWithSecurityGroups: ResourceValidationPolicy = {
    name: "lb-multi-az",
    description:
        "Load balancers use at least two subnets (one per AZ) and application load balancers set securityGroups.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(
        aws.lb.LoadBalancer,
        [aws.alb.LoadBalancer],
        (lb, _a, report) => {
            ignoreUnknown(() => {
                const count = (lb.subnets?.length ?? 0) + (lb.subnetMappings?.length ?? 0);
                if (count < 2) {
                    report("Load balancer must set subnets in at least 2 availability zones.");
                }
            });
            ignoreUnknown(() => {
                if (isApplication(lb.loadBalancerType) && (lb.securityGroups?.length ?? 0) === 0) {
                    report("Application load balancer must set securityGroups.");
                }
            });
        },
    ),
};

/** An internet-facing ALB sits behind a regional WAF. */
export const albInternetFacingWaf: StackValidationPolicy = {
    name: "alb-internet-facing-waf",
    description:
        "Every internet-facing application load balancer has an aws.wafv2.WebAclAssociation whose resourceArn is its ARN.",
    enforcementLevel: "mandatory",
    validateStack: trackedStack((args, reportViolation) => {
        const associations = resourcesOf(args, [aws.wafv2.WebAclAssociation]);
        for (const lb of resourcesOf(args, [aws.lb.LoadBalancer, aws.alb.LoadBalancer])) {
            const internal = read(() => lb.props.internal);
            const type = read(() => lb.props.loadBalancerType);
            if (
                internal === UNKNOWN ||
                internal === true ||
                type === UNKNOWN ||
                !isApplication(type)
            ) {
                continue;
            }
            const { matches, undecided } = referencing(associations, "resourceArn", lb);
            if (matches.length === 0 && !undecided) {
                reportViolation(
                    "Internet-facing load balancer must have a wafv2.WebAclAssociation whose resourceArn is its ARN.",
                    lb.urn,
                );
            }
        }
    }),
};

/** Plain HTTP only redirects to HTTPS. */
export const lbHttpRedirectsToHttps: ResourceValidationPolicy = {
    name: "lb-http-listener-redirects-to-https",
    description: "HTTP listeners have exactly one default action, a redirect with protocol HTTPS.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.lb.Listener, [aws.alb.Listener], (listener, _a, report) => {
        // An ALB listener without protocol (and without certificate) is HTTP.
        const protocol = listener.protocol ?? (listener.certificateArn ? "HTTPS" : "HTTP");
        if (protocol !== "HTTP") {
            return;
        }
        const actions = listener.defaultActions ?? [];
        const redirect = actions.length === 1 ? actions[0] : undefined;
        if (redirect?.type !== "redirect" || redirect.redirect?.protocol !== "HTTPS") {
            report(
                "HTTP listener must have exactly one defaultActions entry, a redirect to HTTPS.",
            );
        }
    }),
};

/** Config of {@link lbHttpsListenerTlsPolicy}. */
export interface TlsPolicyConfig {
    /** Regular expression the listener's sslPolicy must match. */
    sslPolicyPattern: string;
}

/** ELBSecurityPolicy-TLS13-1-2-2021-06 and its -Res/-FIPS/-Ext variants. */
export const DEFAULT_SSL_POLICY_PATTERN = "^ELBSecurityPolicy-TLS13-1-2-";

/** Modern TLS policy on HTTPS/TLS listeners. */
export const lbHttpsListenerTlsPolicy: ResourceValidationPolicy = {
    name: "lb-https-listener-tls-policy",
    description:
        "HTTPS and TLS listeners set sslPolicy to a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-*).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            sslPolicyPattern: {
                type: "string",
                default: DEFAULT_SSL_POLICY_PATTERN,
                description: "Regular expression the sslPolicy must match.",
            },
        },
    },
    validateResource: validateTyped(
        aws.lb.Listener,
        [aws.alb.Listener],
        (listener, args, report) => {
            const { sslPolicyPattern } = configOf<TlsPolicyConfig>(args, {
                sslPolicyPattern: DEFAULT_SSL_POLICY_PATTERN,
            });
            if (listener.protocol !== "HTTPS" && listener.protocol !== "TLS") {
                return;
            }
            // Unset means ELBSecurityPolicy-2016-08, which still accepts TLS 1.0.
            if (!new RegExp(sslPolicyPattern).test(listener.sslPolicy ?? "")) {
                report(
                    `${listener.protocol} listener must set sslPolicy to a policy matching ${sslPolicyPattern}.`,
                );
            }
        },
    ),
};

/** HTTPS listeners carry an ACM certificate. */
export const lbHttpsListenerCertificate: ResourceValidationPolicy = {
    name: "lb-https-listener-certificate",
    description: "HTTPS listeners set certificateArn.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.lb.Listener, [aws.alb.Listener], (listener, _a, report) => {
        if (listener.protocol === "HTTPS" && !listener.certificateArn) {
            report("HTTPS listener must set certificateArn.");
        }
    }),
};

/** Explicit health checks on HTTP(S) target groups. */
export const lbTargetGroupHealthCheck: ResourceValidationPolicy = {
    name: "lb-target-group-health-check",
    description: "HTTP and HTTPS target groups set healthCheck.path.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.lb.TargetGroup, [aws.alb.TargetGroup], (tg, _a, report) => {
        if (tg.targetType === "lambda" || (tg.protocol !== "HTTP" && tg.protocol !== "HTTPS")) {
            return;
        }
        if (!tg.healthCheck?.path) {
            report("Target group must set healthCheck.path.");
        }
    }),
};

/** All load-balancing policies. */
export const loadBalancingPolicies = [
    lbAccessLogsEnabled,
    albDropInvalidHeaderFields,
    lbDeletionProtection,
    albDesyncMitigation,
    lbMultiAzWithSecurityGroups,
    albInternetFacingWaf,
    lbHttpRedirectsToHttps,
    lbHttpsListenerTlsPolicy,
    lbHttpsListenerCertificate,
    lbTargetGroupHealthCheck,
];
