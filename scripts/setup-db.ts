// Creates, migrates and (when new) seeds the database: `npm run db:setup`, and before
// `npm start` / `npm run dev`. Idempotent, and silent when there is nothing to do.
import { disconnectPrisma, getDatabaseUrl } from "@/lib/db/client";
import { deployMigrations } from "@/lib/db/migrate";
import { seedGuideBlocks } from "@/lib/db/seed";
import { createAdminFromEnv } from "@/lib/auth/bootstrap";

async function main(): Promise<number> {
  const url = getDatabaseUrl();
  try {
    const { applied } = await deployMigrations(url);
    if (applied.length > 0)
      console.log(`db: applied ${applied.length} migration(s) to ${url}: ${applied.join(", ")}`);
  } catch (error) {
    console.error(
      `db: could not migrate the database.\n${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  try {
    const seed = await seedGuideBlocks();
    if (seed.seeded) console.log(`db: seeded ${seed.blocks} example blocks from Clearwater's ENUM guide`);
  } catch (error) {
    console.error("db: could not seed the database:", error);
    await disconnectPrisma();
    return 1;
  }
  try {
    const admin = await createAdminFromEnv();
    if (admin.created)
      console.log(`db: created the first admin "${admin.username}" from ENUM_CONSOLE_ADMIN_USER`);
  } catch (error) {
    console.error(
      `db: could not create the first admin: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    await disconnectPrisma();
  }
  return 0;
}

process.exitCode = await main();
