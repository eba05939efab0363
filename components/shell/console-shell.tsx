"use client";

import { AppShell, Burger, Center, Group, NavLink, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconChecklist,
  IconFileExport,
  IconHistory,
  IconListNumbers,
  IconRoute,
  IconRoute2,
  IconSettings,
  IconServer2,
  IconTestPipe,
  IconUpload,
  IconUsers,
  type Icon,
} from "@tabler/icons-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useSession } from "@/components/auth/session";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { UserMenu } from "@/components/auth/user-menu";
import { isPublicPage, roleGrants, toPagePermission } from "@/lib/roles";

interface NavItem {
  readonly href: string;
  readonly label: string;
  readonly icon: Icon;
}

/** The console's sections; Preview and Lints join this list as they land. */
const NAV_ITEMS: readonly NavItem[] = [
  { href: "/blocks", label: "Number blocks", icon: IconListNumbers },
  { href: "/import", label: "Import", icon: IconUpload },
  { href: "/preview", label: "Preview", icon: IconRoute2 },
  { href: "/lints", label: "Lints", icon: IconChecklist },
  { href: "/tests", label: "Test plan", icon: IconTestPipe },
  { href: "/exports", label: "Exports", icon: IconFileExport },
  { href: "/dns", label: "DNS responder", icon: IconServer2 },
  { href: "/history", label: "History", icon: IconHistory },
  { href: "/settings", label: "Settings", icon: IconSettings },
  { href: "/users", label: "Users", icon: IconUsers },
];

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The console frame: header, navigation (a drawer on narrow screens) and the page. */
export function ConsoleShell({ children }: { readonly children: ReactNode }) {
  const pathname = usePathname();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { user } = useSession();

  // Sign-in and setup pages stand alone: no navigation before anyone is signed in.
  if (isPublicPage(pathname) || user === null)
    return (
      <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)" component="main">
        {children}
      </Center>
    );
  const role = user.role;
  // Nav items a role cannot use are not offered (lib/roles.ts says what each page needs).
  const navItems = NAV_ITEMS.filter((item) => roleGrants(role, toPagePermission(item.href)));
  const pagePermission = toPagePermission(pathname);

  const renderItem = (item: NavItem) => {
    const Icon = item.icon;
    const active = isActive(pathname, item.href);
    return (
      <NavLink
        key={item.href}
        component={Link}
        href={item.href}
        label={item.label}
        leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
        active={active}
        aria-current={active ? "page" : undefined}
        onClick={close}
        variant="light"
      />
    );
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close navigation" : "Open navigation"}
            />
            <Link href="/blocks" style={{ textDecoration: "none", color: "inherit" }}>
              <Group gap={8} wrap="nowrap">
                <IconRoute size={22} stroke={1.8} color="var(--mantine-color-indigo-6)" aria-hidden />
                <Title order={1} size="h4" fw={700}>
                  ENUM Console
                </Title>
              </Group>
            </Link>
          </Group>
          <Group gap="md" wrap="nowrap">
            <Text size="xs" c="dimmed" visibleFrom="md">
              RFC 6116 / 3761 number blocks
            </Text>
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>{navItems.map(renderItem)}</Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-0)">
        {roleGrants(role, pagePermission) ? (
          children
        ) : (
          <ForbiddenNotice role={role} permission={pagePermission} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
