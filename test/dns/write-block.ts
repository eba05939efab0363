// Writes one number block through lib/db from a separate process: the responder test's
// "another process" (a CLI import, a second console instance). Usage:
//   DATABASE_URL=file:/tmp/x.db tsx test/dns/write-block.ts PREFIX REGEX
import { createNumberBlock } from "@/lib/db/blocks";
import { disconnectPrisma } from "@/lib/db/client";

const [prefix, regex] = process.argv.slice(2);
if (prefix === undefined || regex === undefined) throw new Error("usage: write-block.ts PREFIX REGEX");
const block = await createNumberBlock({ name: `written by another process ${prefix}`, prefix, regex });
await disconnectPrisma();
process.stdout.write(`${block.id}\n`);
