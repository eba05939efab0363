import { Button } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { toForbiddenReason, type Permission, type Role } from "@/lib/roles";

/** Shown instead of a page the signed-in role may not open (the server refuses its data too). */
export function ForbiddenNotice({
  role,
  permission,
}: {
  readonly role: Role;
  readonly permission: Permission;
}) {
  return (
    <EmptyState
      icon={<IconLock size={24} />}
      title="Not available for your role"
      description={`${toForbiddenReason(role, permission)} Ask an admin if you need it.`}
      actions={
        <Button component={Link} href="/blocks" variant="light">
          Go to number blocks
        </Button>
      }
    />
  );
}
