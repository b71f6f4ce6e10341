/**
 * Why each policy exists and where the rule comes from: the one source that `policies/RULES.md`
 * is rendered from (`npm run rules-doc`). Sources are public: AWS Security Hub control ids
 * (rendered as links to the control's page), cdk-nag and checkov rule ids, awsguard
 * (`@pulumi/awsguard`) policy names and AWS documentation pages. A rule that no catalogue has as
 * such names the documentation of the setting it checks.
 *
 * Resource policies get their resource types from their validators (`validateTyped`); stack
 * policies list the types they read here.
 */
import * as aws from "../../sdk/aws";
import { AnyResourceClass } from "./helpers";

/** The public provenance and rationale of one policy. */
export interface PolicySource {
    /** Why the rule matters: the risk it closes. */
    readonly why: string;
    /** Stack policies only: the resource types the policy reads. */
    readonly resources?: readonly AnyResourceClass[];
    /** AWS Security Hub control ids, e.g. `EC2.6`. */
    readonly securityHub?: readonly string[];
    /** cdk-nag rule ids (`AwsSolutions-…`, or `<pack>-<rule>` of the HIPAA/NIST/PCI packs). */
    readonly cdkNag?: readonly string[];
    /** checkov (Terraform) check ids. */
    readonly checkov?: readonly string[];
    /** `@pulumi/awsguard` policy names. */
    readonly awsguard?: readonly string[];
    /** AWS documentation (or provider) pages. */
    readonly docs?: readonly string[];
}

const BUCKETS = [aws.s3.Bucket, aws.s3.BucketV2];
const LOAD_BALANCERS = [aws.lb.LoadBalancer, aws.alb.LoadBalancer];

