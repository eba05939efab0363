import type { Metadata } from "next";
import { connection } from "next/server";
import { UsersView } from "@/components/users/users-view";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  await connection();
  return <UsersView />;
}
