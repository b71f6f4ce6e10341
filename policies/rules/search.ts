/**
 * CloudSearch rules. CloudSearch has public endpoints only, so HTTPS,
 * TLS 1.2 and the access policy are the whole network control.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import {
    isPublicPrincipal,
    parsePolicyDocument,
    UNKNOWN,
    validateTyped,
    WORLD_CIDRS,
} from "./helpers";

/** The TLS policy CloudSearch offers for TLS 1.2 minimum. */
export const CLOUDSEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-2019-07";

/** HTTPS only. */
export const cloudsearchEnforceHttps: ResourceValidationPolicy = {
    name: "cloudsearch-enforce-https",
    description: "CloudSearch domains set endpointOptions.enforceHttps to true.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudsearch.Domain, [], (domain, _a, report) => {
        if (domain.endpointOptions?.enforceHttps !== true) {
            report("CloudSearch domain must set endpointOptions.enforceHttps to true.");
        }
    }),
};

/** TLS 1.2 minimum. */
export const cloudsearchTls12: ResourceValidationPolicy = {
    name: "cloudsearch-tls-1-2",
    description: `CloudSearch domains set endpointOptions.tlsSecurityPolicy to ${CLOUDSEARCH_TLS_POLICY}.`,
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.cloudsearch.Domain, [], (domain, _a, report) => {
        if (domain.endpointOptions?.tlsSecurityPolicy !== CLOUDSEARCH_TLS_POLICY) {
            report(
                `CloudSearch domain must set endpointOptions.tlsSecurityPolicy to ${CLOUDSEARCH_TLS_POLICY}.`,
            );
        }
    }),
};

/** Whether a statement limits callers by a source-IP condition that is not the whole internet. */
function restrictsSourceIp(
    condition: Record<string, Record<string, unknown>> | undefined,
): boolean {
    for (const [operator, block] of Object.entries(condition ?? {})) {
        if (!operator.toLowerCase().startsWith("ipaddress")) {
            continue;
        }
        for (const [key, value] of Object.entries(block ?? {})) {
            const cidrs = (Array.isArray(value) ? value : [value]).map(String);
            if (
                key.toLowerCase() === "aws:sourceip" &&
                cidrs.length > 0 &&
                !cidrs.some((c) => WORLD_CIDRS.includes(c))
            ) {
                return true;
            }
        }
    }
    return false;
}

/** The access policy is not open to everyone. */
export const cloudsearchAccessPolicyNotPublic: ResourceValidationPolicy = {
    name: "cloudsearch-access-policy-not-public",
    description:
        "CloudSearch access policies do not Allow Principal * unless an aws:SourceIp condition limits callers to non-/0 CIDRs.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(
        aws.cloudsearch.DomainServiceAccessPolicy,
        [],
        (p, _a, report) => {
            const statements = parsePolicyDocument(p.accessPolicy);
            if (statements === UNKNOWN || statements === undefined) {
                return;
            }
            for (const s of statements) {
                if (
                    s.effect === "Allow" &&
                    isPublicPrincipal(s) &&
                    !restrictsSourceIp(s.condition)
                ) {
                    report(
                        `CloudSearch access policy must not allow Principal * without an aws:SourceIp condition (accessPolicy ${s.label}).`,
                    );
                }
            }
        },
    ),
};

/** Multi-AZ. */
export const cloudsearchMultiAz: ResourceValidationPolicy = {
    name: "cloudsearch-multi-az",
    description: "CloudSearch domains set multiAz to true.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.cloudsearch.Domain, [], (domain, _a, report) => {
        if (domain.multiAz !== true) {
            report("CloudSearch domain must set multiAz to true.");
        }
    }),
};

/** All CloudSearch policies. */
export const searchPolicies = [
    cloudsearchEnforceHttps,
    cloudsearchTls12,
    cloudsearchAccessPolicyNotPublic,
    cloudsearchMultiAz,
];
