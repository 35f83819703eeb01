import { SupportReports } from "@/features/support/support-reports";

export const metadata = { title: "Support reports" };

export default function SupportReportsPage() {
  return <SupportReports />;
}
