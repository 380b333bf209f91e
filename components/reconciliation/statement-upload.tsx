"use client";

import { CloudDownload, Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition, type DragEvent } from "react";
import { z } from "zod";
import { fetchStatementAction } from "@/app/(owner)/reconciliation/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { ImportStatementResponse } from "@/lib/reconciliation/reconciliation-schemas";

type Outcome = { tone: "good" | "bad"; text: string } | null;

/** A problem answer of the upload route; a malformed file names its line and column. */
const UploadProblem = z.object({ code: z.string(), detail: z.string(), line: z.int().optional(), column: z.string().optional() });

/**
 * The provider's statement into Till: a file dropped here or picked, sent
 * with upload progress (XMLHttpRequest reports it; fetch does not), or the
 * provider's statement of a day fetched by Till. The import's figures — or
 * the line and column a malformed file breaks at — are shown, and the page
 * reloads its figures.
 */
export function StatementUpload({ day }: { day: string }) {
  const t = useTranslations("reconciliation");
  const errorText = useErrorText();
  const router = useRouter();
  const picker = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [percent, setPercent] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [fetchDay, setFetchDay] = useState(day);
  const [fetching, startFetch] = useTransition();

  const shown = (answer: z.infer<typeof ImportStatementResponse>): Outcome =>
    answer.repeated ? { tone: "good", text: t("repeated") } : { tone: "good", text: t("imported", { lines: answer.lines, added: answer.added, opened: answer.discrepancies_opened }) };

  const upload = (file: File) => {
    setOutcome(null);
    setPercent(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/reconciliation/statements");
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPercent(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      setPercent(null);
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 200) {
        const answer = ImportStatementResponse.safeParse(body);
        setOutcome(answer.success ? shown(answer.data) : { tone: "bad", text: errorText({ code: "internal_error", message: "" }) });
        router.refresh();
        return;
      }
      const problem = UploadProblem.safeParse(body);
      if (!problem.success) return setOutcome({ tone: "bad", text: errorText({ code: "internal_error", message: "" }) });
      const { code, detail, line, column } = problem.data;
      setOutcome({ tone: "bad", text: line !== undefined && column !== undefined ? t("malformed", { line, column, detail }) : errorText({ code: xhr.status === 413 ? "too_large" : code, message: detail }) });
    };
    xhr.onerror = () => {
      setPercent(null);
      setOutcome({ tone: "bad", text: errorText({ code: "internal_error", message: "" }) });
    };
    xhr.send(file);
  };

  const dropped = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) upload(file);
  };

  const fetchFromProvider = () =>
    startFetch(async () => {
      setOutcome(null);
      const result = await fetchStatementAction({ day: fetchDay }).catch(() => null);
      if (!result) return setOutcome({ tone: "bad", text: errorText({ code: "internal_error", message: "" }) });
      if (!result.ok) return setOutcome({ tone: "bad", text: errorText(result) });
      setOutcome(shown(result.data));
      router.refresh();
    });

  return (
    <section className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm" aria-label={t("uploadTitle")}>
      <h2 className="font-semibold">{t("uploadTitle")}</h2>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={dropped}
        className={cn("flex flex-wrap items-center justify-center gap-2 rounded-xl border-2 border-dashed p-4 text-center", dragging ? "border-brand bg-teal-50" : "border-slate-300")}
        data-testid="statement-drop"
      >
        <Upload aria-hidden className="size-5 text-slate-500" />
        <span>{t("drop")}</span>
        <Button type="button" variant="outline" size="sm" onClick={() => picker.current?.click()} disabled={percent !== null}>
          {t("choose")}
        </Button>
        <input
          ref={picker}
          type="file"
          accept=".csv,text/csv,text/plain"
          className="sr-only"
          tabIndex={-1}
          data-testid="statement-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) upload(file);
            e.target.value = "";
          }}
        />
      </div>
      {percent !== null && (
        <div className="flex flex-col gap-1" data-testid="statement-progress">
          <progress max={100} value={percent} className="w-full" />
          <span className="text-sm text-slate-600">{percent < 100 ? t("uploading", { percent }) : t("importing")}</span>
        </div>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("fetchDayLabel")}
          <Input type="date" value={fetchDay} onChange={(e) => setFetchDay(e.target.value)} className="w-44" data-testid="fetch-day" />
        </label>
        <Button type="button" variant="outline" size="sm" onClick={fetchFromProvider} disabled={fetching || !fetchDay} data-testid="fetch-statement">
          <CloudDownload aria-hidden className="size-5" />
          {t("fetchDay")}
        </Button>
      </div>
      {outcome && (
        <p role="status" className={cn("rounded-lg p-3", outcome.tone === "good" ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-700")} data-testid="statement-outcome" data-tone={outcome.tone}>
          {outcome.text}
        </p>
      )}
    </section>
  );
}
