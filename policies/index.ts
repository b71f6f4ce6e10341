/**
 * Entry point of the `tng-policies` CrossGuard pack, run by the Pulumi CLI for
 * `pulumi preview --policy-pack policies [--policy-pack-config policies/config/<stack>.json]`.
 *
 * This is the only module that constructs the PolicyPack: the constructor starts the analyzer's
 * gRPC server (and exits the process if a second pack is constructed), so tests and
 * `scripts/policy.ts` import `./rules` and `./evaluate` instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("tng-policies", {
    policies,
    // Each policy declares its own level; this only covers a policy that does not.
    enforcementLevel: "advisory",
    description: "Encryption and least-privilege rules for the TNG Rails stack on AWS.",
});
