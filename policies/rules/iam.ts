/**
 * IAM rules: no users, no admin or *FullAccess managed policies, and
 * least-privilege policy documents. Documents are JSON strings (or objects) on aws.iam.Policy,
 * aws.iam.RolePolicy, aws.iam.Role.inlinePolicies[] and aws.iam.Role.assumeRolePolicy.
 */
import * as aws from "../../sdk/aws";
import {
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
} from "@pulumi/policy";
import {
    AnyResourceClass,
    appliesTo,
    conditionKeys,
    configOf,
    forEachKnown,
    globMatches,
    runTracked,
    allowsAnyAction,
    allowsAnyResource,
    checkPublicPolicy,
    LabelledDocument,
    parsePolicyDocument,
    Statement,
    UNKNOWN,
    validateTyped,
} from "./helpers";

/** The program uses roles only. */
export const iamNoUsers: ResourceValidationPolicy = {
    name: "iam-no-users",
    description:
        "No IAM users, access keys, login profiles or user policies; the program uses roles only.",
    enforcementLevel: "mandatory",
    validateResource: [
        ...(
            [
                [aws.iam.User, "user"],
                [aws.iam.AccessKey, "access key"],
                [aws.iam.UserPolicy, "user policy"],
                [aws.iam.UserPolicyAttachment, "user policy attachment"],
                [aws.iam.UserLoginProfile, "user login profile"],
                [aws.iam.UserGroupMembership, "user group membership"],
            ] as [AnyResourceClass, string][]
        ).map(([cls, noun]): ResourceValidation =>
            appliesTo([cls], (args, report) => {
                if (!args.isType(cls)) {
                    args.notApplicable();
                }
                report(`IAM ${noun} must not be created; use IAM roles instead.`);
            }),
        ),
        validateTyped(aws.iam.PolicyAttachment, [], (attachment, _a, report) => {
            if ((attachment.users?.length ?? 0) > 0) {
                report("IAM policy attachment must not set users; use IAM roles instead.");
            }
        }),
    ],
};

// ------------------------------------------------------------------------------------------------
// AWS-managed policy attachments
// ------------------------------------------------------------------------------------------------

/** `arn:aws:iam::aws:policy/service-role/X` → `service-role/X`; undefined for other ARNs. */
export function awsManagedPolicyPath(arn: unknown): string | undefined {
    const m = typeof arn === "string" ? /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/.exec(arn) : null;
    return m?.[1];
}

/** Visits every managed-policy ARN a resource attaches, with the noun and property for messages. */
function forEachAttachedArn(
    visit: (
        subject: string,
        path: string,
        arn: unknown,
        args: ResourceValidationArgs,
        report: ReportViolation,
    ) => void,
): ResourceValidation[] {
    return [
        validateTyped(aws.iam.RolePolicyAttachment, [], (a, args, report) =>
            visit("IAM role policy attachment", "policyArn", a.policyArn, args, report),
        ),
        validateTyped(aws.iam.PolicyAttachment, [], (a, args, report) =>
            visit("IAM policy attachment", "policyArn", a.policyArn, args, report),
        ),
        validateTyped(aws.iam.GroupPolicyAttachment, [], (a, args, report) =>
            visit("IAM group policy attachment", "policyArn", a.policyArn, args, report),
        ),
        validateTyped(aws.iam.Role, [], (role, args, report) =>
            forEachKnown(role.managedPolicyArns, (arn, i) =>
                visit("IAM role", `managedPolicyArns[${i}]`, arn, args, report),
            ),
        ),
    ];
}

/** Config of {@link iamNoAdminManagedPolicies}. */
export interface DeniedManagedPolicyConfig {
    /** Regular expression on the AWS-managed policy name (path after `policy/`, last segment). */
    deniedNamePattern: string;
}

export const DEFAULT_DENIED_MANAGED_POLICY_PATTERN =
    "^(AdministratorAccess.*|PowerUserAccess|IAMFullAccess|.*FullAccess.*)$";

function policyName(path: string): string {
    return path.split("/").pop() ?? path;
}

/** No AdministratorAccess, PowerUserAccess or *FullAccess AWS-managed policies. */
export const iamNoAdminManagedPolicies: ResourceValidationPolicy = {
    name: "iam-no-admin-managed-policies",
    description:
        "No attachment of AWS-managed AdministratorAccess, PowerUserAccess or *FullAccess policies (RolePolicyAttachment, PolicyAttachment, Role.managedPolicyArns).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            deniedNamePattern: {
                type: "string",
                default: DEFAULT_DENIED_MANAGED_POLICY_PATTERN,
                description: "Regular expression on the AWS-managed policy name.",
            },
        },
    },
    validateResource: forEachAttachedArn((subject, path, arn, args, report) => {
        const { deniedNamePattern } = configOf<DeniedManagedPolicyConfig>(args, {
            deniedNamePattern: DEFAULT_DENIED_MANAGED_POLICY_PATTERN,
        });
        const managed = awsManagedPolicyPath(arn);
        if (managed !== undefined && new RegExp(deniedNamePattern).test(policyName(managed))) {
            report(
                `${subject} must not attach AWS-managed policy ${policyName(managed)} (${path}).`,
            );
        }
    }),
};

