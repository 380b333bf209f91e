import { sqlitePath } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";

const applied = migrate(sqlitePath(env().DATABASE_URL));
console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date");
