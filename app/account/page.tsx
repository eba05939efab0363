import type { Metadata } from "next";
import { connection } from "next/server";
import { AccountView } from "@/components/account/account-view";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  await connection();
  return <AccountView />;
}