/** Config of {@link iamAwsManagedPolicyAllowList}. */
export interface ManagedPolicyAllowListConfig {
    /** AWS-managed policies (path after `policy/`) that may be attached. */
    allowedPolicies: string[];
}

export const DEFAULT_ALLOWED_MANAGED_POLICIES = [
    "service-role/AmazonECSTaskExecutionRolePolicy",
    "service-role/AmazonRDSEnhancedMonitoringRole",
    "service-role/AmazonEC2ContainerServiceAutoscaleRole",
];

/** Other AWS-managed policies only from an allow-list. */
export const iamAwsManagedPolicyAllowList: ResourceValidationPolicy = {
    name: "iam-aws-managed-policy-allow-list",
    description: "AWS-managed policies are attached only from a configured allow-list.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            allowedPolicies: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_ALLOWED_MANAGED_POLICIES,
                description: "AWS-managed policy paths (after policy/) that may be attached.",
            },
        },
    },
    validateResource: forEachAttachedArn((subject, path, arn, args, report) => {
        const { allowedPolicies } = configOf<ManagedPolicyAllowListConfig>(args, {
            allowedPolicies: DEFAULT_ALLOWED_MANAGED_POLICIES,
        });
        const managed = awsManagedPolicyPath(arn);
        if (managed !== undefined && !allowedPolicies.includes(managed)) {
            report(
                `${subject} must not attach AWS-managed policy ${managed} outside the allow-list (${path}).`,
            );
        }
    }),
};

// ------------------------------------------------------------------------------------------------
// Permission policy documents
// ------------------------------------------------------------------------------------------------

/** The permission documents a resource carries. */
function permissionDocuments(
    args: ResourceValidationArgs,
): { subject: string; docs: LabelledDocument[] } | undefined {
    const props = args.props;
    switch (args.type) {
        case "aws:iam/policy:Policy":
            return { subject: "IAM policy", docs: [{ path: "policy", document: props.policy }] };
        case "aws:iam/rolePolicy:RolePolicy":
            return {
                subject: "IAM role policy",
                docs: [{ path: "policy", document: props.policy }],
            };
        case "aws:iam/groupPolicy:GroupPolicy":
            return {
                subject: "IAM group policy",
                docs: [{ path: "policy", document: props.policy }],
            };
        case "aws:iam/userPolicy:UserPolicy":
            return {
                subject: "IAM user policy",
                docs: [{ path: "policy", document: props.policy }],
            };
        case "aws:iam/role:Role": {
            const docs: LabelledDocument[] = [];
            forEachKnown(props.inlinePolicies as { policy?: unknown }[] | undefined, (p, i) =>
                docs.push({ path: `inlinePolicies[${i}].policy`, document: p.policy }),
            );
            return { subject: "IAM role", docs };
        }
        default:
            return undefined;
    }
}

const DOCUMENT_CLASSES: AnyResourceClass[] = [
    aws.iam.Policy,
    aws.iam.RolePolicy,
    aws.iam.GroupPolicy,
    aws.iam.UserPolicy,
    aws.iam.Role,
];

/** Runs `check` on every Allow statement of every permission document. */
function forEachAllow(
    check: (
        subject: string,
        where: string,
        s: Statement,
        args: ResourceValidationArgs,
        report: ReportViolation,
    ) => void,
): ResourceValidation {
    return appliesTo(DOCUMENT_CLASSES, (args, report) => {
        if (!DOCUMENT_CLASSES.some((c) => args.isType(c))) {
            args.notApplicable(
                "Policy only applies to IAM policies, role, group and user policies and roles",
            );
        }
        runTracked(args, () => {
            const found = permissionDocuments(args);
            for (const doc of found?.docs ?? []) {
                const statements = parsePolicyDocument(doc.document);
                if (found === undefined || statements === UNKNOWN || statements === undefined) {
                    continue;
                }
                for (const s of statements.filter((st) => st.effect === "Allow")) {
                    check(found.subject, `${doc.path} ${s.label}`, s, args, report);
                }
            }
        });
    });
}

