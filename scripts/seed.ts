import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { seedDemoStore } from "@/lib/stores/seed-demo-store";

async function main() {
  const db = await createDb(env().DATABASE_URL);
  const { created } = await seedDemoStore(db, env());
  console.log(created ? "Seeded the demo store" : "Store exists; seed left it as it is");
  await db.$disconnect();
}

void main();
