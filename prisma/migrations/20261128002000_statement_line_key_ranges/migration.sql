-- An import's lines are one range of "StatementLine"'s primary key: the id is
-- the import's id and the zero-padded line number (statementLineId), so it
-- sorts by import, then line. Matching walks that range and discarding deletes
-- it; staging a million lines then keeps two B-tree indexes up to date (the
-- primary key and the unique movement key) instead of three.
DROP INDEX "StatementLine_importId_lineNo_idx";
