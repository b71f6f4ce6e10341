/**
 * EC2 instances, launch templates, EBS volumes and EFS file systems: the carriers of the same
 * risks the pack checks elsewhere (public addresses, unencrypted storage), for resources a team
 * adds even though this program creates none of them.
 */
import * as aws from "../../sdk/aws";
import { ReportViolation, ResourceValidationPolicy } from "@pulumi/policy";
import { forEachKnown, ignoreUnknown, validateTyped } from "./helpers";

function checkTokens(subject: string, httpTokens: unknown, report: ReportViolation): void {
    if (httpTokens !== "required") {
        report(`${subject} must set metadataOptions.httpTokens to required (IMDSv2).`);
    }
}

/** IMDSv2 only: a stolen-credentials path through SSRF otherwise. */
export const ec2Imdsv2Required: ResourceValidationPolicy = {
    name: "ec2-imdsv2-required",
    description:
        "EC2 instances and launch templates set metadataOptions.httpTokens to required (IMDSv2).",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.ec2.Instance, [], (i, _a, report) =>
            checkTokens("EC2 instance", i.metadataOptions?.httpTokens, report),
        ),
        validateTyped(aws.ec2.LaunchTemplate, [], (t, _a, report) =>
            checkTokens("EC2 launch template", t.metadataOptions?.httpTokens, report),
        ),
    ],
};

/** No public addresses on instances (the design keeps compute in private subnets). */
export const ec2NoPublicIp: ResourceValidationPolicy = {
    name: "ec2-no-public-ip",
    description:
        "EC2 instances do not set associatePublicIpAddress and launch templates do not set networkInterfaces[].associatePublicIpAddress to true.",
    enforcementLevel: "mandatory",
    validateResource: [
        validateTyped(aws.ec2.Instance, [], (i, _a, report) => {
            if (i.associatePublicIpAddress === true) {
                report("EC2 instance must not set associatePublicIpAddress to true.");
            }
        }),
        validateTyped(aws.ec2.LaunchTemplate, [], (t, _a, report) => {
            forEachKnown(t.networkInterfaces, (n, i) => {
                if (String(n.associatePublicIpAddress) === "true") {
                    report(
                        `EC2 launch template must not set networkInterfaces[${i}].associatePublicIpAddress to true.`,
                    );
                }
            });
        }),
    ],
};

/** Every EBS volume, attached or standalone, is encrypted. */
export const ebsEncrypted: ResourceValidationPolicy = {
    name: "ebs-encrypted",
    description:
        "EBS volumes, EC2 instance root and EBS block devices and launch-template block device mappings set encrypted to true.",
    enforcementLevel: "mandatory", // unencrypted is mandatory whatever Security Hub's severity (EC2.3 is Medium)
    validateResource: [
        validateTyped(aws.ebs.Volume, [], (v, _a, report) => {
            if (v.encrypted !== true) {
                report("EBS volume must set encrypted to true.");
            }
        }),
        validateTyped(aws.ec2.Instance, [], (i, _a, report) => {
            ignoreUnknown(() => {
                if (i.rootBlockDevice?.encrypted !== true) {
                    report("EC2 instance must set rootBlockDevice.encrypted to true.");
                }
            });
            forEachKnown(i.ebsBlockDevices, (d, j) => {
                if (d.encrypted !== true) {
                    report(`EC2 instance must set ebsBlockDevices[${j}].encrypted to true.`);
                }
            });
        }),
        validateTyped(aws.ec2.LaunchTemplate, [], (t, _a, report) => {
            forEachKnown(t.blockDeviceMappings, (m, j) => {
                if (m.ebs !== undefined && String(m.ebs.encrypted) !== "true") {
                    report(
                        `EC2 launch template must set blockDeviceMappings[${j}].ebs.encrypted to true.`,
                    );
                }
            });
        }),
    ],
};

/** EFS encryption at rest (only settable at creation). */
export const efsEncrypted: ResourceValidationPolicy = {
    name: "efs-encrypted",
    description: "EFS file systems set encrypted to true.",
    enforcementLevel: "mandatory", // unencrypted is mandatory whatever Security Hub's severity (EFS.1 is Medium)
    validateResource: validateTyped(aws.efs.FileSystem, [], (fs, _a, report) => {
        if (fs.encrypted !== true) {
            report("EFS file system must set encrypted to true.");
        }
    }),
};

/** All EC2, EBS and EFS policies. */
export const ec2Policies = [ec2Imdsv2Required, ec2NoPublicIp, ebsEncrypted, efsEncrypted];
