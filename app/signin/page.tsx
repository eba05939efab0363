import type { Metadata } from "next";
import { connection } from "next/server";
import { CredentialsForm } from "@/components/auth/credentials-form";

export const metadata: Metadata = { title: "Sign in" };

/** Only paths on this console are followed after sign-in (never "//other.host"). */
function toNext(value: string | string[] | undefined): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/blocks";
}

export default async function SignInPage({
  searchParams,
}: {
  readonly searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  const { next } = await searchParams;
  return <CredentialsForm mode="signin" next={toNext(next)} />;
}
