import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { HistoryView } from "@/components/history/history-view";
import { PageLoading } from "@/components/ui/page-loading";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage() {
  // The history reads live data: render per request, never at build time.
  await connection();
  return (
    <Suspense fallback={<PageLoading />}>
      <HistoryView />
    </Suspense>
  );
}
