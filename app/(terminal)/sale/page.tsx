import { SaleScreen } from "@/components/sale/sale-screen";
import { listProducts } from "@/lib/catalogue/list-products";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export default async function SalePage() {
  const staff = await requireStaff();
  const products = await listProducts(await serverCtx(), staff.actor.storeId);
  return <SaleScreen products={products} />;
}
