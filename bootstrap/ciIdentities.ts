/**
 * The CI identities of the tng stacks: GitHub's OIDC provider and, per stack, a preview role and a
 * deploy role. Each role is trusted only through the provider, only for audience
 * sts.amazonaws.com, and only for jobs of one repository running in one GitHub environment (the
 * `sub` claim of a job with an environment is `repo:<owner>/<repo>:environment:<name>`):
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub
 *
 * Environments (.github/workflows): `preview-<stack>` (pull-request previews; preview-prod requires
 * reviewers) and, for prod, `plan-prod` (the deploy workflow's preview on main) assume the preview
 * role; `<stack>` (the deploy, main only, prod with reviewers) assumes the deploy role.
 *
 * The preview role reads metadata (Describe/List/Get on the stack's services, in this account) and
 * is denied every data read (objects, secret values, decryption, log events). The deploy role
 * manages the services the program uses, in this account and its regions; in IAM only roles and
 * policies named `tng-<stack>-*`, attaching only those policies and the AWS service-role policies
 * the program uses. What a mock render cannot prove: that AWS accepts every action for every
 * resource the program creates (refine with IAM Access Analyzer's policy generation after the
 * first deploys), and GitHub's token contents (configured by GitHub, not here).
 */
import * as aws from "../sdk/aws";
import * as pulumi from "@pulumi/pulumi";

/** GitHub Actions' OIDC issuer. */
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
/** The audience configure-aws-credentials requests. */
export const STS_AUDIENCE = "sts.amazonaws.com";
/** Condition keys of the issuer (`<host>:aud`, `<host>:sub`). */
const CLAIM = "token.actions.githubusercontent.com";

/** The edge pieces of a stack (CloudFront certificate, WAF, their alarms) live in us-east-1. */
export const EDGE_REGION = "us-east-1";

/**
 * The AWS services the tng program manages: IAM action prefix, the type modules of
 * `@pulumi/aws` it covers (a test checks every module the stacks render is here), and whether its
 * ARNs are global (no region) or regional.
 */
export const SERVICES: readonly {
    readonly prefix: string;
    readonly modules: readonly string[];
    readonly scope: "regional" | "global";
    /** Verbs beyond DEPLOY_VERBS that managing this service's resources takes. */
    readonly extraVerbs?: readonly string[];
}[] = [
    { prefix: "ec2", modules: ["ec2", "vpc"], scope: "regional" },
    { prefix: "elasticloadbalancing", modules: ["lb", "alb"], scope: "regional" },
    { prefix: "ecs", modules: ["ecs"], scope: "regional" },
    { prefix: "ecr", modules: ["ecr"], scope: "regional" },
    { prefix: "application-autoscaling", modules: ["appautoscaling"], scope: "regional" },
    { prefix: "rds", modules: ["rds"], scope: "regional" },
    { prefix: "elasticache", modules: ["elasticache"], scope: "regional" },
    { prefix: "cloudsearch", modules: ["cloudsearch"], scope: "regional" },
    { prefix: "logs", modules: ["cloudwatch"], scope: "regional" },
    { prefix: "cloudwatch", modules: ["cloudwatch"], scope: "regional" },
    { prefix: "events", modules: ["cloudwatch"], scope: "regional" },
    { prefix: "sns", modules: ["sns"], scope: "regional" },
    { prefix: "kms", modules: ["kms"], scope: "regional" },
    { prefix: "secretsmanager", modules: ["secretsmanager"], scope: "regional" },
    { prefix: "guardduty", modules: ["guardduty"], scope: "regional" },
    { prefix: "securityhub", modules: ["securityhub"], scope: "regional" },
    { prefix: "cloudtrail", modules: ["cloudtrail"], scope: "regional" },
    // AWS Config: the recorder is started and stopped by its status resource
    // (StartConfigurationRecorder / StopConfigurationRecorder).
    { prefix: "config", modules: ["cfg"], scope: "regional", extraVerbs: ["Start", "Stop"] },
    { prefix: "states", modules: ["sfn"], scope: "regional" },
    { prefix: "acm", modules: ["acm"], scope: "regional" },
    { prefix: "wafv2", modules: ["wafv2"], scope: "regional" },
    { prefix: "cloudfront", modules: ["cloudfront"], scope: "global" },
    { prefix: "route53", modules: ["route53"], scope: "global" },
    { prefix: "s3", modules: ["s3"], scope: "global" },
    { prefix: "iam", modules: ["iam"], scope: "global" },
];

