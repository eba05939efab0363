-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_NumberBlock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL DEFAULT '',
    "prefix" TEXT NOT NULL,
    "sortKey" TEXT NOT NULL,
    "regex" TEXT NOT NULL,
    "enumservice" TEXT NOT NULL DEFAULT 'E2U+sip',
    "extraRules" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "notes" TEXT NOT NULL DEFAULT '',
    "lintLevel" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
-- nameKey for existing rows: SQLite's lower() folds ASCII only; the console rewrites the key
-- with JavaScript's toLowerCase() on the next edit of each block.
INSERT INTO "new_NumberBlock" ("createdAt", "enabled", "enumservice", "extraRules", "id", "lintLevel", "name", "nameKey", "notes", "prefix", "regex", "sortKey", "updatedAt", "version") SELECT "createdAt", "enabled", "enumservice", "extraRules", "id", "lintLevel", "name", lower("name"), "notes", "prefix", "regex", "sortKey", "updatedAt", "version" FROM "NumberBlock";
DROP TABLE "NumberBlock";
ALTER TABLE "new_NumberBlock" RENAME TO "NumberBlock";
CREATE UNIQUE INDEX "NumberBlock_prefix_key" ON "NumberBlock"("prefix");
CREATE INDEX "NumberBlock_sortKey_id_enabled_lintLevel_nameKey_idx" ON "NumberBlock"("sortKey", "id", "enabled", "lintLevel", "nameKey");
CREATE INDEX "NumberBlock_nameKey_id_enabled_lintLevel_idx" ON "NumberBlock"("nameKey", "id", "enabled", "lintLevel");
CREATE INDEX "NumberBlock_updatedAt_id_enabled_lintLevel_nameKey_idx" ON "NumberBlock"("updatedAt", "id", "enabled", "lintLevel", "nameKey");
CREATE INDEX "NumberBlock_lintLevel_idx" ON "NumberBlock"("lintLevel");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

