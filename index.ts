/**
 * The TNG environment: validated settings first, then the components wired together.
 * Every dev/prod difference comes from Pulumi.<stack>.yaml through stacks/settings.ts.
 */
import * as aws from "./sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AppIdentity,
    AuditTrail,
    Alarms,
    ConfigRecorder,
    CacheCluster,
    Dashboard,
    Database,
    EdgeDistribution,
    EdgeMonitoring,
    InternalLoadBalancer,
    Invalidation,
    LogBucket,
    Network,
    RailsService,
    RotationRedeploy,
    SearchDomain,
    StackKey,
    ThreatDetection,
    TrailAlarms,
} from "./components";
import { alarmOptionsOf, edgeOptionsOf } from "./stacks/alarmOptions";
import { reportingErrors } from "./components/errors";
import { LoadedSettings, loadSettings } from "./stacks/settings";

/** Creates the whole environment for validated settings; returns the stack outputs. */
function buildEnvironment({ settings, credentials, secretKeyBase }: LoadedSettings) {
    const stack = pulumi.getStack();
    const prefix = `tng-${stack}`;
    const region = settings.region;
    const accountId = aws.getCallerIdentityOutput().accountId;

    const security = settings.security;
    const key = new StackKey(prefix, {
        accountId,
        region,
        protect: settings.protectData,
        // EventBridge publishes GuardDuty findings to the alarm topic, which this key encrypts.
        eventBridgeTopics: security.guardDuty !== "off",
        // AWS Config's delivery channel encrypts with this key.
        configDelivery: security.config === "create",
    });

    const network = new Network(prefix, {
        cidrBlock: settings.network.cidrBlock,
        availabilityZones: settings.network.availabilityZones,
        natGateways: settings.network.natGateways,
        natEipAllocationIds: settings.network.natEipAllocationIds,
        interfaceEndpoints: settings.network.interfaceEndpoints,
        region,
        accountId,
        kmsKeyArn: key.arn,
        flowLogRetentionDays: settings.logRetentionDays,
        protectLogs: settings.protectData,
    });

    // The app's role and security group come first: the data tier admits and grants only them.
    const app = new AppIdentity(`${prefix}-app`, {
        vpcId: network.vpcId,
        vpcCidrBlock: network.cidrBlock,
        accountId,
    });

    // One bucket for the service logs that AWS delivers to S3 (ALB, S3 access, CloudFront).
    const logs = new LogBucket(`${prefix}-logs`, {
        // AWS Config's delivery channel writes here too when this stack creates the recorder.
        writers:
            security.config === "create"
                ? ["alb", "s3AccessLogs", "cloudfront", "config"]
                : ["alb", "s3AccessLogs", "cloudfront"],
        retentionDays: settings.logRetentionDays,
        accountId,
        region,
        protect: settings.protectData,
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

    const edge = new EdgeDistribution(`${prefix}-edge`, {
        domainName: settings.domainName,
        hostedZoneId: settings.hostedZoneId,
        certificateArn: settings.edge.certificateArn,
        priceClass: settings.edge.priceClass,
        httpVersion: settings.edge.httpVersion,
        rateLimit: settings.edge.rateLimit,
        rateLimitWindowSeconds: settings.edge.rateLimitWindowSeconds,
        ttl: settings.edge.ttl,
        allowBrowserUploads: settings.edge.allowBrowserUploads,
        uploadPaths: settings.edge.uploadPaths,
        albArn: alb.arn,
        originDomainName: alb.originDomainName,
        logBucketName: logs.bucketName,
        logBucketArn: logs.arn,
        kmsKeyArn: key.arn,
        taskRoleName: app.taskRoleName,
        accountId,
        logRetentionDays: settings.logRetentionDays,
        protectData: settings.protectData,
    });

    const service = settings.service;
    const rails = new RailsService(`${prefix}-rails`, {
        region,
        accountId,
        kmsKeyArn: key.arn,
        subnetIds: network.privateSubnetIds,
        taskSecurityGroupId: app.securityGroupId,
        taskRoleArn: app.taskRoleArn,
        taskRoleName: app.taskRoleName,
        albSecurityGroupId: alb.securityGroupId,
        targetGroupArn: alb.targetGroupArn,
        albArnSuffix: alb.arnSuffix,
        targetGroupArnSuffix: alb.targetGroupArnSuffix,
        httpsListenerArn: alb.httpsListenerArn,
        image: service.image,
        cpu: service.cpu,
        memory: service.memory,
        containerPort: service.containerPort,
        user: service.user,
        minTasks: service.minTasks,
        maxTasks: service.maxTasks,
        cpuTarget: service.cpuTarget,
        requestsPerTarget: service.requestsPerTarget,
        ecrKeepImages: service.ecrKeepImages,
        waitForSteadyState: service.waitForSteadyState,
        enableExec: service.enableExec,
        protectData: settings.protectData,
        logRetentionDays: settings.logRetentionDays,
        endpoints: {
            databaseHost: db.endpoint,
            databasePort: db.port,
            databaseName: db.databaseName,
            memcacheServers: cache.memcacheServers,
            memcachedEndpoint: cache.memcachedEndpoint,
            memcachedPort: cache.memcachedPort,
            searchDocumentEndpoint: search.documentEndpoint,
            searchSearchEndpoint: search.searchEndpoint,
            staticAssetsBucketName: edge.assetsBucketName,
            distributionId: edge.distributionId,
            appHost: settings.domainName,
        },
        databaseSecretArn: db.masterSecretArn,
        // Only the integrations whose credentials are complete (settings left the others out).
        credentials,
        // Production's key carried over; generated only where the stack opts in (dev).
        secretKeyBase: secretKeyBase ? { value: secretKeyBase } : { generate: true },
    });

    // A deploy that changes the image or the asset version invalidates the CDN, after
    // the service update (and, with service.waitForSteadyState, after the new tasks serve).
    new Invalidation(
        `${prefix}-invalidation`,
        {
            distributionId: edge.distributionId,
            paths: settings.edge.invalidationPaths,
            trigger: `${service.image ?? ""}|${settings.edge.assetVersion}`,
        },
        { dependsOn: [rails] },
    );

    // The alarms and the dashboard read the same options: a graph's line is the alarm's threshold.
    const serverless = settings.cache.mode === "serverless";
    const alarmOptions = alarmOptionsOf(settings);
    const edgeOptions = edgeOptionsOf(settings);
    const alarms = new Alarms(`${prefix}-alarms`, {
        kmsKeyArn: key.arn,
        accountId,
        region,
        emails: settings.alerts.emails,
        loadBalancerArnSuffix: alb.arnSuffix,
        targetGroupArnSuffix: alb.targetGroupArnSuffix,
        clusterName: rails.clusterName,
        serviceName: rails.serviceName,
        databaseInstanceIdentifier: db.instanceIdentifier,
        databaseAllocatedStorageGib: alarmOptions.databaseAllocatedStorageGib,
        databaseMaxConnections: alarmOptions.databaseMaxConnections,
        cacheMode: alarmOptions.cacheMode,
        cacheClusterId: cache.clusterId,
        serverlessCache:
            alarmOptions.serverlessCache && cache.serverlessName
                ? { name: cache.serverlessName, ...alarmOptions.serverlessCache }
                : undefined,
        eventBridgePublish: security.guardDuty !== "off",
    });

    // CloudFront's KPIs, alarmed in us-east-1 (its metrics' region) to a twin topic there.
    new EdgeMonitoring(`${prefix}-edge-monitoring`, {
        distributionId: edge.distributionId,
        accountId,
        emails: settings.alerts.emails,
        protect: settings.protectData,
        ...edgeOptions,
    });

    new Dashboard(`${prefix}-dashboard`, {
        region,
        distributionId: edge.distributionId,
        webAclMetricName: edge.webAclMetricName,
        webAclRuleMetricNames: edge.webAclRuleMetricNames,
        loadBalancerArnSuffix: alb.arnSuffix,
        targetGroupArnSuffix: alb.targetGroupArnSuffix,
        clusterName: rails.clusterName,
        serviceName: rails.serviceName,
        databaseInstanceIdentifier: db.instanceIdentifier,
        cacheId: (serverless ? cache.serverlessName : cache.clusterId)!,
        alarmOptions,
        edgeOptions,
        cpuTarget: service.cpuTarget,
    });

    // The trail's CloudWatch Logs copy and the CIS metric-filter alarms, when the stack asks.
    const audit = settings.audit;
    const trailAlarms = audit.cloudWatchLogs
        ? new TrailAlarms(`${prefix}-trail-alarms`, {
              kmsKeyArn: key.arn,
              retentionDays: settings.logRetentionDays,
              accountId,
              region,
              alarmTopicArn: alarms.topicArn,
              protect: audit.protect,
          })
        : undefined;
    const trail = new AuditTrail(`${prefix}-audit`, {
        kmsKeyArn: key.arn,
        accessLogBucketName: logs.bucketName,
        // Its own retention (never lowered with logRetentionDays) and protection, locked in
        // governance mode for as long as it is kept.
        retentionDays: audit.retentionDays,
        accountId,
        protect: audit.protect,
        objectLock: { mode: "GOVERNANCE", days: audit.retentionDays },
        cloudWatchLogs: trailAlarms
            ? { logGroupArn: trailAlarms.logGroupArn, roleArn: trailAlarms.deliveryRoleArn }
            : undefined,
        // Object writes and deletes on the assets bucket and on the trail's own bucket.
        dataEventBucketArns: audit.s3DataEvents ? [edge.assetsBucketArn] : undefined,
        trailBucketDataEvents: audit.s3DataEvents,
    });

    // GuardDuty findings and Security Hub (FSBP), created or adopted per the settings.
    if (security.guardDuty !== "off" || security.securityHub !== "off") {
        new ThreatDetection(`${prefix}-threat-detection`, {
            guardDuty: security.guardDuty,
            guardDutyDetectorId: security.guardDutyDetectorId,
            findingSeverity: security.findingSeverity,
            alarmTopicArn: alarms.topicArn,
            securityHub: security.securityHub,
            region,
            accountId: security.accountId,
            cisStandard: security.cisStandard,
        });
    }

    // AWS Config recording (Security Hub's Config-based controls, Config.1), created or adopted.
    if (security.config !== "off") {
        new ConfigRecorder(`${prefix}-config`, {
            mode: security.config,
            accountId,
            ...(security.config === "create"
                ? {
                      bucketName: logs.bucketName,
                      kmsKeyArn: key.arn,
                      serviceLinkedRoleExists: security.configRoleExists,
                  }
                : { recorderName: security.configRecorderName }),
        });
    }

    // RDS rotates the master secret (7 days by default), but ECS injects it only at task start:
    // each rotation rolls the service to tasks that read the new password (docs/operations.md §2).
    new RotationRedeploy(`${prefix}-db-rotation`, {
        secretArn: db.masterSecretArn,
        clusterName: rails.clusterName,
        serviceName: rails.serviceName,
        accountId,
        region,
        alarmTopicArn: alarms.topicArn,
        kmsKeyArn: key.arn,
        logRetentionDays: settings.logRetentionDays,
        protect: settings.protectData,
    });

    // Stack outputs: what the app, the runbooks and `npm run invalidate` read.
    return {
        kmsKeyArn: key.arn,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        taskSecurityGroupId: app.securityGroupId,
        taskRoleArn: app.taskRoleArn,
        logBucketName: logs.bucketName,
        auditTrailArn: trail.trailArn,
        albDnsName: alb.dnsName,
        databaseEndpoint: db.endpoint,
        databaseSecretArn: db.masterSecretArn,
        memcacheServers: cache.memcacheServers,
        cacheConfigurationEndpoint: cache.configurationEndpoint,
        searchDocumentEndpoint: search.documentEndpoint,
        searchSearchEndpoint: search.searchEndpoint,
        distributionId: edge.distributionId,
        distributionArn: edge.distributionArn,
        distributionDomainName: edge.distributionDomainName,
        webAclArn: edge.webAclArn,
        assetsBucketName: edge.assetsBucketName,
        clusterName: rails.clusterName,
        serviceName: rails.serviceName,
        repositoryUrl: rails.repositoryUrl,
        migrateTaskDefinitionArn: rails.migrateTaskDefinitionArn,
        reindexTaskDefinitionArn: rails.reindexTaskDefinitionArn,
        migrateRunTaskCommand: rails.migrateRunTaskCommand,
        reindexRunTaskCommand: rails.reindexRunTaskCommand,
        alarmTopicArn: alarms.topicArn,
    };
}

// Validate everything before the first resource exists: bad config never half-creates a stack.
// Components check their own arguments too: a problem found there (settings should have caught it
// first) is reported as a message, like a settings problem; a bug keeps its stack and names the
// component it was thrown in (components/errors.ts).
const loaded = loadSettings();
export = reportingErrors(() => buildEnvironment(loaded));
