// First-run content: the example blocks of Clearwater's ENUM guide.
import { readFile } from "node:fs/promises";
import { getReadPrisma } from "./client";
import { applyImport } from "./import";
import { getSettings } from "./settings";

/** The guide's enum.json, exactly as the guide gives it (mistakes included). */
export const GUIDE_ENUM_JSON_URL = new URL("../../test/fixtures/guide/enum.json", import.meta.url);

/** What seeding did. */
export interface SeedOutcome {
  readonly seeded: boolean;
  readonly blocks: number;
}

/**
 * Seeds a new database with the guide's blocks, through the import, only when it has no
 * blocks and no settings row yet (so it runs once: deleting every block later does not
 * bring the guide back). The guide's `+1650555` block, whose regex does not compile, is
 * stored anyway with lint level 3 so the console can show the error Sprout hides.
 */
export async function seedGuideBlocks(enumJson?: string): Promise<SeedOutcome> {
  const read = getReadPrisma();
  const [blockCount, settingsCount] = await read.$transaction([
    read.numberBlock.count(),
    read.settings.count(),
  ]);
  if (blockCount > 0 || settingsCount > 0) return { seeded: false, blocks: 0 };
  const text = enumJson ?? (await readFile(GUIDE_ENUM_JSON_URL, "utf8"));
  const result = await applyImport(text, "merge", { storeInvalidRegex: true });
  // The settings row marks the database as set up (see above).
  await getSettings();
  return { seeded: true, blocks: result.added };
}