/**
 * Full admin: Action * (or any NotAction) on Resource * (or any NotResource). An Allow with
 * NotAction/NotResource grants everything not listed, so it is at least as broad as `*`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
 */
function isAdmin(s: Statement): boolean {
    return allowsAnyAction(s) && allowsAnyResource(s);
}

/** No full-admin statements. */
export const iamPolicyNoAdmin: ResourceValidationPolicy = {
    name: "iam-policy-no-admin",
    description:
        "No IAM Allow statement with Action * (or NotAction) on Resource * (or NotResource).",
    enforcementLevel: "mandatory",
    validateResource: forEachAllow((subject, where, s, _args, report) => {
        if (isAdmin(s)) {
            const actions = s.actions.includes("*") ? "Action *" : "NotAction";
            const resources = s.resources.includes("*") ? "Resource *" : "NotResource";
            report(`${subject} must not allow ${actions} on ${resources} (${where}).`);
        }
    }),
};

/** Config of {@link iamPolicyNoWildcardActions}. */
export interface WildcardActionsConfig {
    /** Service-wide wildcards that are acceptable (e.g. `xray:*`). */
    allowedWildcardActions: string[];
}

/** No `*` or `<service>:*` actions, no Allow with NotAction. */
export const iamPolicyNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-policy-no-wildcard-actions",
    description: "No IAM Allow statement with Action * or <service>:*, or with NotAction.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedWildcardActions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Service-wide wildcard actions that are acceptable, e.g. xray:*.",
            },
        },
    },
    validateResource: forEachAllow((subject, where, s, args, report) => {
        const { allowedWildcardActions } = configOf<WildcardActionsConfig>(args, {
            allowedWildcardActions: [],
        });
        if (s.notActions.length > 0) {
            report(`${subject} must not use NotAction with Effect Allow (${where}).`);
        }
        if (isAdmin(s)) {
            return; // iam-policy-no-admin reports it.
        }
        for (const action of s.actions) {
            if (
                (action === "*" || /^[a-z0-9-]+:\*$/i.test(action)) &&
                !allowedWildcardActions.includes(action)
            ) {
                report(`${subject} must not allow wildcard action ${action} (${where}).`);
            }
        }
    }),
};

/** Config of {@link iamPolicyNoWildcardResource}. */
export interface WildcardResourceConfig {
    /** Action patterns AWS cannot scope to a resource, allowed on Resource *. */
    unscopableActions: string[];
    /** Action-name prefixes treated as read-only metadata calls. */
    readOnlyPrefixes: string[];
}

export const DEFAULT_UNSCOPABLE_ACTIONS = [
    "ecr:GetAuthorizationToken",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "cloudwatch:PutMetricData",
    "xray:*",
];
export const DEFAULT_READ_ONLY_PREFIXES = ["Describe", "List"];

/** Resource * only for actions that cannot be scoped or only read metadata. */
export const iamPolicyNoWildcardResource: ResourceValidationPolicy = {
    name: "iam-policy-no-wildcard-resource",
    description:
        "No IAM Allow statement with Resource * (or NotResource) for actions that can be scoped to a resource; an allow-list covers actions AWS cannot scope.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            unscopableActions: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_UNSCOPABLE_ACTIONS,
                description: "Action patterns allowed on Resource *.",
            },
            readOnlyPrefixes: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_READ_ONLY_PREFIXES,
                description: "Action-name prefixes treated as read-only (allowed on Resource *).",
            },
        },
    },
    validateResource: forEachAllow((subject, where, s, args, report) => {
        const { unscopableActions, readOnlyPrefixes } = configOf<WildcardResourceConfig>(args, {
            unscopableActions: DEFAULT_UNSCOPABLE_ACTIONS,
            readOnlyPrefixes: DEFAULT_READ_ONLY_PREFIXES,
        });
        if (!allowsAnyResource(s) || isAdmin(s)) {
            return;
        }
        const scopable = s.actions.filter((action) => {
            const verb = action.split(":")[1] ?? "";
            return (
                !readOnlyPrefixes.some((p) => verb.startsWith(p)) &&
                !unscopableActions.some((pattern) => globMatches(pattern, action))
            );
        });
        if (scopable.length > 0) {
            const on = s.resources.includes("*") ? "Resource *" : "NotResource";
            report(`${subject} must not allow ${scopable.join(", ")} on ${on} (${where}).`);
        }
    }),
};

/** Config of {@link iamPolicyNoPrivilegeEscalation}. */
export interface PrivilegeEscalationConfig {
    /** Permission-management actions that let a principal raise its own privileges. */
    escalationActions: string[];
}

export const DEFAULT_ESCALATION_ACTIONS = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreatePolicyVersion",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary",
    "iam:PutGroupPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateLoginProfile",
];

