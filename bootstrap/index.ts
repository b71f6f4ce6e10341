/**
 * The bootstrap program (bootstrap/Pulumi.yaml): reads its stack's config and creates the CI
 * identities. Run by an administrator (`cd bootstrap && pulumi up --stack ci`), never by CI.
 */
import * as pulumi from "@pulumi/pulumi";
import { CiIdentities } from "./ciIdentities";

const config = new pulumi.Config("tng-bootstrap");
const aws = new pulumi.Config("aws");
const stacks = config.requireObject<string[]>("stacks");
const ci = new CiIdentities("tng-ci", {
    repository: config.require("repository"),
    accountId: config.require("accountId"),
    region: aws.require("region"),
    stacks: Array.isArray(stacks) ? stacks.map(String) : [],
    existingProviderArn: config.get("existingProviderArn"),
});

export const providerArn = ci.providerArn;
export const previewRoleArns = ci.previewRoleArns;
export const deployRoleArns = ci.deployRoleArns;
