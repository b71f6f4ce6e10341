/**
 * The decision table: for every type of the generated inventory, how the pack decides it.
 *
 * - CHECKS (checks.ts): per-type property rows (safe values, AWS default when omitted, sources);
 *   the derived policies in policies/rules/decided.ts enforce them.
 * - groups.ts: each remaining type under one house rule below (data, reviewed per type; a
 *   type moves to CHECKS when it needs a property row).
 * - House rule "hand-written-policies": the type is decided by the pack's hand-written policies
 *   (listed per type by `npm run policy -- --coverage`).
 *
 * House rule on keys (the one most types fall under): where AWS encrypts at rest by default with
 * an AWS owned or AWS managed key and the input only chooses a customer managed key, omitting it
 * is acceptable: mandatory rules demand encryption, not a CMK. Where the AWS default is
 * *unencrypted* (SNS topics, Kinesis streams, DocumentDB, Neptune, Redshift, DAX ...), the type
 * has a CHECKS row that demands the setting, whatever Security Hub's severity.
 */
import { CHECKS } from "./checks";
import { GROUPS } from "./groups";
import { Decision, HouseRule } from "./types";

/** The house rules of groups.ts, with their reasons and sources. */
export const HOUSE_RULES: Readonly<Record<string, HouseRule>> = {
    "aws-key-default": {
        reason: "Encrypted at rest by default with an AWS owned or AWS managed KMS key; the key input only selects a customer managed key. House rule: the AWS key is acceptable (encryption is mandatory, a CMK is not).",
        sources: [
            "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-owned-key",
            "https://docs.aws.amazon.com/whitepapers/latest/kms-best-practices/aws-managed-and-customer-managed-keys.html",
        ],
    },
    "service-default-encryption": {
        reason: "The data is encrypted at rest whatever the setting: the service encrypts by default, a copy or export inherits the source's encryption, or it is written to S3, which encrypts every new object (SSE-S3) since January 2023. The setting selects a key or mode.",
        sources: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
        ],
    },
    "policy-document": {
        reason: "The security-relevant input is a policy document: judged by policy-document-not-over-permissive (public principals, wildcards, NotAction/NotPrincipal, confused deputy, OIDC subjects).",
        sources: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html"],
        enforcedBy: "policy-document-not-over-permissive",
    },
    "named-principal-grant": {
        reason: "Grants to a principal the input names (account, role, user, service, organization); the API takes no public wildcard here, so the grant cannot make the resource public. Wildcard grants on other types are checked (CHECKS).",
        sources: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
        ],
    },
    "address-not-admission": {
        reason: "Not a security surface: the CIDR or address allocates, routes or reserves addresses; it admits no traffic. Admission is decided by security groups (security-group-* rules).",
        sources: ["https://docs.aws.amazon.com/vpc/latest/userguide/infrastructure-security.html"],
    },
    "admission-list": {
        reason: "A second network layer (network ACL, VPN or allow-list) in front of resources whose exposure is decided on their security groups and public flags; the AWS default NACL admits all traffic, so a rule here cannot open what a security group closes.",
        sources: ["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"],
    },
    "protocol-not-transport": {
        reason: "Not a security surface: the protocol field selects an application, routing, health-check or filter protocol, not whether data is encrypted in transit.",
        sources: [
            "https://docs.aws.amazon.com/whitepapers/latest/logical-separation/encrypting-data-at-rest-and--in-transit.html",
        ],
    },
    "transit-tls-option": {
        reason: "TLS is an option of a connection inside AWS or to a configured peer whose own endpoint decides encryption (certificates, inspection, mesh TLS); accepted, not enforced: the pack enforces TLS on the client-facing endpoints (load balancers, CloudFront, data stores).",
        sources: [
            "https://docs.aws.amazon.com/whitepapers/latest/logical-separation/encrypting-data-at-rest-and--in-transit.html",
        ],
    },
    "not-surface": {
        reason: "Not a security surface: the matched input describes or filters (findings filters, analyzers, DNS routing by CIDR, certificate revocation lists that are public by design, outbound credentials, identity-center integrations that enable trusted identity propagation, tags), or is a non-secret value by declaration.",
        sources: [
            "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards-fsbp.html",
        ],
    },
    "hand-written-policies": {
        reason: "Decided by the pack's hand-written policies for the type (listed by npm run policy -- --coverage).",
        sources: ["policies/RULES.md"],
    },
};

/** groups.ts: house rule -> type tokens. */
export const HOUSE_GROUPS: Readonly<Record<string, readonly string[]>> = GROUPS;

/** The decision of every type the table covers, by token. */
export const DECISIONS: ReadonlyMap<string, Decision> = (() => {
    const out = new Map<string, Decision>();
    for (const [house, tokens] of Object.entries(HOUSE_GROUPS)) {
        if (HOUSE_RULES[house] === undefined) {
            throw new Error(`policies/decisions/groups.ts: unknown house rule ${house}`);
        }
        for (const t of tokens) {
            if (out.has(t)) {
                throw new Error(`policies/decisions/groups.ts: ${t} is in two groups`);
            }
            out.set(t, { house });
        }
    }
    for (const [t, checks] of Object.entries(CHECKS)) {
        out.set(t, { ...out.get(t), checks });
    }
    return out;
})();
