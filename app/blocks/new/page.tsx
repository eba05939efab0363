import type { Metadata } from "next";
import { connection } from "next/server";
import { NewBlockEditor } from "@/components/blocks/block-editor";

export const metadata: Metadata = { title: "New block" };

export default async function NewBlockPage() {
  await connection();
  return <NewBlockEditor />;
}