/** Metadata per policy name; a test keeps the keys equal to the pack's policy names. */
export const POLICY_SOURCES: Readonly<Record<string, PolicySource>> = {
    // Network
    "vpc-flow-logs-enabled": {
        why: "Without flow logs there is no record of which addresses reached or left the VPC when investigating an incident.",
        resources: [aws.ec2.Vpc, aws.ec2.FlowLog],
        securityHub: ["EC2.6"],
        cdkNag: ["AwsSolutions-VPC7"],
        checkov: ["CKV2_AWS_11"],
    },
    "default-security-group-closed": {
        why: "Resources launched without an explicit security group land in the default one; with rules it silently lets traffic in.",
        resources: [aws.ec2.Vpc, aws.ec2.DefaultSecurityGroup],
        securityHub: ["EC2.2"],
        cdkNag: ["NIST.800.53.R5-VPCDefaultSecurityGroupClosed"],
        checkov: ["CKV2_AWS_12"],
    },
    "subnet-no-public-ip-on-launch": {
        why: "A subnet that hands out public addresses exposes every instance or task started in it to the internet.",
        securityHub: ["EC2.15"],
        cdkNag: ["NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled"],
        checkov: ["CKV_AWS_130"],
    },
    // EC2 and block storage (placed here in the file; rendered in pack order)
    "ec2-imdsv2-required": {
        why: "IMDSv1 answers any request from the instance, so an SSRF bug in an application hands out the instance role's credentials; IMDSv2 needs a session token.",
        securityHub: ["EC2.8"],
        checkov: ["CKV_AWS_79"],
        docs: [
            "https://docs.aws.amazon.com/config/latest/developerguide/ec2-launch-template-imdsv2-check.html",
        ],
    },
    "ec2-no-public-ip": {
        why: "An instance with a public address is reachable from the internet without passing the load balancer and WAF; compute belongs in private subnets.",
        securityHub: ["EC2.9", "EC2.25"],
        checkov: ["CKV_AWS_88"],
    },
    "ebs-encrypted": {
        why: "Unencrypted volumes and their snapshots expose the data to anyone who obtains a copy; encryption cannot be added to a volume later.",
        securityHub: ["EC2.3"],
        cdkNag: ["NIST.800.53.R5-EC2EBSVolumeEncrypted"],
        checkov: ["CKV_AWS_3", "CKV_AWS_8"],
    },
    "efs-encrypted": {
        why: "EFS encryption at rest can only be chosen when the file system is created; without it the shared files are stored in clear.",
        securityHub: ["EFS.1"],
        cdkNag: ["AwsSolutions-EFS1"],
        checkov: ["CKV_AWS_42"],
    },
    // Security groups
    "security-group-no-public-all-traffic": {
        why: "Every port open to the internet exposes services that were never meant to be public.",
        securityHub: ["EC2.18"],
        cdkNag: ["AwsSolutions-EC23"],
        checkov: ["CKV_AWS_277"],
    },
    "security-group-no-public-risky-ports": {
        why: "Remote administration and database ports open to the internet are the most scanned and brute-forced entry points.",
        securityHub: ["EC2.19", "EC2.13", "EC2.14"],
        cdkNag: ["NIST.800.53.R5-EC2RestrictedSSH", "NIST.800.53.R5-EC2RestrictedCommonPorts"],
        checkov: ["CKV_AWS_24", "CKV_AWS_25"],
    },
    "security-group-public-ingress-web-only": {
        why: "The site is served over HTTP(S) only; any other port reachable from the internet is an unintended exposure.",
        securityHub: ["EC2.18"],
        cdkNag: ["AwsSolutions-EC23"],
        checkov: ["CKV_AWS_260"],
    },
    "security-group-public-ingress-internet-facing-lb-only": {
        why: "Only the internet-facing load balancer should accept traffic from the internet; tasks and data stores sit behind it.",
        resources: [
            aws.ec2.SecurityGroup,
            aws.ec2.SecurityGroupRule,
            aws.vpc.SecurityGroupIngressRule,
            ...LOAD_BALANCERS,
        ],
        securityHub: ["EC2.18"],
        cdkNag: ["AwsSolutions-EC23"],
    },
    "data-tier-security-group-no-cidr-ingress": {
        why: "Admitting callers by security group instead of address range limits the database, cache and tasks to the resources meant to use them.",
        resources: [
            aws.ec2.SecurityGroup,
            aws.ec2.SecurityGroupRule,
            aws.vpc.SecurityGroupIngressRule,
            aws.rds.Instance,
            aws.elasticache.Cluster,
            aws.elasticache.ReplicationGroup,
            aws.elasticache.ServerlessCache,
            aws.ecs.Service,
        ],
        securityHub: ["RDS.2"],
        docs: [
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-referencing",
        ],
    },
    // Load balancing
    "lb-access-logs-enabled": {
        why: "Access logs are the only per-request record of who called the site, needed for incident analysis.",
        securityHub: ["ELB.5"],
        cdkNag: ["AwsSolutions-ELB2"],
        checkov: ["CKV_AWS_91"],
        awsguard: ["elb-logging-enabled"],
    },
    "alb-drop-invalid-header-fields": {
        why: "Forwarding malformed HTTP headers to the application enables request smuggling and header injection.",
        securityHub: ["ELB.4"],
        cdkNag: ["NIST.800.53.R5-ALBHttpDropInvalidHeaderEnabled"],
        checkov: ["CKV_AWS_131"],
    },
    "lb-deletion-protection": {
        why: "Deleting the load balancer takes the site offline and loses its DNS name; protection makes that a deliberate two-step change.",
        securityHub: ["ELB.6"],
        cdkNag: ["NIST.800.53.R5-ELBDeletionProtectionEnabled"],
        checkov: ["CKV_AWS_150"],
        awsguard: ["elb-deletion-protection-enabled"],
    },
    "alb-desync-mitigation-mode": {
        why: "The defensive and strictest modes stop HTTP desync (request smuggling) between the load balancer and the targets.",
        securityHub: ["ELB.12"],
        checkov: ["CKV_AWS_328"],
    },
    "lb-multi-az": {
        why: "A load balancer in one Availability Zone fails with it; security groups limit what reaches it.",
        securityHub: ["ELB.13"],
    },
    "alb-internet-facing-waf": {
        why: "An internet-facing load balancer without a web ACL can be called directly, bypassing the WAF in front of the CDN.",
        resources: [...LOAD_BALANCERS, aws.wafv2.WebAclAssociation],
        securityHub: ["ELB.16"],
        cdkNag: ["NIST.800.53.R5-ALBWAFEnabled"],
        checkov: ["CKV2_AWS_28"],
    },
    "lb-http-listener-redirects-to-https": {
        why: "Serving content over plain HTTP exposes sessions and credentials on the wire.",
        securityHub: ["ELB.1"],
        cdkNag: ["NIST.800.53.R5-ALBHttpToHttpsRedirection"],
        checkov: ["CKV_AWS_2", "CKV2_AWS_20"],
        awsguard: ["alb-http-to-https-redirection"],
    },
    "lb-https-listener-tls-policy": {
        why: "Older TLS versions and ciphers have known attacks; the TLS 1.3/1.2 policies exclude them.",
        securityHub: ["ELB.17"],
        checkov: ["CKV_AWS_103", "CKV2_AWS_74"],
    },
    "lb-https-listener-certificate": {
        why: "An HTTPS listener needs a certificate the clients trust; ACM renews it automatically.",
        cdkNag: ["NIST.800.53.R5-ELBv2ACMCertificateRequired"],
    },
    "lb-target-group-health-check": {
        why: "Without an application health-check path, a target that accepts connections but fails requests keeps receiving traffic.",
        checkov: ["CKV_AWS_261"],
    },
    // Compute: ECS, ECR, Application Auto Scaling
    "ecs-cluster-container-insights": {
        why: "Container Insights records task-level CPU, memory and restarts, needed to size and debug the service.",
        securityHub: ["ECS.12"],
        cdkNag: ["AwsSolutions-ECS4"],
        checkov: ["CKV_AWS_65"],
    },
    "ecs-exec-logging-encrypted": {
        why: "ECS Exec opens a shell in a running task; its sessions must be recorded and the record encrypted.",
        checkov: ["CKV_AWS_223", "CKV_AWS_224"],
    },
    "ecs-service-no-public-ip": {
        why: "A task with a public IP is reachable from the internet without passing the load balancer and WAF.",
        securityHub: ["ECS.2"],
        checkov: ["CKV_AWS_333"],
    },
    "ecs-service-fargate-platform-latest": {
        why: "The latest Fargate platform version carries the current kernel and runtime security patches.",
        securityHub: ["ECS.10"],
        checkov: ["CKV_AWS_332"],
    },
    "ecs-service-hardening": {
        why: "Own security groups limit each service's network reach, the circuit breaker rolls back a failing deploy, and ECS Exec off closes a shell path into production.",
        checkov: ["CKV2_AWS_5"],
        docs: [
            "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html",
        ],
    },
    "ecs-task-no-secret-environment": {
        why: "Plain environment variables are visible to anyone who can describe the task definition; secrets belong in Secrets Manager or SSM.",
        securityHub: ["ECS.8"],
        cdkNag: ["AwsSolutions-ECS2"],
    },
    "ecs-task-no-environment": {
        why: "Configuration from Secrets Manager or SSM is audited and access-controlled; plain environment values are not.",
        securityHub: ["ECS.8"],
        cdkNag: ["AwsSolutions-ECS2"],
    },
    "ecs-task-container-logging": {
        why: "A container without a log driver loses its output, and with it the evidence of errors and attacks.",
        securityHub: ["ECS.9"],
        cdkNag: ["AwsSolutions-ECS7"],
    },
    "ecs-task-no-privileged": {
        why: "A privileged container has root on the host's kernel capabilities; Fargate rejects it and no workload here needs it.",
        securityHub: ["ECS.4"],
        checkov: ["CKV_AWS_334"],
    },
    "ecs-task-read-only-root-filesystem": {
        why: "A read-only root filesystem stops an attacker from persisting tools or modifying the application in the container.",
        securityHub: ["ECS.5"],
        checkov: ["CKV_AWS_336"],
    },
    "ecs-task-non-root-user": {
        why: "A process running as root in the container turns an application bug into full control of the container.",
        securityHub: ["ECS.1"],
        cdkNag: ["NIST.800.53.R5-ECSTaskDefinitionUserForHostMode"],
    },
    "ecs-task-no-host-namespaces": {
        why: "Sharing the host's process or IPC namespace lets a container see and signal other tasks' processes.",
        securityHub: ["ECS.3"],
        checkov: ["CKV_AWS_335"],
    },
    "ecs-task-awsvpc-network-mode": {
        why: "awsvpc gives each task its own network interface and security groups; host and bridge modes share the host's.",
        securityHub: ["ECS.1"],
        cdkNag: ["NIST.800.53.R5-ECSTaskDefinitionUserForHostMode"],
    },
    "ecs-task-separate-roles": {
        why: "The execution role (image pull, secrets, logs) and the application's task role need different permissions; one role gives the application both.",
        checkov: ["CKV_AWS_249"],
    },
    "ecs-task-efs-transit-encryption": {
        why: "EFS traffic without TLS crosses the network in clear text.",
        checkov: ["CKV_AWS_97"],
    },
    "ecr-repository-scan-on-push": {
        why: "Scanning each pushed image reports known vulnerabilities in it before it is deployed.",
        securityHub: ["ECR.1"],
        checkov: ["CKV_AWS_163"],
    },
    "ecr-repository-immutable-tags": {
        why: "With mutable tags, a push can replace the image a task definition refers to without a deploy.",
        securityHub: ["ECR.2"],
        checkov: ["CKV_AWS_51"],
    },
    "ecr-repository-kms-encryption": {
        why: "A customer-managed key puts access to the images under the key policy and records every use in CloudTrail.",
        checkov: ["CKV_AWS_136"],
    },
    "ecr-policy-no-public-principal": {
        why: "A public repository or registry policy lets anyone pull (or push) the application's images.",
        cdkNag: ["AwsSolutions-ECR1"],
        checkov: ["CKV_AWS_32"],
    },
    "appautoscaling-target-capacity": {
        why: "A minimum below the AZ count loses redundancy; an unbounded maximum turns a traffic spike or attack into an unbounded bill.",
        docs: [
            "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html",
        ],
    },
    // IAM
    "iam-no-users": {
        why: "IAM users carry long-lived credentials that leak; the program's principals are roles with temporary credentials.",
        securityHub: ["IAM.2", "IAM.3", "IAM.5"],
        cdkNag: ["NIST.800.53.R5-IAMUserNoPolicies"],
        checkov: ["CKV_AWS_273", "CKV_AWS_40"],
    },
    "iam-no-admin-managed-policies": {
        why: "Administrator, power-user and *FullAccess policies grant far more than any role of this stack needs.",
        securityHub: ["IAM.1"],
        checkov: ["CKV_AWS_274", "CKV2_AWS_56"],
    },
    "iam-aws-managed-policy-allow-list": {
        why: "AWS-managed policies change without notice and are rarely least-privilege; each one in use is a reviewed exception.",
        cdkNag: ["AwsSolutions-IAM4"],
    },
    "iam-policy-no-admin": {
        why: "Action * on Resource * is full administrator access.",
        securityHub: ["IAM.1"],
        cdkNag: ["AwsSolutions-IAM5", "NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess"],
        checkov: ["CKV_AWS_62"],
    },
    "iam-policy-no-wildcard-actions": {
        why: "Service-wide wildcards and NotAction grant every present and future action of a service.",
        securityHub: ["IAM.21"],
        cdkNag: ["AwsSolutions-IAM5", "NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess"],
        checkov: ["CKV_AWS_63", "CKV2_AWS_40"],
    },
    "iam-policy-no-wildcard-resource": {
        why: "Resource * extends a permission to every resource of the account, including other stacks'.",
        securityHub: ["KMS.1", "KMS.2"],
        cdkNag: ["AwsSolutions-IAM5"],
        checkov: ["CKV_AWS_355"],
    },
    "iam-policy-no-privilege-escalation": {
        why: "Permissions-management actions and unrestricted iam:PassRole let a role grant itself (or a new resource) more access.",
        checkov: ["CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289"],
    },
    "iam-role-trust-no-public-principal": {
        why: "A trust policy with Principal * lets any AWS account assume the role.",
        checkov: ["CKV_AWS_60"],
    },
    "iam-role-trust-scoped": {
        why: "A service principal without aws:SourceAccount/SourceArn can be used by another account's resource (confused deputy); trusting an account root trusts all its principals.",
        checkov: ["CKV_AWS_61"],
        docs: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
    },
    "iam-no-inline-policies": {
        why: "Managed policies are versioned and reviewable on their own; inline policies hide permissions inside each role.",
        cdkNag: ["NIST.800.53.R5-IAMNoInlinePolicy"],
    },
    // Database: RDS
    "rds-storage-encrypted": {
        why: "Unencrypted storage and snapshots expose the database to anyone who obtains them; encryption cannot be added later without a restore.",
        securityHub: ["RDS.3"],
        cdkNag: ["AwsSolutions-RDS2"],
        checkov: ["CKV_AWS_16"],
        awsguard: ["rds-storage-encrypted"],
    },
    "rds-kms-cmk": {
        why: "A customer-managed key puts access to the data and snapshots under the key policy and records every use in CloudTrail.",
        awsguard: ["rds-storage-encrypted"],
    },
    "rds-no-public-access": {
        why: "A publicly accessible instance (or Aurora cluster instance) gets an internet-resolvable address; the database must be reachable from the VPC only.",
        securityHub: ["RDS.2"],
        cdkNag: ["NIST.800.53.R5-RDSInstancePublicAccess"],
        checkov: ["CKV_AWS_17"],
        awsguard: ["rds-instance-public-access"],
    },
    "rds-cluster-storage-encrypted": {
        why: "An Aurora or Multi-AZ cluster carries the same data as an instance; unencrypted storage and snapshots expose it, and encryption cannot be added later without a restore.",
        securityHub: ["RDS.27"],
        cdkNag: ["AwsSolutions-RDS2"],
        checkov: ["CKV_AWS_96"],
    },
    "rds-snapshot-not-public": {
        why: "A snapshot shared with all accounts lets anyone restore a full copy of the database.",
        securityHub: ["RDS.1"],
        docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html"],
    },
    "rds-subnet-group": {
        why: "Without its own subnet group the instance lands in the default VPC instead of the stack's private subnets.",
        securityHub: ["RDS.18"],
    },
    "rds-multi-az": {
        why: "A single-AZ instance is down for the whole failure of its Availability Zone and for some maintenance.",
        securityHub: ["RDS.5"],
        cdkNag: ["AwsSolutions-RDS3"],
        checkov: ["CKV_AWS_157"],
        awsguard: ["rds-instance-multi-az-enabled"],
    },
    "rds-backup-retention": {
        why: "Automated backups are what point-in-time recovery restores from; too short a retention loses the data needed after a late-noticed error.",
        securityHub: ["RDS.11"],
        cdkNag: ["AwsSolutions-RDS13"],
        checkov: ["CKV_AWS_133"],
        awsguard: ["rds-instance-backup-enabled"],
    },
    "rds-deletion-protection": {
        why: "Deleting the database (or skipping its final snapshot) is irreversible data loss.",
        securityHub: ["RDS.8"],
        cdkNag: ["AwsSolutions-RDS10"],
        checkov: ["CKV_AWS_293"],
    },
    "rds-non-default-port": {
        why: "The default port is what automated scans try first.",
        securityHub: ["RDS.23"],
        cdkNag: ["AwsSolutions-RDS11"],
    },
    "rds-iam-authentication": {
        why: "IAM database authentication replaces long-lived database passwords with short-lived tokens tied to IAM roles.",
        securityHub: ["RDS.10"],
        checkov: ["CKV_AWS_161"],
    },
    "rds-enhanced-monitoring": {
        why: "Enhanced Monitoring shows OS-level metrics (processes, memory, I/O) that CloudWatch's instance metrics do not.",
        securityHub: ["RDS.6"],
        cdkNag: ["NIST.800.53.R5-RDSEnhancedMonitoringEnabled"],
        checkov: ["CKV_AWS_118"],
    },
    "rds-log-exports": {
        why: "Exported PostgreSQL logs keep connection and error history in CloudWatch after the instance's local logs rotate.",
        securityHub: ["RDS.9", "RDS.36"],
        cdkNag: ["NIST.800.53.R5-RDSLoggingEnabled"],
        checkov: ["CKV_AWS_129"],
    },
    "rds-auto-minor-version-upgrade": {
        why: "Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.",
        securityHub: ["RDS.13"],
        cdkNag: ["NIST.800.53.R5-RDSAutomaticMinorVersionUpgradeEnabled"],
        checkov: ["CKV_AWS_226"],
    },
    "rds-copy-tags-to-snapshot": {
        why: "Snapshots without the instance's tags lose their owner and cost allocation.",
        securityHub: ["RDS.17"],
        checkov: ["CKV2_AWS_60"],
    },
    "rds-performance-insights": {
        why: "Performance Insights shows which queries load the database; its data includes SQL text, so it is encrypted with the stack's key.",
        checkov: ["CKV_AWS_353", "CKV_AWS_354"],
    },
    "rds-ca-certificate": {
        why: "Clients that verify the server certificate fail once an expired CA is retired.",
        checkov: ["CKV_AWS_211"],
        docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html"],
    },
    "rds-non-default-username": {
        why: "The default master user name is half of the credential a brute-force attempt needs.",
        securityHub: ["RDS.25"],
    },
    "rds-managed-master-password": {
        why: "A password passed in the program ends up in the state and in the stack config; RDS-managed passwords stay in Secrets Manager and rotate.",
        docs: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html"],
    },
    "rds-force-ssl-parameter-group": {
        why: "Without rds.force_ssl a client can connect without TLS and send credentials and data in clear text.",
        resources: [
            aws.rds.Instance,
            aws.rds.ParameterGroup,
            aws.rds.Cluster,
            aws.rds.ClusterParameterGroup,
        ],
        checkov: ["CKV2_AWS_69"],
        docs: [
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
        ],
    },
    "rds-parameter-group-logging": {
        why: "Statement and slow-query logging record what ran against the database, for audits and tuning.",
        checkov: ["CKV2_AWS_30"],
    },
    // Cache: ElastiCache
    "elasticache-subnet-group": {
        why: "Without its own subnet group the cache lands in the default VPC instead of the stack's private subnets.",
        securityHub: ["ElastiCache.7"],
        cdkNag: ["AwsSolutions-AEC1"],
        checkov: ["CKV_AWS_323"],
    },
    "elasticache-memcached-transit-encryption": {
        why: "Memcached traffic without TLS carries the cached session and page data in clear text.",
        docs: [
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/in-transit-encryption-mc.html",
        ],
    },
    "elasticache-non-default-port": {
        why: "The default port is what automated scans try first.",
        cdkNag: ["AwsSolutions-AEC5"],
    },
    "elasticache-security-groups": {
        why: "Without explicit security groups the cache gets the VPC's default group instead of admitting only the application.",
        checkov: ["CKV2_AWS_5"],
    },
    "elasticache-auto-minor-version-upgrade": {
        why: "Minor versions carry security fixes; automatic upgrades apply them in the maintenance window.",
        securityHub: ["ElastiCache.2"],
        checkov: ["CKV_AWS_322"],
    },
    "elasticache-multi-az": {
        why: "Nodes spread over Availability Zones keep part of the cache when one zone fails.",
        docs: [
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html",
        ],
    },
    "elasticache-serverless-cmk": {
        why: "A customer-managed key puts access to cached data under the key policy; own subnets keep the cache in the stack's private network.",
        checkov: ["CKV2_AWS_5"],
        docs: [
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/at-rest-encryption.html",
        ],
    },
    "elasticache-replication-group-encryption": {
        why: "Unencrypted replication groups store and send cached data in clear text.",
        securityHub: ["ElastiCache.4", "ElastiCache.5"],
        cdkNag: ["AwsSolutions-AEC3"],
        checkov: ["CKV_AWS_29", "CKV_AWS_30"],
    },
    // Search: CloudSearch
    "cloudsearch-enforce-https": {
        why: "Search and document requests over HTTP expose the query and the indexed content.",
        checkov: ["CKV_AWS_220"],
        docs: [
            "https://docs.aws.amazon.com/cloudsearch/latest/developerguide/API_DomainEndpointOptions.html",
        ],
    },
    "cloudsearch-tls-1-2": {
        why: "The older CloudSearch TLS policy still accepts TLS 1.0 and 1.1.",
        checkov: ["CKV_AWS_218"],
        docs: [
            "https://docs.aws.amazon.com/cloudsearch/latest/developerguide/API_DomainEndpointOptions.html",
        ],
    },
    "cloudsearch-access-policy-not-public": {
        why: "A public access policy lets anyone query, or upload documents to, the search domain.",
        docs: [
            "https://docs.aws.amazon.com/cloudsearch/latest/developerguide/configuring-access.html",
        ],
    },
    "cloudsearch-multi-az": {
        why: "A single-AZ domain stops serving search while its Availability Zone is down.",
        docs: [
            "https://docs.aws.amazon.com/cloudsearch/latest/developerguide/configuring-availability-options.html",
        ],
    },
    "search-domain-encryption": {
        why: "Search indexes hold copies of application data; without encryption at rest and between nodes they are stored and replicated in clear.",
        securityHub: ["Opensearch.1", "Opensearch.3", "ES.1", "ES.3"],
        cdkNag: ["AwsSolutions-OS1", "AwsSolutions-OS2"],
        checkov: ["CKV_AWS_5", "CKV_AWS_6"],
    },
    "search-domain-https-tls-1-2": {
        why: "Like CloudSearch, a search domain endpoint must refuse plain HTTP and TLS below 1.2.",
        securityHub: ["Opensearch.8", "ES.8"],
        checkov: ["CKV_AWS_83", "CKV_AWS_228"],
    },
    "search-domain-access-policy-not-public": {
        why: "An access policy open to everyone lets anyone on the internet query or delete the indexes of a public-endpoint domain.",
        securityHub: ["Opensearch.2", "ES.2"],
        cdkNag: ["AwsSolutions-OS3"],
    },
    // Storage: S3
    "s3-bucket-public-access-block": {
        why: "The public access block is the guard that stops a later ACL or policy change from making the bucket public.",
        resources: [...BUCKETS, aws.s3.BucketPublicAccessBlock],
        securityHub: ["S3.8"],
        cdkNag: ["AwsSolutions-S2"],
        checkov: ["CKV2_AWS_6"],
    },
    "s3-bucket-no-public-acl": {
        why: "A public ACL exposes (or lets anyone write) every object of the bucket.",
        securityHub: ["S3.2", "S3.3"],
        cdkNag: [
            "NIST.800.53.R5-S3BucketPublicReadProhibited",
            "NIST.800.53.R5-S3BucketPublicWriteProhibited",
        ],
        checkov: ["CKV_AWS_20", "CKV_AWS_57"],
    },
    "s3-bucket-policy-no-public-principal": {
        why: "A bucket policy granting Principal * without a condition exposes the objects to everyone.",
        securityHub: ["S3.2", "S3.3", "S3.6"],
        cdkNag: ["AwsSolutions-S5"],
        checkov: ["CKV_AWS_70"],
    },
    "s3-bucket-ssl-only": {
        why: "Without a TLS-only policy, clients can read and write objects over plain HTTP.",
        resources: [...BUCKETS, aws.s3.BucketPolicy, aws.s3.BucketPublicAccessBlock],
        securityHub: ["S3.5"],
        cdkNag: ["AwsSolutions-S10"],
        checkov: ["CKV_AWS_379"],
    },
    "s3-bucket-encryption": {
        why: "An explicit default encryption states the key type of every bucket rather than relying on the account default.",
        resources: [
            ...BUCKETS,
            aws.s3.BucketServerSideEncryptionConfiguration,
            aws.s3.BucketServerSideEncryptionConfigurationV2,
        ],
        checkov: ["CKV_AWS_19"],
        docs: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        ],
    },
    "s3-bucket-kms-encryption": {
        why: "KMS keys put object access under the key policy and CloudTrail; buckets receiving ALB or S3 server access logs are excepted because those deliveries accept SSE-S3 only.",
        resources: [
            ...BUCKETS,
            aws.s3.BucketServerSideEncryptionConfiguration,
            aws.s3.BucketServerSideEncryptionConfigurationV2,
            ...LOAD_BALANCERS,
            aws.cloudfront.Distribution,
            aws.s3.BucketLogging,
            aws.s3.BucketLoggingV2,
        ],
        securityHub: ["S3.17"],
        cdkNag: ["NIST.800.53.R5-S3DefaultEncryptionKMS"],
        checkov: ["CKV_AWS_145"],
    },
    "s3-bucket-logging": {
        why: "Server access logs record every request to the bucket, needed to trace data access.",
        resources: [
            ...BUCKETS,
            aws.s3.BucketLogging,
            aws.s3.BucketLoggingV2,
            ...LOAD_BALANCERS,
            aws.cloudfront.Distribution,
        ],
        securityHub: ["S3.9"],
        cdkNag: ["AwsSolutions-S1"],
        checkov: ["CKV_AWS_18"],
        awsguard: ["s3-bucket-logging-enabled"],
    },
    "s3-bucket-versioning": {
        why: "Versioning keeps overwritten and deleted objects recoverable.",
        resources: [...BUCKETS, aws.s3.BucketVersioning, aws.s3.BucketVersioningV2],
        securityHub: ["S3.14"],
        cdkNag: ["NIST.800.53.R5-S3BucketVersioningEnabled"],
        checkov: ["CKV_AWS_21"],
    },
    "s3-bucket-ownership-enforced": {
        why: "BucketOwnerEnforced disables ACLs, so access is decided by policies alone.",
        securityHub: ["S3.12"],
        checkov: ["CKV2_AWS_65"],
    },
    "s3-no-website-configuration": {
        why: "The S3 website endpoint is HTTP-only and needs public read; CloudFront with origin access control serves the files instead.",
        docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html"],
    },
    "s3-cors-no-public-write": {
        why: "CORS that allows writes from any origin lets any web page make a visitor's browser write to the bucket.",
        docs: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html"],
    },
    // Edge: CloudFront, WAF
    "cloudfront-viewer-https": {
        why: "Viewer traffic over plain HTTP exposes sessions and lets the content be altered in transit.",
        securityHub: ["CloudFront.3"],
        checkov: ["CKV_AWS_34"],
    },
    "cloudfront-viewer-tls-1-2": {
        why: "Older viewer security policies still accept TLS 1.0/1.1 and weak ciphers.",
        securityHub: ["CloudFront.15"],
        cdkNag: ["AwsSolutions-CFR4"],
        checkov: ["CKV_AWS_174"],
    },
    "cloudfront-custom-certificate-sni": {
        why: "The site's own domain needs its own ACM certificate; SNI serves it without the cost of dedicated IP addresses.",
        securityHub: ["CloudFront.7", "CloudFront.8"],
        cdkNag: ["AwsSolutions-CFR4"],
        checkov: ["CKV2_AWS_42"],
    },
    "cloudfront-origin-https-only": {
        why: "Traffic from CloudFront to the origin crosses the internet; it must use TLS 1.2.",
        securityHub: ["CloudFront.9", "CloudFront.10"],
        cdkNag: ["AwsSolutions-CFR5"],
        checkov: ["CKV2_AWS_72", "CKV2_AWS_54"],
    },
    "cloudfront-s3-origin-oac": {
        why: "Origin access control lets the bucket stay private and admit only this distribution.",
        securityHub: ["CloudFront.13"],
        cdkNag: ["AwsSolutions-CFR7"],
        checkov: ["CKV2_AWS_46"],
    },
    "cloudfront-waf-attached": {
        why: "The web ACL filters common web attacks and floods before they reach the application.",
        securityHub: ["CloudFront.6"],
        cdkNag: ["AwsSolutions-CFR2"],
        checkov: ["CKV_AWS_68"],
    },
    "cloudfront-waf-rate-limit": {
        why: "A rate-based rule caps each client's request rate, the first defence against floods and scraping.",
        resources: [aws.cloudfront.Distribution, aws.wafv2.WebAcl],
        securityHub: ["CloudFront.6"],
        docs: [
            "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html",
        ],
    },
    "cloudfront-logging": {
        why: "Access logs are the only per-request record of the site's viewers, needed for incident analysis.",
        resources: [aws.cloudfront.Distribution, aws.cloudwatch.LogDeliverySource],
        securityHub: ["CloudFront.5"],
        cdkNag: ["AwsSolutions-CFR3"],
        checkov: ["CKV_AWS_86"],
    },
    "cloudfront-geo-restriction": {
        why: "Restricting to the countries the site serves shrinks the attack surface.",
        cdkNag: ["AwsSolutions-CFR1"],
        checkov: ["CKV_AWS_374"],
    },
    "waf-web-acl-has-rules": {
        why: "A web ACL without rules filters nothing.",
        securityHub: ["WAF.10"],
        checkov: ["CKV_AWS_175"],
    },
    "waf-rule-actions": {
        why: "A rule without an action (or override action) has no defined effect on the requests it matches.",
        checkov: ["CKV_AWS_342"],
    },
    "waf-managed-rule-sets": {
        why: "The Common and KnownBadInputs managed rule groups block the common web exploits (OWASP Top 10, Log4Shell) and are maintained by AWS.",
        checkov: ["CKV_AWS_192", "CKV2_AWS_47"],
        docs: [
            "https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html",
        ],
    },
    "waf-metrics-enabled": {
        why: "Without metrics there is no way to see what the WAF blocks or whether a rule misfires.",
        securityHub: ["WAF.12"],
    },
    // Logging: CloudWatch Logs
    "cloudwatch-log-group-cmk": {
        why: "A customer-managed key puts access to the logs (which can hold request data) under the key policy.",
        cdkNag: ["NIST.800.53.R5-CloudWatchLogGroupEncrypted"],
        checkov: ["CKV_AWS_158"],
    },
    "cloudwatch-log-group-retention": {
        why: "Logs without a retention setting are either kept forever (cost) or, with too short a setting, gone before an incident is noticed.",
        securityHub: ["CloudWatch.16"],
        cdkNag: ["NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod"],
        checkov: ["CKV_AWS_66", "CKV_AWS_338"],
    },
    // Secrets Manager
    "secretsmanager-secret-cmk": {
        why: "A customer-managed key puts access to the secret values under the key policy and records every use in CloudTrail.",
        cdkNag: ["NIST.800.53.R5-SecretsManagerUsingKMSKey"],
        checkov: ["CKV_AWS_149"],
    },
    "secretsmanager-rotation-interval": {
        why: "Regular rotation limits how long a leaked secret stays usable.",
        securityHub: ["SecretsManager.4"],
        checkov: ["CKV_AWS_304"],
    },
    "secretsmanager-policy-not-public": {
        why: "A public resource policy lets any AWS principal read the secret; BlockPublicPolicy makes Secrets Manager refuse one.",
        docs: [
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
        ],
    },
    // KMS
    "kms-key-rotation": {
        why: "Yearly rotation limits the data protected by any one key version.",
        securityHub: ["KMS.4"],
        cdkNag: ["AwsSolutions-KMS5"],
        checkov: ["CKV_AWS_7"],
        awsguard: ["cmk-backing-key-rotation-enabled"],
    },
    "kms-key-policy-no-public-principal": {
        why: "A key policy granting Principal * without a condition lets any AWS principal use or manage the key.",
        securityHub: ["KMS.5"],
        checkov: ["CKV_AWS_33"],
    },
    "sqs-sns-policy-not-public": {
        why: "A queue or topic policy open to everyone lets any AWS account read or inject messages; a concrete aws:SourceArn or aws:SourceAccount keeps only the intended publisher.",
        docs: [
            "https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-no-public-access.html",
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
        ],
    },
    "lambda-not-public": {
        why: "A function policy for principal * without a source condition, or a function URL without IAM auth, lets anyone invoke the function.",
        securityHub: ["Lambda.1"],
        docs: ["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
    },
    "kms-key-deletion-window": {
        why: "Data encrypted under a deleted key is lost; the longest window leaves 30 days to cancel a mistaken deletion.",
        securityHub: ["KMS.3"],
        checkov: ["CKV_AWS_227"],
    },
    // Audit: CloudTrail
    "cloudtrail-present": {
        why: "CloudTrail is the record of who changed what in the account; without a trail (here or a declared organisation trail) the event history keeps only 90 days of management events.",
        resources: [aws.cloudtrail.Trail],
        securityHub: ["CloudTrail.1"],
    },
    "cloudtrail-kms-encryption": {
        why: "A customer-managed key puts access to the audit log under the key policy.",
        securityHub: ["CloudTrail.2"],
        cdkNag: ["NIST.800.53.R5-CloudTrailEncryptionEnabled"],
        checkov: ["CKV_AWS_35"],
    },
    "cloudtrail-log-file-validation": {
        why: "Digest files prove the log files were not altered or deleted after delivery.",
        securityHub: ["CloudTrail.4"],
        cdkNag: ["NIST.800.53.R5-CloudTrailLogFileValidationEnabled"],
        checkov: ["CKV_AWS_36"],
    },
    "cloudtrail-multi-region": {
        why: "Activity in another Region (or of global services like IAM) is missing from a single-Region trail.",
        securityHub: ["CloudTrail.1"],
        checkov: ["CKV_AWS_67"],
    },
    "cloudtrail-cloudwatch-logs": {
        why: "Delivering the trail to CloudWatch Logs allows metric filters and alarms on API activity.",
        securityHub: ["CloudTrail.5"],
        cdkNag: ["NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled"],
        checkov: ["CKV2_AWS_10"],
    },
    "cloudtrail-logging-enabled": {
        why: "A trail with logging stopped records nothing.",
        securityHub: ["CloudTrail.3"],
        checkov: ["CKV_AWS_251"],
    },
    "cloudtrail-sns-topic": {
        why: "An SNS notification per delivered log file lets other tools process the trail as it arrives.",
        checkov: ["CKV_AWS_252"],
    },
    "cloudtrail-bucket-protected": {
        why: "The audit log is only as trustworthy as its bucket: it must not be public, must require TLS and must log its own access.",
        resources: [
            aws.cloudtrail.Trail,
            ...BUCKETS,
            aws.s3.BucketPublicAccessBlock,
            aws.s3.BucketPolicy,
            aws.s3.BucketLogging,
            aws.s3.BucketLoggingV2,
        ],
        securityHub: ["CloudTrail.6", "CloudTrail.7"],
    },
    // Prod invariants and the AWS provider (policies/rules/invariants.ts)
    "guardduty-enabled": {
        why: "Without a detector nobody hears of compromised credentials, crypto-mining tasks or calls from known-bad addresses; one line in a stack file must not turn it off.",
        resources: [aws.guardduty.Detector],
        securityHub: ["GuardDuty.1"],
        docs: ["https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html"],
    },
    "securityhub-enabled": {
        why: "Security Hub runs the Foundational Security Best Practices controls continuously; without it drift in the account (outside this program) goes unseen.",
        resources: [aws.securityhub.Account, aws.securityhub.StandardsSubscription],
        docs: ["https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html"],
    },
    "guardduty-finding-severity": {
        why: "A threshold above High (7) silently drops High findings such as credential exfiltration before anyone is paged.",
        docs: [
            "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html",
            "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html",
        ],
    },
    "audit-retention-floor": {
        why: "The audit log must outlive the incident it documents; a floor kept in the stack file can be cut with the retention in the same edit, so it lives in the policy config.",
        resources: [
            aws.cloudtrail.Trail,
            ...BUCKETS,
            aws.s3.BucketObjectLockConfiguration,
            aws.s3.BucketLifecycleConfiguration,
            aws.s3.BucketLifecycleConfigurationV2,
        ],
        docs: [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html",
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html",
        ],
    },
    "rds-postgres-protocol-floors": {
        why: "TLS 1.0/1.1 and MD5 password hashes are broken or deprecated; RDS for PostgreSQL before 14 hashes with md5 unless told otherwise.",
        docs: [
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL_Password_Encryption_configuration.html",
        ],
    },
    "waf-rate-limit-bounds": {
        why: "A rate limit of two billion requests is no limit: the rule stays in place and stops nothing.",
        docs: [
            "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html",
        ],
    },
    "waf-exemption-not-everything": {
        why: "An exemption that matches every path (an upload path of / or /*) turns the rule it sits in into one that matches nothing, while the rule still looks present.",
        docs: [
            "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-logical.html",
            "https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-byte-match.html",
        ],
    },
    "ecs-image-provenance": {
        why: "A public, mutable tag runs whatever its owner pushes next, with every secret the task receives; the stack's ECR repository (immutable tags, scan on push) or a digest pins what runs.",
        resources: [aws.ecs.TaskDefinition, aws.ecr.Repository],
        docs: [
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-tasks-containers.html",
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
        ],
    },
    "secret-not-generated": {
        why: "A generated SECRET_KEY_BASE in a stack with a running site logs every user out and invalidates every signed or encrypted cookie and message.",
        resources: [aws.secretsmanager.SecretVersion],
        docs: ["https://github.com/rails/rails/blob/main/guides/source/security.md"],
    },
    "alert-recipient-domains": {
        why: "Alarm and finding e-mails describe the account's weaknesses; a recipient outside the team's domains leaks them and pages nobody.",
        docs: ["https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html"],
    },
    "nat-gateway-multi-az": {
        why: "A NAT gateway lives in one AZ: with a single one, an outage of that AZ cuts the egress of tasks in every other AZ.",
        resources: [aws.ec2.NatGateway, aws.ec2.Subnet],
        docs: ["https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html"],
    },
    "aws-provider-hygiene": {
        why: "aws:insecure, custom endpoints, skipped credential checks or a role in another account send the stack's calls (and secrets) somewhere other than the stack's AWS account.",
        docs: [
            "https://www.pulumi.com/registry/packages/aws/api-docs/provider/",
            "https://github.com/pulumi/pulumi-policy/issues/323",
        ],
    },
    // Protection
    "data-resources-protected": {
        why: "A rename, a refactor or a wrong stack selection makes the engine delete and recreate what it manages; for a database, bucket, key, search domain, secret, log group or image repository that is data loss. `protect` makes the engine refuse.",
        docs: ["https://www.pulumi.com/docs/iac/concepts/options/protect/"],
    },
    "kms-key-retain-on-delete": {
        why: "Deleting the stack key schedules its deletion: after the waiting period every snapshot, secret and object encrypted under it is unreadable. retainOnDelete leaves the key in the account when Pulumi deletes it.",
        docs: [
            "https://www.pulumi.com/docs/iac/concepts/options/retainondelete/",
            "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
        ],
    },
    // Decision table (derived) and the one policy-document check
    "encryption-at-rest": {
        why: "Data stored unencrypted is readable by anyone who obtains a copy of the disk, snapshot or backup; the table demands encryption wherever AWS's default is unencrypted, whatever Security Hub's severity.",
        securityHub: [
            "SNS.1",
            "Kinesis.1",
            "Redshift.10",
            "DocumentDB.1",
            "Neptune.1",
            "DynamoDB.3",
        ],
        checkov: [
            "CKV_AWS_26",
            "CKV_AWS_43",
            "CKV_AWS_64",
            "CKV_AWS_74",
            "CKV_AWS_44",
            "CKV_AWS_47",
        ],
        docs: ["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
    },
    "encryption-in-transit": {
        why: "Plaintext protocols expose credentials and data to anyone on the path; the table demands TLS where AWS's default is plaintext or a setting turns it off (Redis transit mode preferred, DAX without TLS, DMS sslMode none).",
        securityHub: ["ElastiCache.5", "DynamoDB.7", "MSK.1", "DMS.9"],
        checkov: ["CKV_AWS_81", "CKV_AWS_206"],
        docs: [
            "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
        ],
    },
    "no-public-exposure": {
        why: "A public flag, public ACL, wildcard grant or unauthenticated route puts the resource on the internet outside the load balancer and WAF.",
        securityHub: ["Redshift.1", "DMS.1", "MQ.5", "SageMaker.2", "EKS.1", "S3.1"],
        checkov: [
            "CKV_AWS_87",
            "CKV_AWS_89",
            "CKV_AWS_69",
            "CKV_AWS_122",
            "CKV_AWS_39",
            "CKV_AWS_59",
        ],
    },
    "policy-document-not-over-permissive": {
        why: "Any resource type can carry a policy document; one judgement for all of them closes public grants, wildcard administration, NotAction/NotPrincipal grants, confused-deputy service grants and OIDC trusts any repository can assume.",
        securityHub: ["IAM.1", "IAM.21"],
        checkov: ["CKV_AWS_1", "CKV_AWS_283", "CKV_AWS_358"],
        docs: [
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
        ],
    },
};
