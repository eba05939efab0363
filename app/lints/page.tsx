import type { Metadata } from "next";
import { connection } from "next/server";
import { LintsView } from "@/components/lints/lints-view";

export const metadata: Metadata = { title: "Lints" };

export default async function LintsPage() {
  // The lints follow the live rules: render per request, never at build time.
  await connection();
  return <LintsView />;
}
