-- A chain owner's session remembers the store it acts in (the store switcher
-- on the owner pages); NULL = the staff member's own store. Other sessions
-- never set it.
ALTER TABLE "Session" ADD COLUMN "actingStoreId" TEXT;
