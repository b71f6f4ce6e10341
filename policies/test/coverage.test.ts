/**
 * Issue 15: the pack's risks on every type that carries them (Aurora, snapshots, OpenSearch and
 * Elasticsearch, EC2 instances and launch templates, EBS, EFS, SQS, SNS, Lambda, IAM group and
 * user policies), the shared public-principal judgement with look-alike secure fixtures (scoped
 * wildcards, Deny with Principal *, OAC and VPC-endpoint conditions, organisation conditions),
 * and IAM NotAction/NotResource.
 */
import * as assert from "assert";
import * as aws from "../../sdk/aws";
import * as database from "../rules/database";
import * as ec2 from "../rules/ec2";
import * as iam from "../rules/iam";
import * as resourcePolicies from "../rules/resourcePolicies";
import * as search from "../rules/search";
import * as storage from "../rules/storage";
import { policies } from "../rules";
import {
    assertResourceViolations,
    assertStackViolations,
    createResourceValidationArgs,
    exported,
    uncheckedMessages,
    unknown,
} from "./util";

const doc = (...statements: object[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ACCOUNT = "123456789012";
const DIST = `arn:aws:cloudfront::${ACCOUNT}:distribution/EDFDVBD6EXAMPLE`;

/** Statements that look public but are scoped: none may get a finding. */
const SECURE_LOOK_ALIKES: [string, object][] = [
    [
        "a Deny with Principal *",
        {
            Effect: "Deny",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
    [
        "CloudFront OAC (aws:SourceArn of the distribution)",
        {
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "AWS:SourceArn": DIST } },
        },
    ],
    [
        "Principal * with a VPC-endpoint condition",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
        },
    ],
    [
        "Principal * with an organisation condition",
        {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sqs:SendMessage",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        },
    ],
    [
        "Principal * with an org-path prefix",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "sns:Publish",
            Resource: "*",
            Condition: {
                "ForAnyValue:StringLike": {
                    "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*",
                },
            },
        },
    ],
    [
        "Principal * with a scoped ArnLike source",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "sqs:SendMessage",
            Resource: "*",
            Condition: { ArnLike: { "aws:SourceArn": `arn:aws:sns:ap-northeast-1:${ACCOUNT}:*` } },
        },
    ],
    [
        "Principal * with aws:SourceIp of a private range",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "es:ESHttpGet",
            Resource: "*",
            Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/16"] } },
        },
    ],
];

