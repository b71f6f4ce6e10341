export * from "./network/network";
export * from "./security/stackKey";
