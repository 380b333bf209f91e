-- An import's lines are one range of "StatementLine"'s primary key: the id is
-- the import's id and the zero-padded line number (statementLineId), and
-- matching walks that range with `>=` and `<`. Those ranges need the ids
-- compared byte by byte, whatever the database's collation (a linguistic one
-- such as en_US.UTF-8 ignores "_" and ":" and would cut the ranges wrongly),
-- so the column is in the "C" collation. Then the index on import and line
-- goes: staging keeps two B-tree indexes up to date instead of three.
ALTER TABLE "StatementLine" ALTER COLUMN "id" TYPE TEXT COLLATE "C";
DROP INDEX "StatementLine_importId_lineNo_idx";
