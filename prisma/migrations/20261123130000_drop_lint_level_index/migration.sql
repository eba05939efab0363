-- DropIndex
DROP INDEX "NumberBlock_lintLevel_idx";

