export * from "./app/appIdentity";
export * from "./network/network";
export * from "./security/stackKey";
