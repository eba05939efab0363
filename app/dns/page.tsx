import type { Metadata } from "next";
import { connection } from "next/server";
import { DnsStatusView } from "@/components/dns/dns-status-view";

export const metadata: Metadata = { title: "DNS responder" };

export default async function DnsPage() {
  // The status is live: render per request, never at build time.
  await connection();
  return <DnsStatusView />;
}
