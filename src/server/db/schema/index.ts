export * from "./auth";
export * from "./workspaces";
export * from "./channels";
export * from "./messages";
export * from "./calls";
export * from "./sso";
export * from "./files";
export * from "./previews";
