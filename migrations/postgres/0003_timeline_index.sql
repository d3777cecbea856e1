-- As migrations/0004_timeline_index.sql: an entity's timeline (GET /entities/:id/timeline) counts its
-- articles and their mentions per period from one range of this index, the mention count included so
-- that the count is an index-only scan. The key columns are unchanged, so it still serves the entity's
-- article list in order.
DROP INDEX article_entities_by_date;
CREATE INDEX article_entities_by_date ON article_entities (entity_seq, sort_date, article_seq) INCLUDE (mention_count);
