import type { Metadata } from "next";
import { connection } from "next/server";
import { TestPlanView } from "@/components/tests/test-plan-view";

export const metadata: Metadata = { title: "Test plan" };

export default async function TestPlanPage() {
  await connection();
  return <TestPlanView />;
}
