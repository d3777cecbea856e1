-- As migrations/0007_source_nocase.sql: a `source` filter matches the name in any case of A to Z. The
-- queries compare `lower(source_name) = lower($n COLLATE "C")`; lower() under the column's COLLATE "C"
-- folds A to Z only, as SQLite's NOCASE does, so both engines find the same articles.
DROP INDEX articles_by_source;
CREATE INDEX articles_by_source ON articles (lower(source_name), sort_date, seq);
