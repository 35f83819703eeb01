import type { MetadataRoute } from "next";

/** The web app manifest: Confab installs as an app of its own window, with icons rendered from one SVG. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Confab",
    short_name: "Confab",
    description: "Team chat you can host yourself",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#4f46e5",
    icons: [
      { src: "/icons/192", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/512", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/512", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
