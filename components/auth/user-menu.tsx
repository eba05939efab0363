"use client";

import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconLogout, IconUserCircle } from "@tabler/icons-react";
import Link from "next/link";
import { useState } from "react";
import { signOut } from "@/lib/api-client/session";
import type { UserRecord } from "@/lib/api-client/types";
import { showErrorToast } from "@/components/ui/error-message";

/** The header's account menu: who is signed in, their role, the account page and sign-out. */
export function UserMenu({ user }: { readonly user: UserRecord }) {
  const [signingOut, setSigningOut] = useState(false);

  const handleSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
      // A full load: every cached query belonged to the signed-out user.
      window.location.assign("/signin");
    } catch (err) {
      setSigningOut(false);
      showErrorToast("Could not sign out", err);
    }
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.username} (${user.role})`}>
          <Group gap={8} wrap="nowrap">
            <Avatar size="sm" radius="xl" color="indigo" aria-hidden>
              {user.username.slice(0, 2).toUpperCase()}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="xs">
              {user.username}
            </Text>
            <Badge size="sm" variant="light" data-testid="current-role">
              {user.role}
            </Badge>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {user.username} ({user.role})
        </Menu.Label>
        <Menu.Item component={Link} href="/account" leftSection={<IconUserCircle size={16} aria-hidden />}>
          Account and API tokens
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => void handleSignOut()}
          disabled={signingOut}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
