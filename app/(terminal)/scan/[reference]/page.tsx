import { redirect } from "next/navigation";
import { loadOrder } from "@/lib/orders/load-order";
import { receiptReference } from "@/lib/orders/receipt-reference";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

/** A scanned or typed reference: its order's page, or back to Scan saying no such order. */
export default async function OpenReference({ params }: { params: Promise<{ reference: string }> }) {
  const [{ reference: raw }, staff] = await Promise.all([params, requireStaff()]);
  const reference = receiptReference(decodeURIComponent(raw));
  const order = reference ? await loadOrder((await serverCtx()).db, staff.actor.storeId, reference) : null;
  redirect(order ? `/orders/${order.id}` : `/scan?missing=${encodeURIComponent(reference ?? "")}`);
}
