import { BellOff, CircleHelp, Clock, Copy, FileQuestion, Scale, TrendingDown, TrendingUp, Undo2, type LucideIcon } from "lucide-react";
import type { DiscrepancyResponse } from "@/lib/reconciliation/discrepancy-response";

type DiscrepancyType = DiscrepancyResponse["type"];

/** Each kind of exception with its own colour and icon, so that an owner tells them apart at a glance. */
export const DISCREPANCY_LOOK: Record<DiscrepancyType, { icon: LucideIcon; tone: string }> = {
  unnotified_payment: { icon: BellOff, tone: "bg-amber-100 text-amber-900" },
  unsettled_payment: { icon: FileQuestion, tone: "bg-yellow-100 text-yellow-900" },
  underpaid: { icon: TrendingDown, tone: "bg-orange-100 text-orange-900" },
  overpaid: { icon: TrendingUp, tone: "bg-sky-100 text-sky-900" },
  duplicate_payment: { icon: Copy, tone: "bg-violet-100 text-violet-900" },
  late_payment: { icon: Clock, tone: "bg-rose-100 text-rose-900" },
  unknown_order: { icon: CircleHelp, tone: "bg-red-100 text-red-900" },
  amount_mismatch: { icon: Scale, tone: "bg-orange-100 text-orange-900" },
  refund_mismatch: { icon: Undo2, tone: "bg-red-100 text-red-900" },
};
