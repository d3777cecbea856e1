-- Stories, as migrations/0005_stories.sql: an article's story is the id of the article that started it;
-- articles stored before this migration start as stories of their own, without a signature, until
-- `npm run reprocess` signs and groups them.
ALTER TABLE articles ADD COLUMN story_id text COLLATE "C";
UPDATE articles SET story_id = id;
ALTER TABLE articles ALTER COLUMN story_id SET NOT NULL;

CREATE INDEX articles_by_story ON articles (story_id, sort_date, seq);

CREATE TABLE article_signatures (
  article_seq bigint PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
  minhash bytea
);

CREATE TABLE article_bands (
  bucket bigint NOT NULL,
  article_seq bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  PRIMARY KEY (bucket, article_seq)
);

CREATE INDEX article_bands_by_article ON article_bands (article_seq);
