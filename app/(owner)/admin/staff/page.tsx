import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { StaffEditor } from "@/components/admin/staff-editor";
import { listStaff } from "@/lib/staff/list-staff";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.nav"))("staff") };
}

export default async function StaffPage() {
  const staff = await requireStaff("owner");
  return (
    <StaffEditor
      staff={await listStaff(await serverCtx(), staff.actor.storeId)}
      me={staff.staffId}
      currentSession={staff.sessionId}
      mayManageChainOwner={staff.actor.role === "chain_owner"}
    />
  );
}
