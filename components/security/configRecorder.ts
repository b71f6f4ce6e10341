/**
 * ConfigRecorder: AWS Config recording every supported resource type in the stack's region, so
 * Security Hub's Config-based controls produce findings and Config.1 ("AWS Config should be enabled
 * and use the service-linked role for resource recording", Critical) passes:
 * https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1
 *
 * Like GuardDuty in ThreatDetection, Config is `create`d, `adopt`ed or left `off` (no component):
 * an account has one configuration recorder per region ("you can specify only one configuration
 * recorder for each AWS Region for each account",
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationRecorder.html), and it often
 * exists already. `aws configservice describe-configuration-recorders --region <region>` prints it.
 *
 * - create: the recorder with the service-linked role AWSServiceRoleForConfig (Config.1 fails on
 *   any other role), all supported types plus the global IAM types (this is the home region),
 *   continuous recording; a delivery channel to the stack's log bucket under `config/`, its
 *   objects encrypted with the stack key (`s3KmsKeyArn`, SSE-KMS per object: the bucket's default
 *   stays SSE-S3 because it also takes ALB logs, which support only SSE-S3; Config cannot deliver
 *   to the audit bucket, which has Object Lock:
 *   https://docs.aws.amazon.com/config/latest/APIReference/API_PutDeliveryChannel.html); and the recorder status that starts it (the
 *   provider starts a recorder only through `aws.cfg.RecorderStatus`, which needs the delivery
 *   channel first). With the service-linked role Config writes as its service principal, so the
 *   log bucket must grant it (LogBucket writer `config`:
 *   https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html). The
 *   service-linked role is created too, unless `serviceLinkedRoleExists` (the account has it
 *   when `aws iam get-role --role-name AWSServiceRoleForConfig` succeeds); it is kept when the
 *   stack goes (`retainOnDelete`): other recorders of the account use it.
 * - adopt: the existing recorder's status is imported by the recorder's name and kept enabled, so
 *   a stopped recorder shows as drift and the next `up` starts it again; the recorder and its
 *   delivery channel stay as the account has them. `retainOnDelete`: leaving the stack never
 *   stops the account's recording.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { LOG_PREFIXES } from "../storage/logBucket";

/** How the stack treats the account's one recorder per region. `off` creates no component. */
export type ConfigMode = "create" | "adopt";

/** A configuration recorder name (PutConfigurationRecorder: 1–256 characters). */
export const CONFIG_RECORDER_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

/** The service-linked role Config.1 requires. */
export function configServiceLinkedRoleArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

export interface ConfigRecorderArgs {
    readonly mode: ConfigMode;
    /** This account (the service-linked role's ARN). */
    readonly accountId: pulumi.Input<string>;
    /** create: the log bucket the delivery channel writes to (it must admit the `config` writer). */
    readonly bucketName?: pulumi.Input<string>;
    /**
     * create: the KMS key the delivery channel encrypts its objects with (`s3KmsKeyArn`); the key
     * policy must admit config.amazonaws.com (`StackKeyArgs.configDelivery`).
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** create: the account already has AWSServiceRoleForConfig. Defaults to false. */
    readonly serviceLinkedRoleExists?: boolean;
    /** adopt: the existing recorder's name (describe-configuration-recorders prints it). */
    readonly recorderName?: string;
}

/** Every problem with the plain args, in the component's message style. */
export function validateConfigRecorderArgs(args: ConfigRecorderArgs): string[] {
    const problems: string[] = [];
    if (args.mode !== "create" && args.mode !== "adopt") {
        problems.push(`\`mode\` must be create or adopt, got \`${String(args.mode)}\`.`);
    }
    if (args.mode === "create" && args.bucketName === undefined) {
        problems.push(
            "`bucketName` must be set when `mode` is create (the delivery channel's bucket).",
        );
    }
    if (args.mode === "create" && args.kmsKeyArn === undefined) {
        problems.push(
            "`kmsKeyArn` must be set when `mode` is create (the key the delivery channel encrypts with).",
        );
    }
    if (args.mode === "adopt") {
        if (args.recorderName === undefined || !CONFIG_RECORDER_NAME.test(args.recorderName)) {
            problems.push(
                `\`recorderName\` must be the existing recorder's name when \`mode\` is adopt, got \`${String(args.recorderName)}\`.`,
            );
        }
        if (
            args.bucketName !== undefined ||
            args.kmsKeyArn !== undefined ||
            args.serviceLinkedRoleExists !== undefined
        ) {
            problems.push(
                "`bucketName`, `kmsKeyArn` and `serviceLinkedRoleExists` apply only when `mode` is create.",
            );
        }
    } else if (args.recorderName !== undefined) {
        problems.push("`recorderName` applies only when `mode` is adopt.");
    }
    return problems;
}

export class ConfigRecorder extends pulumi.ComponentResource {
    /** The recorder's name. */
    public readonly recorderName: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Mode, account, bucket (create) or the recorder's name (adopt).
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: ConfigRecorderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:security:ConfigRecorder", name, {}, opts);
        const problems = validateConfigRecorderArgs(args);
        if (problems.length > 0) {
            throw new Error(`ConfigRecorder ${name}: ${problems.join(" ")}`);
        }
        const parent = { parent: this };

        if (args.mode === "adopt") {
            const status = new aws.cfg.RecorderStatus(
                `${name}-status`,
                { name: args.recorderName!, isEnabled: true },
                { parent: this, import: args.recorderName!, retainOnDelete: true },
            );
            this.recorderName = status.name;
            this.registerOutputs({ recorderName: this.recorderName });
            return;
        }

        const roleArn = pulumi.output(args.accountId).apply(configServiceLinkedRoleArn);
        const role = args.serviceLinkedRoleExists
            ? undefined
            : new aws.iam.ServiceLinkedRole(
                  `${name}-service-role`,
                  {
                      awsServiceName: "config.amazonaws.com",
                      description: "AWS Config records the account's resources",
                  },
                  { parent: this, retainOnDelete: true },
              );
        const recorder = new aws.cfg.Recorder(
            `${name}-recorder`,
            {
                roleArn: role ? role.arn : roleArn,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
                recordingMode: { recordingFrequency: "CONTINUOUS" },
            },
            parent,
        );
        const delivery = new aws.cfg.DeliveryChannel(
            `${name}-delivery`,
            {
                s3BucketName: args.bucketName!,
                s3KeyPrefix: LOG_PREFIXES.config,
                // SSE-KMS per object with the stack key, over the log bucket's SSE-S3 default.
                s3KmsKeyArn: args.kmsKeyArn!,
                snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
            },
            { parent: this, dependsOn: [recorder] },
        );
        const status = new aws.cfg.RecorderStatus(
            `${name}-status`,
            { name: recorder.name, isEnabled: true },
            { parent: this, dependsOn: [delivery] },
        );
        this.recorderName = status.name;
        this.registerOutputs({ recorderName: this.recorderName });
    }
}
