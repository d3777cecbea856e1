-- An entity's timeline (GET /entities/:id/timeline) counts its articles and their mentions per period
-- from one range of this index: with the mention count in it, the count reads the index alone, never
-- the table. Its leading columns are unchanged, so it still serves the entity's article list in order.
DROP INDEX article_entities_by_date;
CREATE INDEX article_entities_by_date ON article_entities (entity_seq, sort_date, article_seq, mention_count);

-- A histogram of a word search (GET /articles/histogram?q=) reads the date of every match: from this
-- index, rather than from the article row, whose date comes after its text (src/store/sqlite/timeline.ts).
CREATE INDEX articles_by_seq_date ON articles (seq, sort_date);
