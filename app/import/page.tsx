import type { Metadata } from "next";
import { connection } from "next/server";
import { ImportView } from "@/components/import/import-view";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  await connection();
  return <ImportView />;
}
