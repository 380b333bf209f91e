import { redirect } from "next/navigation";

/** The Discrepancies page became the Reconciliation page; old links and bookmarks land there. */
export default function DiscrepanciesPage(): never {
  redirect("/reconciliation");
}
