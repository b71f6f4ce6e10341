/**
 * Resource policies of services this program does not use yet (SQS, SNS, Lambda): the same
 * public-principal judgement as S3, KMS, ECR, Secrets Manager and CloudSearch
 * (`checkPublicPolicy` in helpers.ts), and Lambda's own permission and function URL forms.
 */
import * as aws from "../../sdk/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { checkPublicPolicy, validateTyped } from "./helpers";

/** SQS and SNS policies, inline or standalone, are not public. */
export const queueTopicPolicyNotPublic: ResourceValidationPolicy = {
    name: "sqs-sns-policy-not-public",
    description:
        "SQS queue and SNS topic policies (QueuePolicy, TopicPolicy and the inline policy of Queue and Topic) do not Allow Principal * unless a condition such as aws:SourceArn restricts the caller.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.sqs.QueuePolicy, [], (p, _a, report) =>
            checkPublicPolicy("SQS queue policy", "policy", p.policy, (m) => report(m)),
        ),
        validateTyped(aws.sqs.Queue, [], (q, _a, report) =>
            checkPublicPolicy("SQS queue", "policy", q.policy, (m) => report(m)),
        ),
        validateTyped(aws.sns.TopicPolicy, [], (p, _a, report) =>
            checkPublicPolicy("SNS topic policy", "policy", p.policy, (m) => report(m)),
        ),
        validateTyped(aws.sns.Topic, [], (t, _a, report) =>
            checkPublicPolicy("SNS topic", "policy", t.policy, (m) => report(m)),
        ),
    ],
};

/**
 * Lambda permissions to `*` are scoped by sourceArn, sourceAccount or principalOrgId (the
 * confused-deputy keys Lambda writes into the function policy), and function URLs use IAM auth.
 * https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
 */
export const lambdaNotPublic: ResourceValidationPolicy = {
    name: "lambda-not-public",
    description:
        "Lambda permissions for principal * set sourceArn, sourceAccount or principalOrgId and not functionUrlAuthType NONE; function URLs set authorizationType AWS_IAM.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.lambda.Permission, [], (p, _a, report) => {
            if (p.functionUrlAuthType === "NONE") {
                report("Lambda permission must not set functionUrlAuthType to NONE.");
            } else if (
                p.principal === "*" &&
                !p.sourceArn &&
                !p.sourceAccount &&
                !p.principalOrgId
            ) {
                report(
                    "Lambda permission for principal * must set sourceArn, sourceAccount or principalOrgId.",
                );
            }
        }),
        validateTyped(aws.lambda.FunctionUrl, [], (u, _a, report) => {
            if (u.authorizationType !== "AWS_IAM") {
                report("Lambda function URL must set authorizationType to AWS_IAM.");
            }
        }),
    ],
};

/** All resource-policy rules of this file. */
export const resourcePolicyPolicies = [queueTopicPolicyNotPublic, lambdaNotPublic];
