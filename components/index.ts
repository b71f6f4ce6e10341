export * from "./app/appIdentity";
export * from "./audit/auditTrail";
export * from "./data/cacheCluster";
export * from "./data/searchDomain";
export * from "./network/network";
export * from "./security/stackKey";
export * from "./storage/logBucket";
export * from "./storage/privateBucket";
