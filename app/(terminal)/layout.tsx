import type { ReactNode } from "react";
import { StaffShell } from "@/components/layout/staff-shell";

export const dynamic = "force-dynamic";

export default function TerminalLayout({ children }: { children: ReactNode }) {
  return <StaffShell role="cashier">{children}</StaffShell>;
}