/** I4 (CKV_AWS_286/289): no privilege escalation or permissions management; PassRole only scoped. */
export const iamPolicyNoPrivilegeEscalation: ResourceValidationPolicy = {
    name: "iam-policy-no-privilege-escalation",
    description:
        "No IAM Allow statement grants privilege-escalation or permissions-management actions, or iam:PassRole on Resource *.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            escalationActions: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_ESCALATION_ACTIONS,
                description: "Actions that let a principal raise its own privileges.",
            },
        },
    },
    validateResource: forEachAllow((subject, where, s, args, report) => {
        const { escalationActions } = configOf<PrivilegeEscalationConfig>(args, {
            escalationActions: DEFAULT_ESCALATION_ACTIONS,
        });
        if (isAdmin(s)) {
            return;
        }
        // NotAction grants every action it does not list.
        const grants = (action: string) =>
            s.actions.some((a) => globMatches(a, action)) ||
            (s.notActions.length > 0 && !s.notActions.some((a) => globMatches(a, action)));
        const granted = escalationActions.filter(grants);
        if (allowsAnyResource(s) && grants("iam:PassRole")) {
            granted.push("iam:PassRole");
        }
        if (granted.length > 0) {
            report(
                `${subject} must not allow privilege-escalation actions ${granted.join(", ")} (${where}).`,
            );
        }
    }),
};

/** Trust policies never trust everybody. */
export const iamRoleTrustNoPublicPrincipal: ResourceValidationPolicy = {
    name: "iam-role-trust-no-public-principal",
    description:
        "IAM role trust policies (assumeRolePolicy) do not Allow Principal * (or NotPrincipal) unless a condition such as aws:PrincipalOrgID restricts the caller.",
    enforcementLevel: "mandatory",
    validateResource: validateTyped(aws.iam.Role, [], (role, _a, report) =>
        checkPublicPolicy("IAM role trust policy", "assumeRolePolicy", role.assumeRolePolicy, (m) =>
            report(m),
        ),
    ),
};

/** Service principals carry confused-deputy conditions; no bare account roots. */
export const iamRoleTrustScoped: ResourceValidationPolicy = {
    name: "iam-role-trust-scoped",
    description:
        "IAM role trust policies limit service principals with aws:SourceAccount or aws:SourceArn and do not trust account roots.",
    enforcementLevel: "advisory",
    validateResource: validateTyped(aws.iam.Role, [], (role, _a, report) => {
        const statements = parsePolicyDocument(role.assumeRolePolicy);
        if (statements === UNKNOWN || statements === undefined) {
            return;
        }
        for (const s of statements.filter((st) => st.effect === "Allow")) {
            const keys = conditionKeys(s);
            const scoped = keys.includes("aws:sourceaccount") || keys.includes("aws:sourcearn");
            s.principals.forEach((p, i) => {
                const kind = s.principalKinds[i];
                if (kind === "Service" && !scoped) {
                    report(
                        `IAM role must limit service principal ${p} with an aws:SourceAccount or aws:SourceArn condition (assumeRolePolicy ${s.label}).`,
                    );
                } else if (kind === "AWS" && (/^\d{12}$/.test(p) || /:root$/.test(p))) {
                    report(
                        `IAM role must not trust the account root ${p} (assumeRolePolicy ${s.label}).`,
                    );
                }
            });
        }
    }),
};

/** Customer-managed policies rather than inline ones. */
export const iamNoInlinePolicies: ResourceValidationPolicy = {
    name: "iam-no-inline-policies",
    description: "IAM permissions come from customer-managed aws.iam.Policy, not inline policies.",
    enforcementLevel: "advisory",
    validateResource: [
        validateTyped(aws.iam.Role, [], (role, _a, report) => {
            if ((role.inlinePolicies ?? []).some((p) => p.policy !== undefined)) {
                report(
                    "IAM role must not set inlinePolicies; attach a customer-managed aws.iam.Policy.",
                );
            }
        }),
        validateTyped(aws.iam.RolePolicy, [], (_p, _a, report) => {
            report("IAM role policy must not be inline; attach a customer-managed aws.iam.Policy.");
        }),
    ],
};

/** All IAM policies. */
export const iamPolicies = [
    iamNoUsers,
    iamNoAdminManagedPolicies,
    iamAwsManagedPolicyAllowList,
    iamPolicyNoAdmin,
    iamPolicyNoWildcardActions,
    iamPolicyNoWildcardResource,
    iamPolicyNoPrivilegeEscalation,
    iamRoleTrustNoPublicPrincipal,
    iamRoleTrustScoped,
    iamNoInlinePolicies,
];
