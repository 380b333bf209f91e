"use client";

import { Input } from "@/components/ui/input";

/** A back-office list's "from … to …" days, each sent to the address as it changes (blank clears it). */
export function DateRangeFilter({ from, to, labels, onChange }: { from?: string; to?: string; labels: { from: string; to: string }; onChange: (change: { from?: string; to?: string }) => void }) {
  return (
    <>
      <label className="flex min-w-0 items-center gap-2">
        <span className="shrink-0 text-slate-600">{labels.from}</span>
        <Input type="date" className="min-w-0 flex-1" defaultValue={from} key={`from-${from ?? ""}`} onChange={(e) => onChange({ from: e.currentTarget.value || undefined })} />
      </label>
      <label className="flex min-w-0 items-center gap-2">
        <span className="shrink-0 text-slate-600">{labels.to}</span>
        <Input type="date" className="min-w-0 flex-1" defaultValue={to} key={`to-${to ?? ""}`} onChange={(e) => onChange({ to: e.currentTarget.value || undefined })} />
      </label>
    </>
  );
}
