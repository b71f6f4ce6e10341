/**
 * The TNG environment: validated settings first, then the components wired together.
 * Every dev/prod difference comes from Pulumi.<stack>.yaml through stacks/settings.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AppIdentity,
    AuditTrail,
    CacheCluster,
    Database,
    InternalLoadBalancer,
    LogBucket,
    Network,
    SearchDomain,
    StackKey,
} from "./components";
import { loadSettings } from "./stacks/settings";

// Validate everything before the first resource exists: bad config never half-creates a stack.
const settings = loadSettings();
const stack = pulumi.getStack();
const prefix = `tng-${stack}`;
const region = settings.region;
const accountId = aws.getCallerIdentityOutput().accountId;

const key = new StackKey(prefix, { accountId, region });

const network = new Network(prefix, {
    cidrBlock: settings.network.cidrBlock,
    availabilityZones: settings.network.availabilityZones,
    natGateways: settings.network.natGateways,
    interfaceEndpoints: settings.network.interfaceEndpoints,
    region,
    accountId,
    kmsKeyArn: key.arn,
    flowLogRetentionDays: settings.logRetentionDays,
});

// The app's role and security group come first: the data tier admits and grants only them.
const app = new AppIdentity(`${prefix}-app`, { vpcId: network.vpcId, vpcCidrBlock: network.cidrBlock, accountId });

// One bucket for the service logs that AWS delivers to S3 (ALB, S3 access, CloudFront).
const logs = new LogBucket(`${prefix}-logs`, {
    writers: ["alb", "s3AccessLogs", "cloudfront"],
    retentionDays: settings.logRetentionDays,
    accountId,
    region,
});

const audit = new AuditTrail(`${prefix}-audit`, {
    kmsKeyArn: key.arn,
    accessLogBucketName: logs.bucketName,
    retentionDays: settings.logRetentionDays,
    accountId,
    protect: settings.database.protect,
});

const db = new Database(`${prefix}-db`, {
    vpcId: network.vpcId,
    subnetIds: network.isolatedSubnetIds,
    clientSecurityGroupId: app.securityGroupId,
    kmsKeyArn: key.arn,
    accountId,
    ...settings.database,
    logRetentionDays: settings.logRetentionDays,
});

const cache = new CacheCluster(`${prefix}-cache`, {
    mode: settings.cache.mode,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    availabilityZones: settings.network.availabilityZones,
    clientSecurityGroupId: app.securityGroupId,
    kmsKeyArn: key.arn,
    nodeType: settings.cache.nodeType,
    nodeCount: settings.cache.nodeCount,
    engineVersion: settings.cache.engineVersion,
    maintenanceWindow: settings.cache.maintenanceWindow,
    maxDataStorageGb: settings.cache.maxDataStorageGb,
    maxEcpuPerSecond: settings.cache.maxEcpuPerSecond,
});

const search = new SearchDomain(`${prefix}-search`, {
    clientRoleArn: app.taskRoleArn,
    clientRoleName: app.taskRoleName,
    instanceType: settings.search.instanceType,
    replicationCount: settings.search.replicationCount,
    multiAz: settings.search.multiAz,
    indexFields: settings.search.indexFields,
    existingDomainName: settings.search.existingDomainName,
});

// The ALB comes before the edge (CloudFront's VPC origin points at it) and the service (its target).
const alb = new InternalLoadBalancer(`${prefix}-alb`, {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    privateSubnetCidrs: network.privateSubnetCidrs,
    taskSecurityGroupId: app.securityGroupId,
    containerPort: settings.service.containerPort,
    healthCheckPath: settings.service.healthCheckPath,
    domainName: settings.domainName,
    certificateArn: settings.service.certificateArn,
    hostedZoneId: settings.hostedZoneId,
    deletionProtection: settings.service.deletionProtection,
    logBucketName: logs.bucketName,
});

export const kmsKeyArn = key.arn;
export const albDnsName = alb.dnsName;
export const vpcId = network.vpcId;
export const privateSubnetIds = network.privateSubnetIds;
export const isolatedSubnetIds = network.isolatedSubnetIds;
export const taskRoleArn = app.taskRoleArn;
export const logBucketName = logs.bucketName;
export const auditTrailArn = audit.trailArn;
export const databaseEndpoint = db.endpoint;
export const databaseSecretArn = db.masterSecretArn;
export const memcacheServers = cache.memcacheServers;
export const cacheConfigurationEndpoint = cache.configurationEndpoint;
export const searchDocumentEndpoint = search.documentEndpoint;
export const searchSearchEndpoint = search.searchEndpoint;
