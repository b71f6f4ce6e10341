/**
 * Every policy of the pack, in area order. This module is side-effect free: importing it never
 * starts the policy server, so tests and `scripts/policy.ts` use it directly and only
 * `policies/index.ts` constructs the PolicyPack.
 */
import { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { auditPolicies } from "./audit";
import { cachePolicies } from "./cache";
import { computePolicies } from "./compute";
import { databasePolicies } from "./database";
import { decidedPolicies } from "./decided";
import { ec2Policies } from "./ec2";
import { edgePolicies } from "./edge";
import { iamPolicies } from "./iam";
import { invariantPolicies } from "./invariants";
import { kmsPolicies } from "./kms";
import { loadBalancingPolicies } from "./loadBalancing";
import { loggingPolicies } from "./logging";
import { networkPolicies } from "./network";
import { policyDocumentPolicies } from "./policyDocuments";
import { protectionPolicies } from "./protection";
import { resourcePolicyPolicies } from "./resourcePolicies";
import { searchPolicies } from "./search";
import { secretsPolicies } from "./secrets";
import { securityGroupPolicies } from "./securityGroups";
import { storagePolicies } from "./storage";

/** A policy of this pack: resource or stack validation. */
export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The policies by area, in the pack's order (the sections of policies/RULES.md). */
export const policyAreas: readonly { readonly area: string; readonly policies: PackPolicy[] }[] = [
    { area: "Network", policies: networkPolicies },
    { area: "Security groups", policies: securityGroupPolicies },
    { area: "Load balancing", policies: loadBalancingPolicies },
    { area: "Compute: ECS, ECR, Application Auto Scaling", policies: computePolicies },
    { area: "EC2 and block storage: instances, launch templates, EBS, EFS", policies: ec2Policies },
    { area: "IAM", policies: iamPolicies },
    { area: "Database: RDS and Aurora", policies: databasePolicies },
    { area: "Cache: ElastiCache", policies: cachePolicies },
    { area: "Search: CloudSearch, OpenSearch, Elasticsearch", policies: searchPolicies },
    { area: "Storage: S3", policies: storagePolicies },
    { area: "Edge: CloudFront, WAF", policies: edgePolicies },
    { area: "Logging: CloudWatch Logs", policies: loggingPolicies },
    { area: "Secrets Manager", policies: secretsPolicies },
    { area: "KMS", policies: kmsPolicies },
    { area: "Resource policies: SQS, SNS, Lambda", policies: resourcePolicyPolicies },
    { area: "Audit: CloudTrail", policies: auditPolicies },
    { area: "Protection: protect and retainOnDelete", policies: protectionPolicies },
    { area: "Prod invariants and the AWS provider", policies: invariantPolicies },
    {
        area: "Decision table: encryption and exposure of every inventoried type",
        policies: decidedPolicies,
    },
    { area: "Policy documents: every input of every type", policies: policyDocumentPolicies },
];

/** All policies, each with a kebab-case name, description and default enforcement level. */
export const policies: (Policy & PackPolicy)[] = policyAreas.flatMap((a) => a.policies);
