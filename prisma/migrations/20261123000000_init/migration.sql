-- CreateTable
CREATE TABLE "NumberBlock" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
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

-- CreateTable
CREATE TABLE "Settings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "zoneSuffix" TEXT NOT NULL DEFAULT 'e164.arpa',
    "defaultTtl" INTEGER NOT NULL DEFAULT 3600,
    "soaPrimaryNs" TEXT NOT NULL DEFAULT 'ns1.e164.arpa',
    "soaAdminMailbox" TEXT NOT NULL DEFAULT 'hostmaster.e164.arpa',
    "soaRefresh" INTEGER NOT NULL DEFAULT 3600,
    "soaRetry" INTEGER NOT NULL DEFAULT 600,
    "soaExpire" INTEGER NOT NULL DEFAULT 604800,
    "soaMinimum" INTEGER NOT NULL DEFAULT 300,
    "nsNames" TEXT NOT NULL DEFAULT '["ns1.e164.arpa"]',
    "profile" TEXT NOT NULL DEFAULT 'sprout',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RuleSetState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "zoneSerial" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "NumberBlock_prefix_key" ON "NumberBlock"("prefix");

-- CreateIndex
CREATE INDEX "NumberBlock_sortKey_idx" ON "NumberBlock"("sortKey");

-- CreateIndex
CREATE INDEX "NumberBlock_name_idx" ON "NumberBlock"("name");

-- CreateIndex
CREATE INDEX "NumberBlock_updatedAt_idx" ON "NumberBlock"("updatedAt");

-- CreateIndex
CREATE INDEX "NumberBlock_lintLevel_idx" ON "NumberBlock"("lintLevel");

