import type { Metadata } from "next";
import { connection } from "next/server";
import { ResponderSettingsCard } from "@/components/settings/responder-settings-form";
import { SettingsPageView } from "@/components/settings/settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await connection();
  return (
    <>
      <SettingsPageView />
      <ResponderSettingsCard />
    </>
  );
}
