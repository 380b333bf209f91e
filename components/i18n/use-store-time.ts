"use client";

import { useFormatter } from "next-intl";
import { useMemo } from "react";

/**
 * Times of the store, in the store's time zone (next-intl's, set from
 * `Store.timeZone` on the server and in the browser alike, so that the page
 * hydrates to the same text in any browser zone). 24-hour clock, as Chinese
 * merchant apps show it, which also keeps ICU versions from differing on the
 * space before AM/PM.
 */
export function useStoreTime() {
  const format = useFormatter();
  return useMemo(
    () => ({
      time: (iso: string) => format.dateTime(new Date(iso), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
      dateTime: (iso: string) => format.dateTime(new Date(iso), { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }),
      /** A business day (YYYY-MM-DD) as a date, e.g. "Nov 28, 2026" / "2026年11月28日"; the day is already the store's, so it is read in UTC. */
      day: (day: string) => format.dateTime(new Date(`${day}T12:00:00.000Z`), { year: "numeric", month: "short", day: "numeric", weekday: "short", timeZone: "UTC" }),
    }),
    [format],
  );
}
