import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { BlockList } from "@/components/blocks/block-list";
import { PageLoading } from "@/components/ui/page-loading";

export const metadata: Metadata = { title: "Number blocks" };

export default async function BlocksPage() {
  // The list reads live data: render per request, never at build time.
  await connection();
  return (
    <Suspense fallback={<PageLoading />}>
      <BlockList />
    </Suspense>
  );
}
