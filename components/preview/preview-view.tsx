"use client";

import { Tabs } from "@mantine/core";
import { IconListCheck, IconRoute2 } from "@tabler/icons-react";
import { usePathname, useRouter } from "next/navigation";
import type { ResolveInput } from "@/lib/api-client/resolve";
import { PageHeader } from "@/components/ui/page-header";
import { BatchView } from "./batch-view";
import { ResolveView } from "./resolve-view";

/** The preview page: one number traced step by step, or a batch of numbers in a table. */
export function PreviewView({
  initial,
  tab,
}: {
  readonly initial: ResolveInput | null;
  readonly tab: "number" | "batch";
}) {
  const router = useRouter();
  const pathname = usePathname();
  return (
    <>
      <PageHeader
        title="Resolution preview"
        description="What the ENUM client does with a dialed number, step by step, on enum.json, on the console's DNS zone and on live servers."
      />
      <Tabs
        defaultValue={tab}
        keepMounted
        onChange={(value) => {
          // The batch tab has its own link; the number tab keeps the trace's inputs.
          if (value === "batch") router.replace(`${pathname}?tab=batch`, { scroll: false });
        }}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="number" leftSection={<IconRoute2 size={16} aria-hidden />}>
            One number
          </Tabs.Tab>
          <Tabs.Tab value="batch" leftSection={<IconListCheck size={16} aria-hidden />}>
            Batch test
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="number">
          <ResolveView initial={initial} />
        </Tabs.Panel>
        <Tabs.Panel value="batch">
          <BatchView />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
