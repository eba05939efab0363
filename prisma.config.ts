// Prisma CLI configuration: the JS engine with the better-sqlite3 adapter, so every
// command (generate, migrate deploy, migrate diff) works without downloading engines.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/true";
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/true";
// The CLI does not read .env when a config file exists; the embedded default is SQLite.
process.env.DATABASE_URL ??= "file:./data/enum-console.db";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: () =>
    Promise.resolve(
      new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./data/enum-console.db" }),
    ),
});
