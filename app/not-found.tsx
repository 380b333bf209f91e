import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common"))("notFoundTitle") };
}

/** Not found, in the viewer's language (the cookie, then Accept-Language), with the way back. */
export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <main className="mx-auto flex min-h-full max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-3xl font-bold">{t("notFoundTitle")}</h1>
      <p className="text-slate-600">{t("notFoundText")}</p>
      <Link href="/sale" className="flex min-h-12 items-center rounded-xl bg-brand px-6 text-lg font-semibold text-white">
        {t("toSale")}
      </Link>
    </main>
  );
}
