/**
 * CloudSearch rules. CloudSearch has public endpoints only, so HTTPS,
 * TLS 1.2 and the access policy are the whole network control.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { checkPublicPolicy, ignoreUnknown, validateTyped } from "./helpers";

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

/** The access policy is not open to everyone. */
export const cloudsearchAccessPolicyNotPublic: ResourceValidationPolicy = {
    name: "cloudsearch-access-policy-not-public",
    description:
        "CloudSearch access policies do not Allow Principal * unless a condition (such as aws:SourceIp outside 0.0.0.0/0) restricts the caller.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(
        aws.cloudsearch.DomainServiceAccessPolicy,
        [],
        (p, _a, report) =>
            checkPublicPolicy("CloudSearch access policy", "accessPolicy", p.accessPolicy, (m) =>
                report(m),
            ),
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

// ------------------------------------------------------------------------------------------------
// OpenSearch and the legacy Elasticsearch domains
// ------------------------------------------------------------------------------------------------

const SEARCH_DOMAINS = [aws.opensearch.Domain, aws.elasticsearch.Domain] as const;

/** The TLS policies OpenSearch offers with TLS 1.2 as the minimum. */
export const SEARCH_DOMAIN_TLS_POLICIES = [
    "Policy-Min-TLS-1-2-2019-07",
    "Policy-Min-TLS-1-2-PFS-2023-10",
];

/** Encryption at rest and between nodes. */
export const searchDomainEncryption: ResourceValidationPolicy = {
    name: "search-domain-encryption",
    description:
        "OpenSearch and Elasticsearch domains set encryptAtRest.enabled and nodeToNodeEncryption.enabled to true.",
    enforcementLevel: "mandatory", // unencrypted is mandatory whatever Security Hub's severity (Opensearch.1, .3 are Medium)
    validateResource: SEARCH_DOMAINS.map((cls) =>
        validateTyped(cls as typeof aws.opensearch.Domain, [], (d, _a, report) => {
            ignoreUnknown(() => {
                if (d.encryptAtRest?.enabled !== true) {
                    report("Search domain must set encryptAtRest.enabled to true.");
                }
            });
            ignoreUnknown(() => {
                if (d.nodeToNodeEncryption?.enabled !== true) {
                    report("Search domain must set nodeToNodeEncryption.enabled to true.");
                }
            });
        }),
    ),
};

/** HTTPS only, TLS 1.2 minimum. */
export const searchDomainHttpsTls12: ResourceValidationPolicy = {
    name: "search-domain-https-tls-1-2",
    description: `OpenSearch and Elasticsearch domains set domainEndpointOptions.enforceHttps to true and tlsSecurityPolicy to ${SEARCH_DOMAIN_TLS_POLICIES.join(" or ")}.`,
    enforcementLevel: "mandatory", // unencrypted is mandatory whatever Security Hub's severity (Opensearch.8 is Medium)
    validateResource: SEARCH_DOMAINS.map((cls) =>
        validateTyped(cls as typeof aws.opensearch.Domain, [], (d, _a, report) => {
            const options = d.domainEndpointOptions;
            ignoreUnknown(() => {
                if (options?.enforceHttps !== true) {
                    report("Search domain must set domainEndpointOptions.enforceHttps to true.");
                }
            });
            ignoreUnknown(() => {
                if (!SEARCH_DOMAIN_TLS_POLICIES.includes(String(options?.tlsSecurityPolicy))) {
                    report(
                        `Search domain must set domainEndpointOptions.tlsSecurityPolicy to ${SEARCH_DOMAIN_TLS_POLICIES.join(" or ")}.`,
                    );
                }
            });
        }),
    ),
};

/** The access policy, inline or standalone, is not open to everyone. */
export const searchDomainAccessPolicyNotPublic: ResourceValidationPolicy = {
    name: "search-domain-access-policy-not-public",
    description:
        "OpenSearch and Elasticsearch access policies (accessPolicies on the domain or a DomainPolicy) do not Allow Principal * unless a condition such as aws:SourceIp restricts the caller.",
    enforcementLevel: "mandatory",
    validateResource: [
        ...SEARCH_DOMAINS.map((cls) =>
            validateTyped(cls as typeof aws.opensearch.Domain, [], (d, _a, report) =>
                checkPublicPolicy("Search domain", "accessPolicies", d.accessPolicies, (m) =>
                    report(m),
                ),
            ),
        ),
        ...[aws.opensearch.DomainPolicy, aws.elasticsearch.DomainPolicy].map((cls) =>
            validateTyped(cls as typeof aws.opensearch.DomainPolicy, [], (p, _a, report) =>
                checkPublicPolicy("Search domain policy", "accessPolicies", p.accessPolicies, (m) =>
                    report(m),
                ),
            ),
        ),
    ],
};

/** All CloudSearch, OpenSearch and Elasticsearch policies. */
export const searchPolicies = [
    cloudsearchEnforceHttps,
    cloudsearchTls12,
    cloudsearchAccessPolicyNotPublic,
    cloudsearchMultiAz,
    searchDomainEncryption,
    searchDomainHttpsTls12,
    searchDomainAccessPolicyNotPublic,
];
