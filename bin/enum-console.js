#!/usr/bin/env node
// Entry point for `npx enum-console`: registers tsx so the TypeScript CLI runs from a checkout.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