/** Verbs of the deploy role's non-IAM actions (`<prefix>:<Verb>*`): no service-wide `*`. */
export const DEPLOY_VERBS = [
    "Create",
    "Delete",
    "Update",
    "Modify",
    "Put",
    "Tag",
    "Untag",
    "Describe",
    "List",
    "Get",
    "Associate",
    "Disassociate",
    "Authorize",
    "Revoke",
    "Register",
    "Deregister",
    "Enable",
    "Disable",
    "Set",
    "Add",
    "Remove",
    "Replace",
    "Batch",
    "Request",
    "Import",
    "Accept",
] as const;

/** What the preview role may never do, whatever the Allow statements say: data, not metadata. */
export const DATA_READ_ACTIONS = [
    "s3:GetObject*",
    "secretsmanager:GetSecretValue",
    "secretsmanager:BatchGetSecretValue",
    "kms:Decrypt",
    "kms:GenerateDataKey*",
    "logs:GetLogEvents",
    "logs:FilterLogEvents",
    "logs:StartQuery",
    "logs:GetQueryResults",
    "rds:DownloadDBLogFilePortion",
    "rds:DownloadCompleteDBLogFile",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "ecs:ExecuteCommand",
    "cloudsearch:Search",
    "cloudsearch:Suggest",
    "ssm:GetParameter*",
] as const;

/** AWS service-role policies the program attaches (RDS enhanced monitoring). */
export const ATTACHABLE_AWS_POLICIES = [
    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
] as const;

/** Where a role's statements may act. */
interface Place {
    readonly accountId: string;
    readonly region: string;
    readonly stack: string;
}

/** The resources of one service for a stack: this account, the stack's region and the edge's. */
export function serviceResources(prefix: string, p: Place): string[] {
    const service = SERVICES.find((s) => s.prefix === prefix);
    if (service === undefined) {
        throw new Error(`unknown service ${prefix}`);
    }
    switch (prefix) {
        case "s3":
            return [`arn:aws:s3:::tng-${p.stack}-*`];
        case "iam":
            return [
                `arn:aws:iam::${p.accountId}:role/tng-${p.stack}-*`,
                `arn:aws:iam::${p.accountId}:policy/tng-${p.stack}-*`,
            ];
        case "route53":
            return ["arn:aws:route53:::hostedzone/*", "arn:aws:route53:::change/*"];
        case "cloudfront":
            return [`arn:aws:cloudfront::${p.accountId}:*`];
        default: {
            const regions = [...new Set([p.region, EDGE_REGION])];
            return regions.map((r) => `arn:aws:${prefix}:${r}:${p.accountId}:*`);
        }
    }
}

