import type { Metadata } from "next";
import { connection } from "next/server";
import { BlockHistory } from "@/components/blocks/block-history";
import { EditBlockEditor } from "@/components/blocks/block-editor";

export const metadata: Metadata = { title: "Edit block" };

export default async function EditBlockPage({
  params,
}: {
  readonly params: Promise<{ readonly id: string }>;
}) {
  await connection();
  const { id } = await params;
  return (
    <>
      <EditBlockEditor id={id} />
      <BlockHistory blockId={id} />
    </>
  );
}
