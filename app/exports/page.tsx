import type { Metadata } from "next";
import { connection } from "next/server";
import { ExportsView } from "@/components/exports/exports-view";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage() {
  // The exports follow the live rules: render per request, never at build time.
  await connection();
  return <ExportsView />;
}
