import type { ReactNode } from "react";

/** A labelled form field with its hint and, when the last save refused it, what to fix. */
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children}
      {hint && !error && <p className="text-sm text-slate-500">{hint}</p>}
      {error && (
        <p className="text-sm text-red-700" role="alert" data-testid={`error-${id}`}>
          {error}
        </p>
      )}
    </div>
  );
}
