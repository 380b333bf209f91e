-- PostgreSQL equivalent of the SQLite triggers in
-- prisma/migrations/20261128000800_day_close: a closed day's report never
-- changes, and a row a close took in is never moved to another day.
CREATE OR REPLACE FUNCTION day_close_final() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a closed day is final' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "DayClose_no_update" BEFORE UPDATE ON "DayClose"
  FOR EACH ROW EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "DayClose_no_delete" BEFORE DELETE ON "DayClose"
  FOR EACH ROW EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "DayClose_no_truncate" BEFORE TRUNCATE ON "DayClose"
  FOR EACH STATEMENT EXECUTE FUNCTION day_close_final();

CREATE TRIGGER "Order_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Order"
  FOR EACH ROW WHEN (OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS DISTINCT FROM OLD."closeDay") EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "Payment_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Payment"
  FOR EACH ROW WHEN (OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS DISTINCT FROM OLD."closeDay") EXECUTE FUNCTION day_close_final();
CREATE TRIGGER "Refund_closeDay_final" BEFORE UPDATE OF "closeDay" ON "Refund"
  FOR EACH ROW WHEN (OLD."closeDay" IS NOT NULL AND NEW."closeDay" IS DISTINCT FROM OLD."closeDay") EXECUTE FUNCTION day_close_final();
