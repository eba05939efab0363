// Input schemas shared by forms and route handlers (browser-safe: no server imports).
export * from "./exports";
export * from "./fields";
export * from "./issues";
export * from "./number-block";
export * from "./queries";
export * from "./settings";
