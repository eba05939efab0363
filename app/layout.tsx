import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "@mantine/dropzone/styles.css";
import { ColorSchemeScript, mantineHtmlProps } from "@mantine/core";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/auth/session";
import { ConsoleShell } from "@/components/shell/console-shell";
import { checkPageAccess } from "@/lib/auth/page";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "ENUM Console", template: "%s · ENUM Console" },
  description: "Number blocks, resolution previews, exports and a DNS responder for ENUM.",
};

export default async function RootLayout({ children }: { readonly children: ReactNode }) {
  // Every full page load is checked against the database here (proxy.ts only looks for the
  // cookie); client-side navigations are guarded by the shell and, for data, by the API.
  const access = await checkPageAccess();
  if (access.kind === "redirect") redirect(access.to);
  const session = {
    user: access.user,
    via: access.user === null ? null : ("session" as const),
    needsSetup: false,
  };
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" nonce={access.nonce} />
      </head>
      <body>
        <Providers>
          <SessionProvider session={session}>
            <ConsoleShell>{children}</ConsoleShell>
          </SessionProvider>
        </Providers>
      </body>
    </html>
  );
}
