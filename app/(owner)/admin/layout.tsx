import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";

/** The owner's back office: its section tabs above each section's page. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-4 p-3 md:p-4">
      <AdminNav />
      {children}
    </main>
  );
}
