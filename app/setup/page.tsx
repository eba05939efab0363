import type { Metadata } from "next";
import { connection } from "next/server";
import { CredentialsForm } from "@/components/auth/credentials-form";

export const metadata: Metadata = { title: "First admin" };

// The root layout sends this page to /signin once any user exists, and POST /api/setup refuses then too.
export default async function SetupPage() {
  await connection();
  return <CredentialsForm mode="setup" next="/blocks" />;
}
