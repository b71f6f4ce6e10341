/**
 * Protection of data-holding resources: a refactor or a mistaken `pulumi destroy` must not delete
 * what holds data. Pulumi's `protect` option makes the engine refuse to delete (or replace) the
 * resource; `retainOnDelete` leaves the cloud resource in place when Pulumi deletes it, which a
 * KMS key needs because everything encrypted under it is lost with it.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { AnyResourceClass, appliesTo, tokenOf } from "./helpers";

/**
 * The data-holding types: databases, buckets, keys, search domains, secrets, log groups and
 * image repositories. `npm run plan` (offline/plan.ts DATA_HOLDING_TYPES) uses the same list; a
 * test keeps the two equal.
 */
export const DATA_HOLDING_CLASSES: readonly AnyResourceClass[] = [
    aws.rds.Instance,
    aws.rds.Cluster,
    aws.s3.Bucket,
    aws.s3.BucketV2,
    aws.kms.Key,
    aws.cloudsearch.Domain,
    aws.secretsmanager.Secret,
    aws.cloudwatch.LogGroup,
    aws.ecr.Repository,
];

const DATA_HOLDING_TOKENS: ReadonlySet<string> = new Set(DATA_HOLDING_CLASSES.map(tokenOf));
const KMS_KEY = tokenOf(aws.kms.Key);

/** Every data-holding resource is protected. */
export const dataResourcesProtected: ResourceValidationPolicy = {
    name: "data-resources-protected",
    description:
        "Data-holding resources (RDS, S3 buckets, KMS keys, CloudSearch domains, secrets, log groups, ECR repositories) set the protect option.",
    enforcementLevel: "advisory",
    validateResource: appliesTo(DATA_HOLDING_CLASSES, (args, report) => {
        if (!DATA_HOLDING_TOKENS.has(args.type)) {
            args.notApplicable(`Policy only applies to ${[...DATA_HOLDING_TOKENS].join(", ")}`);
        }
        if (args.opts.protect !== true) {
            report(`${args.type} holds data and must set the protect resource option.`);
        }
    }),
};

/**
 * KMS keys are retained when Pulumi deletes them. The CLI does not pass `retainOnDelete` to
 * policies (its AnalyzerResourceOptions have no such field), so under `pulumi preview` the option
 * is unknown and nothing is reported; the offline evaluator (npm run synth / policy) knows it.
 */
export const kmsKeyRetainOnDelete: ResourceValidationPolicy = {
    name: "kms-key-retain-on-delete",
    description: "KMS keys set the retainOnDelete resource option.",
    enforcementLevel: "advisory",
    validateResource: appliesTo([aws.kms.Key], (args, report) => {
        if (args.type !== KMS_KEY) {
            args.notApplicable(`Policy only applies to ${KMS_KEY}`);
        }
        const retain = (args.opts as { retainOnDelete?: unknown }).retainOnDelete;
        if (retain === false) {
            report("KMS key must set the retainOnDelete resource option.");
        }
    }),
};

/** All protection policies. */
export const protectionPolicies = [dataResourcesProtected, kmsKeyRetainOnDelete];
