"use client";

import { Pencil, Plus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { saveCategoryAction, saveProductAction } from "@/app/(owner)/admin/catalogue/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { CategoryInput, ProductInput } from "@/lib/catalogue/catalogue-schemas";
import { parseAmount, toDecimalString } from "@/lib/money";
import { Field } from "./field";
import { formText } from "./form-text";

type Product = Required<ProductInput>;
type Category = Required<CategoryInput>;
type Editing = { kind: "product"; value: ProductInput } | { kind: "category"; value: CategoryInput } | null;

const NO_CATEGORY = "none";

/** The owner's products and categories: names in both languages, prices, order, on sale or not. */
export function CatalogueEditor({ products, categories, currency }: { products: Product[]; categories: Category[]; currency: string }) {
  const t = useTranslations("adminCatalogue");
  const tc = useTranslations("common");
  const locale = useLocale();
  const money = useMoney();
  const errorText = useErrorText();
  const toast = useToast();
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [categoryId, setCategoryId] = useState(NO_CATEGORY);
  const [pending, start] = useTransition();
  const name = (x: { nameEn: string; nameZh: string }) => (locale === "en" ? x.nameEn : x.nameZh);
  const categoryName = new Map(categories.map((c) => [c.id, name(c)]));

  const open = (next: Editing) => {
    setErrors({});
    if (next?.kind === "product") setCategoryId(next.value.categoryId ?? NO_CATEGORY);
    setEditing(next);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!editing) return;
    const form = new FormData(event.currentTarget);
    const text = formText(form);
    const common = { ...(editing.value.id ? { id: editing.value.id } : {}), nameZh: text("nameZh"), nameEn: text("nameEn"), sortOrder: Number(text("sortOrder")) || 0, active: form.get("active") === "on" };
    start(async () => {
      let result;
      if (editing.kind === "product") {
        const unitAmount = parseAmount(text("price"), currency);
        if (unitAmount === null || unitAmount === 0) return setErrors({ unitAmount: t("priceRule") });
        result = await saveProductAction({ ...common, unitAmount, categoryId: categoryId === NO_CATEGORY ? null : categoryId });
      } else {
        result = await saveCategoryAction(common);
      }
      if (result.ok) {
        setEditing(null);
        toast("good", t("saved"));
        router.refresh();
        return;
      }
      if (result.errors?.length) setErrors(Object.fromEntries(result.errors.map((e) => [e.path, e.path === "nameZh" || e.path === "nameEn" ? t("nameRule") : e.message])));
      else toast("bad", errorText(result));
    });
  };

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-2xl font-bold">{t("products")}</h1>
          <Button onClick={() => open({ kind: "product", value: { nameZh: "", nameEn: "", unitAmount: 0, categoryId: null, sortOrder: products.length, active: true } })} data-testid="add-product">
            <Plus aria-hidden className="size-5" />
            {t("addProduct")}
          </Button>
        </div>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t("name")}</TableHead>
              <TableHead className="text-right">{t("price")}</TableHead>
              <TableHead className="max-md:hidden">{t("category")}</TableHead>
              <TableHead>{t("onSale")}</TableHead>
              <TableHead>
                <span className="sr-only">{t("edit")}</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {products.map((p) => (
              <TableRow key={p.id} data-testid="catalogue-product">
                <TableCell className="[overflow-wrap:anywhere]">
                  {name(p)}
                  <span className="block text-sm text-slate-500">{locale === "en" ? p.nameZh : p.nameEn}</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{money(p.unitAmount)}</TableCell>
                <TableCell className="max-md:hidden">{p.categoryId ? categoryName.get(p.categoryId) : "—"}</TableCell>
                <TableCell>{p.active ? t("yes") : t("no")}</TableCell>
                <TableCell>
                  <Button variant="ghost" size="sm" className="min-w-12" aria-label={`${t("edit")} ${name(p)}`} onClick={() => open({ kind: "product", value: p })}>
                    <Pencil aria-hidden className="size-5" />
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-xl font-bold">{t("categories")}</h2>
          <Button variant="outline" onClick={() => open({ kind: "category", value: { nameZh: "", nameEn: "", sortOrder: categories.length, active: true } })} data-testid="add-category">
            <Plus aria-hidden className="size-5" />
            {t("addCategory")}
          </Button>
        </div>
        {categories.length === 0 && <p className="text-slate-500">{t("noCategories")}</p>}
        <ul className="flex flex-wrap gap-2">
          {categories.map((c) => (
            <li key={c.id}>
              <Button variant="outline" size="sm" onClick={() => open({ kind: "category", value: c })} className={c.active ? "" : "opacity-60"}>
                {name(c)}
                <Pencil aria-hidden className="size-4" />
              </Button>
            </li>
          ))}
        </ul>
      </section>
      <Dialog open={editing !== null} onOpenChange={(isOpen) => !isOpen && setEditing(null)}>
        {editing && (
          <DialogContent title={editing.kind === "product" ? (editing.value.id ? t("editProduct") : t("addProduct")) : editing.value.id ? t("editCategory") : t("addCategory")} closeLabel={tc("close")}>
            <form onSubmit={submit} className="flex flex-col gap-3" noValidate data-testid="catalogue-form">
              <Field id="nameZh" label={t("nameZh")} error={errors.nameZh}>
                <Input id="nameZh" name="nameZh" defaultValue={editing.value.nameZh} lang="zh-CN" maxLength={60} />
              </Field>
              <Field id="nameEn" label={t("nameEn")} error={errors.nameEn}>
                <Input id="nameEn" name="nameEn" defaultValue={editing.value.nameEn} lang="en" maxLength={60} />
              </Field>
              {editing.kind === "product" && (
                <>
                  <Field id="price" label={t("price")} hint={t("priceHint")} error={errors.unitAmount}>
                    <Input id="price" name="price" inputMode="decimal" defaultValue={editing.value.unitAmount > 0 ? toDecimalString(editing.value.unitAmount, currency) : ""} />
                  </Field>
                  <Field id="category" label={t("category")} error={errors.categoryId}>
                    <Select
                      id="category"
                      value={categoryId}
                      onValueChange={setCategoryId}
                      options={[{ value: NO_CATEGORY, label: t("noCategory") }, ...categories.map((c) => ({ value: c.id, label: name(c) }))]}
                    />
                  </Field>
                </>
              )}
              <Field id="sortOrder" label={t("sortOrder")} hint={t("sortOrderHint")}>
                <Input id="sortOrder" name="sortOrder" inputMode="numeric" defaultValue={editing.value.sortOrder} />
              </Field>
              <label className="flex min-h-12 items-center gap-3 text-lg">
                <input type="checkbox" name="active" defaultChecked={editing.value.active} className="size-6 accent-brand" />
                {editing.kind === "product" ? t("onSale") : t("shown")}
              </label>
              <Button type="submit" size="counter" disabled={pending} data-testid="save-catalogue">
                {t("save")}
              </Button>
            </form>
          </DialogContent>
        )}
      </Dialog>
    </div>
  );
}