/** The trust policy: GitHub's provider, audience STS, `sub` one of the given environments. */
export function trustPolicy(
    providerArn: string,
    repository: string,
    environments: readonly string[],
): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GitHubEnvironments",
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${CLAIM}:aud`]: STS_AUDIENCE,
                        [`${CLAIM}:sub`]: environments.map(
                            (e) => `repo:${repository}:environment:${e}`,
                        ),
                    },
                },
            },
        ],
    });
}

/** Read-only: metadata of the stack's services in this account; never data. */
export function previewPolicy(p: Place): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            ...SERVICES.map((s) => ({
                Sid: `Read${s.prefix.replace(/[^a-z0-9]/gi, "")}`,
                Effect: "Allow",
                Action: [`${s.prefix}:Describe*`, `${s.prefix}:Get*`, `${s.prefix}:List*`],
                Resource: serviceResources(s.prefix, p),
            })),
            {
                // Describe and List calls that AWS does not scope to a resource.
                Sid: "ReadUnscoped",
                Effect: "Allow",
                Action: SERVICES.flatMap((s) => [`${s.prefix}:Describe*`, `${s.prefix}:List*`]),
                Resource: "*",
            },
            {
                Sid: "NeverData",
                Effect: "Deny",
                Action: [...DATA_READ_ACTIONS],
                Resource: "*",
            },
        ],
    });
}

/** IAM actions of the deploy role, on the stack's own roles and policies only. */
export const DEPLOY_IAM_ACTIONS = [
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:GetRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:ListRoleTags",
    "iam:PutRolePolicy",
    "iam:GetRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:PassRole",
    "iam:CreatePolicy",
    "iam:DeletePolicy",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:ListPolicyVersions",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicyVersion",
    "iam:TagPolicy",
    "iam:UntagPolicy",
] as const;

/** The deploy role: the program's services in this account; IAM on the stack's names only. */
export function deployPolicy(p: Place): string {
    const role = `arn:aws:iam::${p.accountId}:role/tng-${p.stack}-*`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            ...SERVICES.filter((s) => s.prefix !== "iam").map((s) => ({
                Sid: `Manage${s.prefix.replace(/[^a-z0-9]/gi, "")}`,
                Effect: "Allow",
                Action: [...DEPLOY_VERBS, ...(s.extraVerbs ?? [])].map((v) => `${s.prefix}:${v}*`),
                Resource: serviceResources(s.prefix, p),
            })),
            {
                Sid: "StackRolesAndPolicies",
                Effect: "Allow",
                Action: [...DEPLOY_IAM_ACTIONS],
                Resource: serviceResources("iam", p),
            },
            {
                // Only the stack's own policies and the AWS service-role policies it uses.
                Sid: "AttachKnownPolicies",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
                Resource: role,
                Condition: {
                    ArnLike: {
                        "iam:PolicyARN": [
                            `arn:aws:iam::${p.accountId}:policy/tng-${p.stack}-*`,
                            ...ATTACHABLE_AWS_POLICIES,
                        ],
                    },
                },
            },
            {
                // Service-linked roles AWS creates on first use (ELB, ECS, RDS, ElastiCache, ...),
                // and AWS Config's, which the stack creates and then reads (GetRole).
                Sid: "ServiceLinkedRoles",
                Effect: "Allow",
                Action: ["iam:CreateServiceLinkedRole", "iam:GetRole"],
                Resource: `arn:aws:iam::${p.accountId}:role/aws-service-role/*`,
            },
            {
                // Calls AWS authorizes only on Resource "*" (no resource-level permissions).
                Sid: "Unscopable",
                Effect: "Allow",
                Action: [
                    "kms:CreateKey",
                    "guardduty:CreateDetector",
                    "securityhub:EnableSecurityHub",
                    "acm:RequestCertificate",
                    "logs:CreateLogDelivery",
                    "logs:GetLogDelivery",
                    "logs:UpdateLogDelivery",
                    "logs:DeleteLogDelivery",
                    "logs:ListLogDeliveries",
                    "logs:PutResourcePolicy",
                    "logs:DeleteResourcePolicy",
                    "logs:DescribeResourcePolicies",
                    ...SERVICES.flatMap((s) => [`${s.prefix}:Describe*`, `${s.prefix}:List*`]),
                ],
                Resource: "*",
            },
            {
                // The CI roles themselves are bootstrap's, never a deploy's.
                Sid: "NotTheCiRoles",
                Effect: "Deny",
                Action: "iam:*",
                Resource: `arn:aws:iam::${p.accountId}:role/tng-ci-*`,
            },
        ],
    });
}

export interface CiIdentitiesArgs {
    /** `owner/repo` of the GitHub repository whose workflows assume the roles. */
    readonly repository: string;
    /** This account's id. */
    readonly accountId: string;
    /** The region of the tng stacks. */
    readonly region: string;
    /** The tng stacks (Pulumi.<stack>.yaml) whose roles this account holds. */
    readonly stacks: readonly string[];
    /**
     * GitHub's OIDC provider when the account has one already (one per URL per account):
     * its ARN. Defaults to creating it.
     */
    readonly existingProviderArn?: string;
}

