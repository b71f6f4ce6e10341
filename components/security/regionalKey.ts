/**
 * A customer-managed KMS key outside the stack key's region (the edge's us-east-1 pieces: the KPI
 * alarms' topic, the WAF logs): yearly rotation, 30 days before deletion, and `protect` with
 * `retainOnDelete` as on the stack's other keys. Written once for every such key; the caller gives
 * the logical name (unchanged URNs) and the key policy.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";

export interface RegionalKeyArgs {
    /** The key's region. */
    readonly region: string;
    /** What the key encrypts. */
    readonly description: string;
    /** The key policy JSON. */
    readonly policy: pulumi.Input<string>;
    /** Pulumi `protect` and `retainOnDelete`. Defaults to false. */
    readonly protect?: boolean;
}

/** Creates the key under `parent` as `logicalName`. */
export function regionalKey(
    parent: pulumi.Resource,
    logicalName: string,
    args: RegionalKeyArgs,
): aws.kms.Key {
    const protect = args.protect ?? false;
    return new aws.kms.Key(
        logicalName,
        {
            region: args.region,
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: args.policy,
        },
        { parent, protect, retainOnDelete: protect },
    );
}
