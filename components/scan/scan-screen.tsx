"use client";

import { Camera, CameraOff } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { receiptReference } from "@/lib/orders/receipt-reference";

// Its own chunk, fetched only when the cashier turns the camera on.
const CameraScanner = dynamic(() => import("./camera-scanner").then((m) => m.CameraScanner), { ssr: false });

type Problem = { kind: "notAReceipt" } | { kind: "cameraUnavailable" } | { kind: "notFound"; reference: string };

/**
 * Finding an order to refund: scan the receipt's QR with the camera, or type
 * or paste its order number (which always works, camera or not).
 */
export function ScanScreen({ notFound }: { notFound: string | null }) {
  const t = useTranslations("scan");
  const router = useRouter();
  const [camera, setCamera] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(notFound ? { kind: "notFound", reference: notFound } : null);
  const opened = useRef(false);

  const open = (text: string) => {
    const reference = receiptReference(text);
    if (!reference) return setProblem({ kind: "notAReceipt" });
    if (opened.current) return;
    opened.current = true;
    setCamera(false);
    router.push(`/scan/${encodeURIComponent(reference)}`);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    opened.current = false;
    const typed = new FormData(event.currentTarget).get("reference");
    open(typeof typed === "string" ? typed : "");
  };

  return (
    <main className="mx-auto flex w-full max-w-md flex-col gap-4 p-3 md:p-4">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <form onSubmit={submit} className="flex gap-2">
        <label className="sr-only" htmlFor="reference">
          {t("reference")}
        </label>
        <Input id="reference" name="reference" placeholder={t("referencePlaceholder")} autoComplete="off" autoCapitalize="characters" spellCheck={false} className="font-mono" data-testid="reference-input" />
        <Button type="submit" className="shrink-0" data-testid="open-reference">
          {t("open")}
        </Button>
      </form>
      {problem && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-700" data-testid="scan-problem">
          {problem.kind === "notFound" ? t("notFound", { reference: problem.reference }) : t(problem.kind)}
        </p>
      )}
      {camera ? (
        <>
          <p className="text-slate-600">{t("camera")}</p>
          <CameraScanner
            onText={open}
            onUnavailable={() => {
              setCamera(false);
              setProblem({ kind: "cameraUnavailable" });
            }}
          />
          <Button variant="outline" size="counter" onClick={() => setCamera(false)}>
            <CameraOff aria-hidden className="size-5" />
            {t("stopCamera")}
          </Button>
        </>
      ) : (
        <Button
          size="counter"
          onClick={() => {
            opened.current = false;
            setProblem(null);
            setCamera(true);
          }}
          data-testid="start-camera"
        >
          <Camera aria-hidden className="size-5" />
          {t("startCamera")}
        </Button>
      )}
    </main>
  );
}
