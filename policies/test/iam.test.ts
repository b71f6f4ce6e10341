import * as aws from "../../sdk/aws";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/iam";
import {
    assertResourceViolations,
    createResourceValidationArgs,
    describeResourcePolicy,
    unknown,
} from "./util";

type Role = PropsOf<aws.iam.RoleArgs>;

const doc = (...statements: object[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });
const trust = doc({
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
});

function role(): Role {
    return {
        assumeRolePolicy: trust,
        managedPolicyArns: [
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        ],
    };
}

function policy(): PropsOf<aws.iam.PolicyArgs> {
    return {
        policy: doc(
            { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::tng-assets/*" },
            {
                Effect: "Allow",
                Action: ["ecr:GetAuthorizationToken", "ec2:DescribeNetworkInterfaces"],
                Resource: "*",
            },
        ),
    };
}

describe("iam policies", () => {
    describe(rules.iamNoUsers.name, () => {
        for (const [cls, noun, props] of [
            [aws.iam.User, "user", { name: "deploy" }],
            [aws.iam.AccessKey, "access key", { user: "deploy" }],
            [
                aws.iam.UserPolicyAttachment,
                "user policy attachment",
                { user: "deploy", policyArn: "arn" },
            ],
            [aws.iam.UserLoginProfile, "user login profile", { user: "deploy" }],
        ] as const) {
            it(`fails for an aws.iam ${noun}`, async () => {
                await assertResourceViolations(
                    rules.iamNoUsers,
                    createResourceValidationArgs(
                        cls as typeof aws.iam.User,
                        props as PropsOf<aws.iam.UserArgs>,
                    ),
                    [`IAM ${noun} must not be created; use IAM roles instead.`],
                );
            });
        }
        it("fails for a policy attachment to users, passes for roles only", async () => {
            await assertResourceViolations(
                rules.iamNoUsers,
                createResourceValidationArgs(aws.iam.PolicyAttachment, {
                    policyArn: "arn",
                    users: ["deploy"],
                }),
                ["IAM policy attachment must not set users; use IAM roles instead."],
            );
            await assertResourceViolations(
                rules.iamNoUsers,
                createResourceValidationArgs(aws.iam.PolicyAttachment, {
                    policyArn: "arn",
                    roles: ["app"],
                }),
                [],
            );
        });
        it("passes for a role", async () => {
            await assertResourceViolations(
                rules.iamNoUsers,
                createResourceValidationArgs(aws.iam.Role, role()),
                [],
            );
        });
    });

    describeResourcePolicy(
        rules.iamNoAdminManagedPolicies,
        aws.iam.RolePolicyAttachment,
        () => ({ role: "app", policyArn: "arn:aws:iam::123456789012:policy/tng-app" }),
        [
            {
                title: "CloudWatchLogsFullAccess is attached",
                mutate: (p) => (p.policyArn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"),
                messages: [
                    "IAM role policy attachment must not attach AWS-managed policy CloudWatchLogsFullAccess (policyArn).",
                ],
            },
            {
                title: "AdministratorAccess is attached",
                mutate: (p) => (p.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
                messages: [
                    "IAM role policy attachment must not attach AWS-managed policy AdministratorAccess (policyArn).",
                ],
            },
            {
                title: "config only denies AdministratorAccess",
                mutate: (p) => (p.policyArn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"),
                config: { deniedNamePattern: "^AdministratorAccess$" },
                messages: [],
            },
            {
                title: "policyArn is unknown",
                mutate: (p) => (p.policyArn = unknown()),
                messages: [],
            },
        ],
    );
    describeResourcePolicy(rules.iamNoAdminManagedPolicies, aws.iam.Role, role, [
        {
            title: "managedPolicyArns includes AmazonS3FullAccess",
            mutate: (p) => p.managedPolicyArns?.push("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
            messages: [
                "IAM role must not attach AWS-managed policy AmazonS3FullAccess (managedPolicyArns[1]).",
            ],
        },
        {
            title: "a managed policy ARN is unknown",
            mutate: (p) => p.managedPolicyArns?.push(unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(
        rules.iamNoAdminManagedPolicies,
        aws.iam.PolicyAttachment,
        () => ({ policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", roles: ["app"] }),
        [
            {
                title: "PowerUserAccess is attached",
                mutate: (p) => (p.policyArn = "arn:aws:iam::aws:policy/PowerUserAccess"),
                messages: [
                    "IAM policy attachment must not attach AWS-managed policy PowerUserAccess (policyArn).",
                ],
            },
        ],
    );
    describeResourcePolicy(rules.iamAwsManagedPolicyAllowList, aws.iam.Role, role, [
        {
            title: "a managed policy outside the allow-list is attached",
            mutate: (p) => (p.managedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]),
            messages: [
                "IAM role must not attach AWS-managed policy ReadOnlyAccess outside the allow-list (managedPolicyArns[0]).",
            ],
        },
        {
            title: "config allows it",
            mutate: (p) => (p.managedPolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]),
            config: { allowedPolicies: ["ReadOnlyAccess"] },
            messages: [],
        },
    ]);

    describeResourcePolicy(rules.iamPolicyNoAdmin, aws.iam.Policy, policy, [
        {
            title: "a statement allows * on *",
            mutate: (p) => (p.policy = doc({ Effect: "Allow", Action: "*", Resource: "*" })),
            messages: ["IAM policy must not allow Action * on Resource * (policy Statement[0])."],
        },
        {
            title: "a Deny statement uses * on *",
            mutate: (p) => (p.policy = doc({ Effect: "Deny", Action: "*", Resource: "*" })),
            messages: [],
        },
        { title: "the document is unknown", mutate: (p) => (p.policy = unknown()), messages: [] },
        {
            title: "the document embeds an unknown",
            mutate: (p) =>
                (p.policy = `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"${"04da6b54-80e4-46f7-96ec-b56ff0331ba9"}"}]}`),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.iamPolicyNoAdmin, aws.iam.Role, role, [
        {
            title: "an inline policy allows * on *",
            mutate: (p) =>
                (p.inlinePolicies = [
                    {
                        name: "admin",
                        policy: doc({ Effect: "Allow", Action: ["*"], Resource: ["*"] }),
                    },
                ]),
            messages: [
                "IAM role must not allow Action * on Resource * (inlinePolicies[0].policy Statement[0]).",
            ],
        },
    ]);
    describeResourcePolicy(
        rules.iamPolicyNoWildcardActions,
        aws.iam.RolePolicy,
        () => ({ role: "app", policy: policy().policy }),
        [
            {
                title: "a statement allows s3:*",
                mutate: (p) =>
                    (p.policy = doc({
                        Effect: "Allow",
                        Action: "s3:*",
                        Resource: "arn:aws:s3:::tng-assets/*",
                    })),
                messages: [
                    "IAM role policy must not allow wildcard action s3:* (policy Statement[0]).",
                ],
            },
            {
                title: "a statement uses NotAction",
                mutate: (p) =>
                    (p.policy = doc({
                        Effect: "Allow",
                        NotAction: "iam:*",
                        Resource: "arn:aws:s3:::x",
                    })),
                messages: [
                    "IAM role policy must not use NotAction with Effect Allow (policy Statement[0]).",
                ],
            },
            {
                title: "config allows xray:*",
                mutate: (p) =>
                    (p.policy = doc({
                        Effect: "Allow",
                        Action: "xray:*",
                        Resource: "arn:aws:xray:::x",
                    })),
                config: { allowedWildcardActions: ["xray:*"] },
                messages: [],
            },
        ],
    );
    describeResourcePolicy(rules.iamPolicyNoWildcardResource, aws.iam.Policy, policy, [
        {
            title: "s3:PutObject is allowed on *",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: ["s3:PutObject", "logs:DescribeLogGroups"],
                    Resource: "*",
                })),
            messages: [
                "IAM policy must not allow s3:PutObject on Resource * (policy Statement[0]).",
            ],
        },
        {
            title: "kms:Decrypt is allowed on *",
            mutate: (p) =>
                (p.policy = doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" })),
            messages: [
                "IAM policy must not allow kms:Decrypt on Resource * (policy Statement[0]).",
            ],
        },
        {
            title: "ssmmessages channel actions and xray are allowed on *",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: ["ssmmessages:CreateControlChannel", "xray:PutTraceSegments"],
                    Resource: "*",
                })),
            messages: [],
        },
        {
            title: "config adds kms:Decrypt to the unscopable list",
            mutate: (p) =>
                (p.policy = doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" })),
            config: { unscopableActions: ["kms:Decrypt"] },
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.iamPolicyNoPrivilegeEscalation, aws.iam.Policy, policy, [
        {
            title: "iam:PassRole is allowed on *",
            mutate: (p) =>
                (p.policy = doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })),
            messages: [
                "IAM policy must not allow privilege-escalation actions iam:PassRole (policy Statement[0]).",
            ],
        },
        {
            title: "iam:Put* is allowed on a role",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: "iam:Put*Policy",
                    Resource: "arn:aws:iam::123456789012:role/x",
                })),
            messages: [
                "IAM policy must not allow privilege-escalation actions iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy (policy Statement[0]).",
            ],
        },
        {
            title: "iam:PassRole is scoped to one role",
            mutate: (p) =>
                (p.policy = doc({
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: "arn:aws:iam::123456789012:role/task",
                })),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.iamRoleTrustNoPublicPrincipal, aws.iam.Role, role, [
        {
            title: "the trust policy allows Principal *",
            mutate: (p) =>
                (p.assumeRolePolicy = doc({
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: "sts:AssumeRole",
                })),
            messages: [
                "IAM role trust policy must not allow Principal * without a condition that restricts the caller (assumeRolePolicy Statement[0]).",
            ],
        },
        {
            title: "the trust policy is unknown",
            mutate: (p) => (p.assumeRolePolicy = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.iamRoleTrustScoped, aws.iam.Role, role, [
        {
            title: "a service principal has no SourceAccount condition",
            mutate: (p) =>
                (p.assumeRolePolicy = doc({
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                })),
            messages: [
                "IAM role must limit service principal ecs-tasks.amazonaws.com with an aws:SourceAccount or aws:SourceArn condition (assumeRolePolicy Statement[0]).",
            ],
        },
        {
            title: "an account root is trusted",
            mutate: (p) =>
                (p.assumeRolePolicy = doc({
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "sts:AssumeRole",
                })),
            messages: [
                "IAM role must not trust the account root arn:aws:iam::123456789012:root (assumeRolePolicy Statement[0]).",
            ],
        },
    ]);
    describeResourcePolicy(rules.iamNoInlinePolicies, aws.iam.Role, role, [
        {
            title: "inlinePolicies is set",
            mutate: (p) => (p.inlinePolicies = [{ name: "x", policy: policy().policy as string }]),
            messages: [
                "IAM role must not set inlinePolicies; attach a customer-managed aws.iam.Policy.",
            ],
        },
    ]);
    it("iam-no-inline-policies fails for an aws.iam.RolePolicy", async () => {
        await assertResourceViolations(
            rules.iamNoInlinePolicies,
            createResourceValidationArgs(aws.iam.RolePolicy, { role: "app", policy: "{}" }),
            ["IAM role policy must not be inline; attach a customer-managed aws.iam.Policy."],
        );
    });
});
