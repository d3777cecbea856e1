-- A `source` filter matches the name in any case of A to Z ("reuters" finds "Reuters"): the queries
-- compare `source_name = ? COLLATE NOCASE`, which this index serves (as the one it replaces served the
-- exact name), in date order. NOCASE folds A to Z only, as PostgreSQL's lower() does under COLLATE "C".
DROP INDEX articles_by_source;
CREATE INDEX articles_by_source ON articles (source_name COLLATE NOCASE, sort_date, seq);
