"use client";

import { Text, Tooltip } from "@mantine/core";

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const ABSOLUTE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

/** "3 minutes ago" for an ISO time, relative to `now` (milliseconds). */
export function toRelativeTime(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return "—";
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return RELATIVE.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

/** A relative time with the exact date and time in a tooltip. */
export function RelativeTime({ iso, now }: { readonly iso: string; readonly now: number }) {
  const date = new Date(iso);
  return (
    <Tooltip label={ABSOLUTE.format(date)} openDelay={300}>
      <Text component="time" dateTime={iso} size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {toRelativeTime(iso, now)}
      </Text>
    </Tooltip>
  );
}
