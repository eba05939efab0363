import type { Metadata } from "next";
import { PreviewView } from "@/components/preview/preview-view";
import { parsePreviewSearch } from "@/lib/api-client/resolve";

export const metadata: Metadata = { title: "Preview" };

export default async function PreviewPage({
  searchParams,
}: {
  readonly searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The URL holds the inputs (?number=&profile=&paths=&servers=): a shared link runs the same trace.
  const search = await searchParams;
  return (
    <PreviewView initial={parsePreviewSearch(search)} tab={search.tab === "batch" ? "batch" : "number"} />
  );
}