/** Statements that only look restricted: each is public. */
const PUBLIC_LOOK_ALIKES: [string, object][] = [
    ["no condition", { Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
    [
        'StringLike "*" on aws:SourceArn',
        {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringLike: { "aws:SourceArn": "*" } },
        },
    ],
    [
        "an ArnLike source in any account",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::*:distribution/*" } },
        },
    ],
    [
        "only a Bool on aws:SecureTransport",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "true" } },
        },
    ],
    [
        "an IfExists source account",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
        },
    ],
    [
        "a negated operator",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        },
    ],
    [
        "aws:SourceIp 0.0.0.0/0",
        {
            Effect: "Allow",
            Principal: "*",
            Action: "*",
            Resource: "*",
            Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } },
        },
    ],
    [
        "an Allow with NotPrincipal",
        {
            Effect: "Allow",
            NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/x` },
            Action: "*",
            Resource: "*",
        },
    ],
];

describe("issue 15: every carrier of a resource policy uses the shared public-principal judgement", () => {
    const carriers: [string, () => Promise<string[]>, (d: string) => Promise<string[]>][] = [];
    const run = async (
        policy: Parameters<typeof assertResourceViolations>[0],
        args: ReturnType<typeof createResourceValidationArgs>,
    ) => {
        const out: string[] = [];
        const vs = Array.isArray(policy.validateResource)
            ? policy.validateResource
            : [policy.validateResource];
        for (const v of vs) {
            try {
                await v?.(args, (m) => out.push(m));
            } catch {
                // not applicable
            }
        }
        return out;
    };
    const cases: [string, string, (d: string) => Promise<string[]>][] = [
        [
            "SQS queue policy",
            "SQS queue policy",
            (d) =>
                run(
                    resourcePolicies.queueTopicPolicyNotPublic,
                    createResourceValidationArgs(aws.sqs.QueuePolicy, { queueUrl: "q", policy: d }),
                ),
        ],
        [
            "SQS queue (inline policy)",
            "SQS queue",
            (d) =>
                run(
                    resourcePolicies.queueTopicPolicyNotPublic,
                    createResourceValidationArgs(aws.sqs.Queue, { policy: d }),
                ),
        ],
        [
            "SNS topic policy",
            "SNS topic policy",
            (d) =>
                run(
                    resourcePolicies.queueTopicPolicyNotPublic,
                    createResourceValidationArgs(aws.sns.TopicPolicy, { arn: "t", policy: d }),
                ),
        ],
        [
            "SNS topic (inline policy)",
            "SNS topic",
            (d) =>
                run(
                    resourcePolicies.queueTopicPolicyNotPublic,
                    createResourceValidationArgs(aws.sns.Topic, { policy: d }),
                ),
        ],
        [
            "OpenSearch domain",
            "Search domain",
            (d) =>
                run(
                    search.searchDomainAccessPolicyNotPublic,
                    createResourceValidationArgs(aws.opensearch.Domain, { accessPolicies: d }),
                ),
        ],
        [
            "Elasticsearch domain policy",
            "Search domain policy",
            (d) =>
                run(
                    search.searchDomainAccessPolicyNotPublic,
                    createResourceValidationArgs(aws.elasticsearch.DomainPolicy, {
                        domainName: "d",
                        accessPolicies: d,
                    }),
                ),
        ],
        [
            "S3 bucket policy",
            "S3 bucket policy",
            (d) =>
                run(
                    storage.s3BucketPolicyNoPublicPrincipal,
                    createResourceValidationArgs(aws.s3.BucketPolicy, { bucket: "b", policy: d }),
                ),
        ],
    ];
    void carriers;
    for (const [title, subject, check] of cases) {
        describe(title, () => {
            for (const [what, statement] of SECURE_LOOK_ALIKES) {
                it(`passes ${what}`, async () => {
                    assert.deepStrictEqual(await check(doc(statement)), []);
                });
            }
            for (const [what, statement] of PUBLIC_LOOK_ALIKES) {
                it(`fails ${what}`, async () => {
                    const path = subject.startsWith("Search") ? "accessPolicies" : "policy";
                    assert.deepStrictEqual(await check(doc(statement)), [
                        `${subject} must not allow Principal * without a condition that restricts the caller (${path} Statement[0]).`,
                    ]);
                });
            }
        });
    }
});

describe("issue 15: IAM NotAction/NotResource and group and user policies", () => {
    it("treats Allow NotAction on NotResource as admin, on group and user policies too", async () => {
        for (const cls of [aws.iam.GroupPolicy, aws.iam.UserPolicy] as const) {
            const noun = cls === aws.iam.GroupPolicy ? "IAM group policy" : "IAM user policy";
            await assertResourceViolations(
                iam.iamPolicyNoAdmin,
                createResourceValidationArgs(cls as typeof aws.iam.GroupPolicy, {
                    group: "g",
                    policy: doc({
                        Effect: "Allow",
                        NotAction: "iam:*",
                        NotResource: "arn:aws:s3:::x",
                    }),
                }),
                [`${noun} must not allow NotAction on NotResource (policy Statement[0]).`],
            );
        }
    });
    it("treats NotResource as Resource * for scopable actions and iam:PassRole", async () => {
        const args = createResourceValidationArgs(aws.iam.Policy, {
            policy: doc({
                Effect: "Allow",
                Action: ["s3:GetObject", "iam:PassRole"],
                NotResource: "arn:aws:s3:::x",
            }),
        });
        await assertResourceViolations(iam.iamPolicyNoWildcardResource, args, [
            "IAM policy must not allow s3:GetObject, iam:PassRole on NotResource (policy Statement[0]).",
        ]);
        await assertResourceViolations(iam.iamPolicyNoPrivilegeEscalation, args, [
            "IAM policy must not allow privilege-escalation actions iam:PassRole (policy Statement[0]).",
        ]);
    });
    it("passes scoped wildcards and a Deny with NotResource", async () => {
        const args = createResourceValidationArgs(aws.iam.Policy, {
            policy: doc(
                { Effect: "Allow", Action: "s3:Get*", Resource: "arn:aws:s3:::tng-assets/*" },
                {
                    Effect: "Deny",
                    NotAction: "s3:GetObject",
                    NotResource: "arn:aws:s3:::tng-assets/*",
                },
            ),
        });
        for (const p of [
            iam.iamPolicyNoAdmin,
            iam.iamPolicyNoWildcardResource,
            iam.iamPolicyNoPrivilegeEscalation,
        ]) {
            await assertResourceViolations(p, args, []);
        }
    });
});

describe("issue 15: sibling types", () => {
    it("Aurora: cluster encryption and public cluster instances", async () => {
        await assertResourceViolations(
            database.rdsClusterStorageEncrypted,
            createResourceValidationArgs(aws.rds.Cluster, { engine: "aurora-postgresql" }),
            ["RDS cluster must set storageEncrypted to true."],
        );
        await assertResourceViolations(
            database.rdsClusterStorageEncrypted,
            createResourceValidationArgs(aws.rds.Cluster, {
                engine: "aurora-postgresql",
                storageEncrypted: true,
            }),
            [],
        );
        await assertResourceViolations(
            database.rdsNoPublicAccess,
            createResourceValidationArgs(aws.rds.ClusterInstance, {
                clusterIdentifier: "c",
                engine: "aurora-postgresql",
                instanceClass: "db.r6g.large",
                publiclyAccessible: true,
            }),
            ["RDS cluster instance must not set publiclyAccessible to true."],
        );
    });
    it("snapshots shared with all accounts; a named account is fine", async () => {
        await assertResourceViolations(
            database.rdsSnapshotNotPublic,
            createResourceValidationArgs(aws.rds.Snapshot, {
                dbInstanceIdentifier: "d",
                dbSnapshotIdentifier: "s",
                sharedAccounts: ["all"],
            }),
            ["RDS snapshot must not list all in sharedAccounts."],
        );
        await assertResourceViolations(
            database.rdsSnapshotNotPublic,
            createResourceValidationArgs(aws.rds.ClusterSnapshot, {
                dbClusterIdentifier: "d",
                dbClusterSnapshotIdentifier: "s",
                sharedAccounts: ["all"],
            }),
            ["RDS cluster snapshot must not list all in sharedAccounts."],
        );
        await assertResourceViolations(
            database.rdsSnapshotNotPublic,
            createResourceValidationArgs(aws.rds.Snapshot, {
                dbInstanceIdentifier: "d",
                dbSnapshotIdentifier: "s",
                sharedAccounts: [ACCOUNT],
            }),
            [],
        );
    });
    it("search domains: encryption, HTTPS with TLS 1.2 (OpenSearch and Elasticsearch)", async () => {
        for (const cls of [aws.opensearch.Domain, aws.elasticsearch.Domain] as const) {
            const bare = createResourceValidationArgs(cls as typeof aws.opensearch.Domain, {});
            await assertResourceViolations(search.searchDomainEncryption, bare, [
                "Search domain must set encryptAtRest.enabled to true.",
                "Search domain must set nodeToNodeEncryption.enabled to true.",
            ]);
            await assertResourceViolations(search.searchDomainHttpsTls12, bare, [
                "Search domain must set domainEndpointOptions.enforceHttps to true.",
                "Search domain must set domainEndpointOptions.tlsSecurityPolicy to Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10.",
            ]);
            const good = createResourceValidationArgs(cls as typeof aws.opensearch.Domain, {
                encryptAtRest: { enabled: true },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: {
                    enforceHttps: true,
                    tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10",
                },
            });
            await assertResourceViolations(search.searchDomainEncryption, good, []);
            await assertResourceViolations(search.searchDomainHttpsTls12, good, []);
        }
    });
    it("EC2: IMDSv2, public IPs and encrypted block devices on instances and launch templates", async () => {
        const instance = createResourceValidationArgs(aws.ec2.Instance, {
            associatePublicIpAddress: true,
            rootBlockDevice: { encrypted: false },
            ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
        });
        await assertResourceViolations(ec2.ec2Imdsv2Required, instance, [
            "EC2 instance must set metadataOptions.httpTokens to required (IMDSv2).",
        ]);
        await assertResourceViolations(ec2.ec2NoPublicIp, instance, [
            "EC2 instance must not set associatePublicIpAddress to true.",
        ]);
        await assertResourceViolations(ec2.ebsEncrypted, instance, [
            "EC2 instance must set rootBlockDevice.encrypted to true.",
        ]);
        const template = createResourceValidationArgs(aws.ec2.LaunchTemplate, {
            metadataOptions: { httpTokens: "required" },
            networkInterfaces: [{ associatePublicIpAddress: "true" }],
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }],
        });
        await assertResourceViolations(ec2.ec2Imdsv2Required, template, []);
        await assertResourceViolations(ec2.ec2NoPublicIp, template, [
            "EC2 launch template must not set networkInterfaces[0].associatePublicIpAddress to true.",
        ]);
        await assertResourceViolations(ec2.ebsEncrypted, template, [
            "EC2 launch template must set blockDeviceMappings[0].ebs.encrypted to true.",
        ]);
    });
    it("EBS volumes and EFS file systems", async () => {
        await assertResourceViolations(
            ec2.ebsEncrypted,
            createResourceValidationArgs(aws.ebs.Volume, { availabilityZone: "ap-northeast-1a" }),
            ["EBS volume must set encrypted to true."],
        );
        await assertResourceViolations(
            ec2.ebsEncrypted,
            createResourceValidationArgs(aws.ebs.Volume, {
                availabilityZone: "ap-northeast-1a",
                encrypted: true,
            }),
            [],
        );
        await assertResourceViolations(
            ec2.efsEncrypted,
            createResourceValidationArgs(aws.efs.FileSystem, {}),
            ["EFS file system must set encrypted to true."],
        );
    });
    it("Lambda: public permissions and function URLs", async () => {
        await assertResourceViolations(
            resourcePolicies.lambdaNotPublic,
            createResourceValidationArgs(aws.lambda.Permission, {
                action: "lambda:InvokeFunction",
                function: "f",
                principal: "*",
            }),
            [
                "Lambda permission for principal * must set sourceArn, sourceAccount or principalOrgId.",
            ],
        );
        await assertResourceViolations(
            resourcePolicies.lambdaNotPublic,
            createResourceValidationArgs(aws.lambda.Permission, {
                action: "lambda:InvokeFunction",
                function: "f",
                principal: "*",
                principalOrgId: "o-a1b2c3d4e5",
            }),
            [],
        );
        await assertResourceViolations(
            resourcePolicies.lambdaNotPublic,
            createResourceValidationArgs(aws.lambda.Permission, {
                action: "lambda:InvokeFunctionUrl",
                function: "f",
                principal: "*",
                functionUrlAuthType: "NONE",
            }),
            ["Lambda permission must not set functionUrlAuthType to NONE."],
        );
        await assertResourceViolations(
            resourcePolicies.lambdaNotPublic,
            createResourceValidationArgs(aws.lambda.FunctionUrl, {
                functionName: "f",
                authorizationType: "NONE",
            }),
            ["Lambda function URL must set authorizationType to AWS_IAM."],
        );
        await assertResourceViolations(
            resourcePolicies.lambdaNotPublic,
            createResourceValidationArgs(aws.lambda.FunctionUrl, {
                functionName: "f",
                authorizationType: "AWS_IAM",
            }),
            [],
        );
    });
});

describe("issue 15: honest results and cross-resource checks", () => {
    it("reports an unknown policy document as could not check, with no violation", async () => {
        assert.deepStrictEqual(
            await uncheckedMessages(
                resourcePolicies.queueTopicPolicyNotPublic,
                aws.sqs.QueuePolicy,
                { queueUrl: "q", policy: unknown<string>() },
            ),
            ["could not check policy: value unknown/secret"],
        );
        await assertResourceViolations(
            resourcePolicies.queueTopicPolicyNotPublic,
            createResourceValidationArgs(aws.sqs.QueuePolicy, {
                queueUrl: "q",
                policy: unknown<string>(),
            }),
            [],
        );
    });
    it("checks a bucket policy on a bucket outside the stack on its own (TLS-only)", async () => {
        const outside = exported(aws.s3.BucketPolicy, "p", {
            bucket: "someone-elses-bucket",
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "s3:GetObject",
                Resource: "*",
            }),
        });
        await assertStackViolations(
            storage.s3BucketSslOnly,
            [outside],
            [[outside, "S3 bucket policy must deny requests when aws:SecureTransport is false."]],
        );
        const tlsOnly = exported(aws.s3.BucketPolicy, "p", {
            bucket: "someone-elses-bucket",
            policy: doc(SECURE_LOOK_ALIKES[0][1]),
        });
        await assertStackViolations(storage.s3BucketSslOnly, [tlsOnly], []);
    });
    it("every policy name is unique", () => {
        assert.strictEqual(new Set(policies.map((p) => p.name)).size, policies.length);
    });
});
