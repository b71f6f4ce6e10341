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
import { edgePolicies } from "./edge";
import { iamPolicies } from "./iam";
import { kmsPolicies } from "./kms";
import { loadBalancingPolicies } from "./loadBalancing";
import { loggingPolicies } from "./logging";
import { networkPolicies } from "./network";
import { protectionPolicies } from "./protection";
import { searchPolicies } from "./search";
import { secretsPolicies } from "./secrets";
import { securityGroupPolicies } from "./securityGroups";
import { storagePolicies } from "./storage";

/** A policy of this pack: resource or stack validation. */
export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** All policies, each with a kebab-case name, description and default enforcement level. */
export const policies: (Policy & PackPolicy)[] = [
    ...networkPolicies,
    ...securityGroupPolicies,
    ...loadBalancingPolicies,
    ...computePolicies,
    ...iamPolicies,
    ...databasePolicies,
    ...cachePolicies,
    ...searchPolicies,
    ...storagePolicies,
    ...edgePolicies,
    ...loggingPolicies,
    ...secretsPolicies,
    ...kmsPolicies,
    ...auditPolicies,
    ...protectionPolicies,
];
