import { describe, expect, it } from "vitest";
import { productGroups } from "./product-groups";

const product = (id: string, categoryId: string | null) => ({ id, nameEn: id, nameZh: id, unitAmount: 100, categoryId });
const words = { all: "All", other: "Other" };

describe("productGroups", () => {
  it("is one group without categories", () => {
    expect(productGroups([product("a", null)], [], "en", words).map((g) => g.id)).toEqual(["all"]);
  });

  it("is everything, then each category in order with its products, then those without one; empty categories are left out", () => {
    const groups = productGroups(
      [product("latte", "cat_drinks"), product("cake", "cat_food"), product("bag", null)],
      [
        { id: "cat_food", nameEn: "Food", nameZh: "食品" },
        { id: "cat_drinks", nameEn: "Drinks", nameZh: "饮品" },
        { id: "cat_empty", nameEn: "Empty", nameZh: "空" },
      ],
      "zh-CN",
      words,
    );
    expect(groups.map((g) => [g.name, g.products.map((p) => p.id)])).toEqual([
      ["All", ["latte", "cake", "bag"]],
      ["食品", ["cake"]],
      ["饮品", ["latte"]],
      ["Other", ["bag"]],
    ]);
  });
});
