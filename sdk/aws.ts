/**
 * The AWS provider SDK as this project uses it: `import * as aws from "<path>/sdk/aws"`, then
 * `aws.ec2.Vpc`, `aws.types.input.s3...` as from "@pulumi/aws" itself.
 *
 * The package root (`@pulumi/aws`) loads all of its ~250 service modules when it is required,
 * and puts all of its typings (about 860,000 lines) into every type check and type-aware lint.
 * Each service is also a module of its own (`@pulumi/aws/ec2`: the package has no `exports` map,
 * so every path is public), so this re-exports only the services in use: the synth, the
 * CLI's program and policy hosts, every spec worker and `tsc` load about a tenth of the package.
 * Add a service here when a component or policy needs one; eslint.config.mjs forbids importing
 * the package root anywhere else.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/aws/provider";
import { getVersion } from "@pulumi/aws/utilities";

export * as acm from "@pulumi/aws/acm";
export * as alb from "@pulumi/aws/alb";
export * as appautoscaling from "@pulumi/aws/appautoscaling";
export * as cfg from "@pulumi/aws/cfg";
export * as cloudfront from "@pulumi/aws/cloudfront";
export * as cloudsearch from "@pulumi/aws/cloudsearch";
export * as cloudtrail from "@pulumi/aws/cloudtrail";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ebs from "@pulumi/aws/ebs";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as ecs from "@pulumi/aws/ecs";
export * as efs from "@pulumi/aws/efs";
export * as elasticache from "@pulumi/aws/elasticache";
export * as elasticsearch from "@pulumi/aws/elasticsearch";
export * as guardduty from "@pulumi/aws/guardduty";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lambda from "@pulumi/aws/lambda";
export * as lb from "@pulumi/aws/lb";
export * as opensearch from "@pulumi/aws/opensearch";
export * as rds from "@pulumi/aws/rds";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as securityhub from "@pulumi/aws/securityhub";
export * as sfn from "@pulumi/aws/sfn";
export * as sns from "@pulumi/aws/sns";
export * as sqs from "@pulumi/aws/sqs";
export * as vpc from "@pulumi/aws/vpc";
export * as wafv2 from "@pulumi/aws/wafv2";
// Types only: the root's `types` namespace loads every service's enums at run time.
export type * as types from "@pulumi/aws/types";
export { Provider };
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";

// What the package root does when it loads (its index.js): the engine can hand back a reference
// to an aws provider (an output that holds one), which the SDK turns into a Provider through this.
pulumi.runtime.registerResourcePackage("aws", {
    version: getVersion(),
    constructProvider: (name: string, type: string, urn: string) => {
        if (type !== "pulumi:providers:aws") {
            throw new Error(`unknown provider type ${type}`);
        }
        return new Provider(name, undefined, { urn });
    },
});