/** Problems with the plain arguments, each naming the argument. */
export function ciIdentitiesProblems(a: CiIdentitiesArgs): string[] {
    const problems: string[] = [];
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(a.repository)) {
        problems.push(`repository must be owner/repo (got ${JSON.stringify(a.repository)})`);
    }
    if (!/^\d{12}$/.test(a.accountId)) {
        problems.push(`accountId must be 12 digits (got ${JSON.stringify(a.accountId)})`);
    }
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(a.region)) {
        problems.push(`region must be an AWS region (got ${JSON.stringify(a.region)})`);
    }
    if (a.stacks.length === 0 || new Set(a.stacks).size !== a.stacks.length) {
        problems.push("stacks must list at least one stack, each once");
    }
    for (const s of a.stacks) {
        if (!/^[a-z][a-z0-9-]{0,19}$/.test(s)) {
            problems.push(`stacks: ${JSON.stringify(s)} is not a stack name`);
        }
    }
    if (
        a.existingProviderArn !== undefined &&
        a.existingProviderArn !==
            `arn:aws:iam::${a.accountId}:oidc-provider/token.actions.githubusercontent.com`
    ) {
        problems.push(
            `existingProviderArn must be arn:aws:iam::${a.accountId}:oidc-provider/token.actions.githubusercontent.com`,
        );
    }
    return problems;
}

/** The environments whose jobs assume a stack's preview role. */
export function previewEnvironments(stack: string): string[] {
    return stack === "prod" ? ["preview-prod", "plan-prod"] : [`preview-${stack}`];
}

export class CiIdentities extends pulumi.ComponentResource {
    /** The OIDC provider's ARN. */
    public readonly providerArn: pulumi.Output<string>;
    /** Stack → preview role ARN (set as AWS_ROLE_ARN on the preview environments). */
    public readonly previewRoleArns: pulumi.Output<Record<string, string>>;
    /** Stack → deploy role ARN (set as AWS_ROLE_ARN on the stack's environment). */
    public readonly deployRoleArns: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: CiIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:bootstrap:CiIdentities", name, {}, opts);
        const problems = ciIdentitiesProblems(args);
        if (problems.length > 0) {
            throw new Error(`CiIdentities ${name}: ${problems.join("; ")}.`);
        }
        const providerArn =
            args.existingProviderArn !== undefined
                ? pulumi.output(args.existingProviderArn)
                : new aws.iam.OpenIdConnectProvider(
                      `${name}-github`,
                      { url: GITHUB_OIDC_URL, clientIdLists: [STS_AUDIENCE] },
                      { parent: this, protect: true },
                  ).arn;

        const previews: Record<string, pulumi.Output<string>> = {};
        const deploys: Record<string, pulumi.Output<string>> = {};
        for (const stack of args.stacks) {
            const place = { accountId: args.accountId, region: args.region, stack };
            const role = (kind: "preview" | "deploy", environments: string[], document: string) => {
                // tng-ci-<stack>-<kind>: outside every stack's tng-<stack>-* names.
                const r = new aws.iam.Role(
                    `${name}-${stack}-${kind}`,
                    {
                        name: `tng-ci-${stack}-${kind}`,
                        description: `GitHub Actions ${kind} of the tng stack ${stack} (environments ${environments.join(", ")})`,
                        assumeRolePolicy: providerArn.apply((arn) =>
                            trustPolicy(arn, args.repository, environments),
                        ),
                        maxSessionDuration: 3600,
                    },
                    { parent: this },
                );
                const policy = new aws.iam.Policy(
                    `${name}-${stack}-${kind}-policy`,
                    {
                        name: `tng-ci-${stack}-${kind}`,
                        description: `What the ${kind} of tng stack ${stack} may do`,
                        policy: document,
                    },
                    { parent: this },
                );
                new aws.iam.RolePolicyAttachment(
                    `${name}-${stack}-${kind}-policy`,
                    { role: r.name, policyArn: policy.arn },
                    { parent: this },
                );
                return r.arn;
            };
            previews[stack] = role("preview", previewEnvironments(stack), previewPolicy(place));
            deploys[stack] = role("deploy", [stack], deployPolicy(place));
        }
        this.providerArn = providerArn;
        this.previewRoleArns = pulumi.all(previews);
        this.deployRoleArns = pulumi.all(deploys);
        this.registerOutputs({
            providerArn: this.providerArn,
            previewRoleArns: this.previewRoleArns,
            deployRoleArns: this.deployRoleArns,
        });
    }
}
