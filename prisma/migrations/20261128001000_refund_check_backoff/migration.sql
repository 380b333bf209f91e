-- The refund sweeper backs off: how many times it has asked the provider about
-- a refund that is still waiting. Each look that leaves the refund waiting
-- doubles the delay to the next one ("nextCheckAt", capped), so that a
-- provider that keeps failing or timing out is not asked every pass. The
-- sweeper's look-up stays on "Refund_status_nextCheckAt_idx".
ALTER TABLE "Refund" ADD COLUMN "checkAttempts" INTEGER NOT NULL DEFAULT 0;
