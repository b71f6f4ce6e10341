/**
 * Settings schema: Security event monitoring (`security`).
 */
import { CONFIG_RECORDER_NAME } from "../../../components/security/configRecorder";
import {
    ACCOUNT_ID,
    DEFAULT_FINDING_SEVERITY,
    GUARDDUTY_DETECTOR_ID,
    SERVICE_MODES,
} from "../../../components/security/threatDetection";
import { bool, int, object, oneOf, optional, text } from "../../schema";

export const securitySchema = object(
    {
        guardDuty: oneOf(SERVICE_MODES, {
            doc: "GuardDuty detector: create one, adopt the account's (aws guardduty list-detectors --region <region> prints its id), or off.",
            default: "off",
        }),
        guardDutyDetectorId: optional(
            text({
                doc: "The detector to adopt (security.guardDuty adopt only).",
                pattern: GUARDDUTY_DETECTOR_ID,
                allowed: "a GuardDuty detector id: 32 lower-case hex digits",
            }),
        ),
        findingSeverity: int({
            doc: "GuardDuty findings at or above this severity reach the alarm topic (7: High and Critical).",
            min: 1,
            max: 10,
            default: DEFAULT_FINDING_SEVERITY,
        }),
        securityHub: oneOf(SERVICE_MODES, {
            doc: "Security Hub with the AWS Foundational Security Best Practices standard: create, adopt (aws securityhub describe-hub --region <region> answers), or off.",
            default: "off",
        }),
        accountId: optional(
            text({
                doc: "This account's id: the import ids of an adopted hub (security.securityHub adopt only).",
                pattern: ACCOUNT_ID,
                allowed: "a 12-digit AWS account id",
                numbers: true,
            }),
        ),
        cisStandard: bool({
            doc: "Also subscribe Security Hub to the CIS AWS Foundations Benchmark v1.2.0 standard, which scores the trail's metric-filter alarms (CloudWatch.1-14). Needs security.securityHub.",
            default: false,
        }),
        config: oneOf(SERVICE_MODES, {
            doc: "AWS Config recorder (service-linked role, all resources, delivery to the log bucket): create, adopt the region's recorder (aws configservice describe-configuration-recorders --region <region> prints it), or off.",
            default: "off",
        }),
        configRecorderName: optional(
            text({
                doc: "The recorder to adopt (security.config adopt only).",
                pattern: CONFIG_RECORDER_NAME,
                allowed: "a configuration recorder name: 1-256 of A-Z a-z 0-9 _ . -",
            }),
        ),
        configRoleExists: bool({
            doc: "The account already has the service-linked role AWSServiceRoleForConfig (aws iam get-role --role-name AWSServiceRoleForConfig succeeds): use it, do not create it (security.config create).",
            default: false,
        }),
    },
    { doc: "Security event monitoring (one stack per account and region may create)." },
);
