/**
 * Values and patterns that several components and the settings check alike: one home each.
 */

/** One year in seconds (365 days): the longest CloudFront TTL and CORS max-age the stack uses. */
export const ONE_YEAR = 31_536_000;

/** An AWS Region name such as ap-northeast-1 or us-gov-west-1. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** An Availability Zone name: a Region name and one letter (ap-northeast-1a). */
export const AVAILABILITY_ZONE_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;

/**
 * An e-mail address as SNS's email protocol takes it: something@domain.tld, no spaces. SNS sends
 * the confirmation; this only refuses what cannot be an address.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
