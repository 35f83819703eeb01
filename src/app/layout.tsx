import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/client/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Confab", template: "%s · Confab" },
  description: "Team chat you can host yourself",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // next-themes sets the theme class before hydration; React must not complain about it.
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
