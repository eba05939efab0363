import { Badge } from "@mantine/core";
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck, IconInfoCircle } from "@tabler/icons-react";
import type { LintLevel } from "@/lib/api-client/types";
import type { LintSeverity } from "@/lib/enum/lints";

/** Colour and words for each lint severity (the words carry the meaning; colour only helps). */
export const SEVERITY_STYLE: Readonly<
  Record<
    LintSeverity,
    { readonly color: string; readonly label: string; readonly icon: typeof IconInfoCircle }
  >
> = {
  error: { color: "red", label: "Error", icon: IconAlertCircle },
  warning: { color: "yellow", label: "Warning", icon: IconAlertTriangle },
  info: { color: "blue", label: "Info", icon: IconInfoCircle },
};

const LEVEL_TO_SEVERITY: Readonly<Record<Exclude<LintLevel, 0>, LintSeverity>> = {
  3: "error",
  2: "warning",
  1: "info",
};

/** A lint severity as a badge with an icon and a word. */
export function SeverityBadge({ severity }: { readonly severity: LintSeverity }) {
  const style = SEVERITY_STYLE[severity];
  const Icon = style.icon;
  return (
    <Badge
      color={style.color}
      variant="light"
      leftSection={<Icon size={12} aria-hidden />}
      styles={{ label: { textTransform: "none" } }}
    >
      {style.label}
    </Badge>
  );
}

/** A block's worst lint level: Error / Warning / Info, or Clean. */
export function LintLevelBadge({ level }: { readonly level: LintLevel }) {
  if (level === 0) {
    return (
      <Badge
        color="gray"
        variant="outline"
        leftSection={<IconCircleCheck size={12} aria-hidden />}
        styles={{ label: { textTransform: "none" } }}
      >
        Clean
      </Badge>
    );
  }
  return <SeverityBadge severity={LEVEL_TO_SEVERITY[level]} />;
}
