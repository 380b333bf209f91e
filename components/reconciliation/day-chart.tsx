"use client";

import { BarChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef } from "react";
import { useStoreTime } from "@/components/i18n/use-store-time";
import type { DayChartHour } from "@/lib/reconciliation/get-day-chart";

// Only the parts drawn here, so that the chunk stays small.
echarts.use([BarChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * The day's payments per hour (bars), with the hours holding a payment that
 * opened a discrepancy marked above their bar. The marked hours are also on
 * the element (data-mismatch-hours) for screen readers' summary and tests.
 */
export function DayChart({ hours }: { hours: DayChartHour[] }) {
  const t = useTranslations("reconciliation");
  const when = useStoreTime();
  const box = useRef<HTMLDivElement>(null);
  const labels = useMemo(() => hours.map((h) => when.time(h.start)), [hours, when]);
  const marked = useMemo(() => hours.flatMap((h, i) => (h.mismatches > 0 ? [i] : [])), [hours]);

  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current, undefined, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 32, right: 8, top: 32, bottom: 24 },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: t("chartPayments"), type: "bar", data: hours.map((h) => h.payments), itemStyle: { color: "#0f766e" } },
        {
          name: t("chartMismatches"),
          type: "scatter",
          symbol: "triangle",
          symbolSize: 14,
          itemStyle: { color: "#dc2626" },
          data: marked.map((i) => [labels[i], hours[i]!.payments]),
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [hours, labels, marked, t]);

  const total = hours.reduce((sum, h) => sum + h.payments, 0);
  return (
    <div data-testid="day-chart" data-payments={total} data-mismatch-hours={marked.map((i) => labels[i]).join(" ")}>
      {total === 0 && <p className="text-sm text-slate-500">{t("chartEmpty")}</p>}
      <div ref={box} className="h-64 w-full" role="img" aria-label={t("chartTitle")} />
    </div>
  );
}
