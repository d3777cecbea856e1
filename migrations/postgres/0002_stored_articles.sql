-- The order articles were stored in, for GET /articles/stream. An article's seq is taken when its row
-- is inserted, but transactions commit in their own order: a reader going on from the highest seq it
-- has seen would miss a lower one committed after it. So each saving transaction writes its new
-- articles here under the store_version number it bumps to; the bump holds store_version's row until
-- the commit, so these numbers are in commit order, and once a reader sees one, every lower one is
-- committed (src/store/postgres/stored-after.ts). Articles stored before this migration have no row:
-- they are older than any stream.
CREATE TABLE stored_articles (
  n bigint NOT NULL,
  article_seq bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  PRIMARY KEY (n, article_seq)
);

CREATE INDEX stored_articles_by_article ON stored_articles (article_seq);
