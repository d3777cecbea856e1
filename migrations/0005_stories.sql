-- Stories: articles that are the same text republished (src/store/stories.ts). An article's story is
-- the id of the article that started it (kept when that article is deleted). Articles stored before
-- this migration start as stories of their own, without a signature; `npm run reprocess` signs them,
-- oldest first, and groups them with the stories they belong to.
ALTER TABLE articles ADD COLUMN story_id TEXT NOT NULL DEFAULT '';
UPDATE articles SET story_id = id;

-- A story's articles newest first (GET /articles/:id's duplicates; collapse=story's newer-sibling check).
CREATE INDEX articles_by_story ON articles (story_id, sort_date, seq);

-- The MinHash signature of an article's body: 128 little-endian 32-bit values, or NULL when the body
-- is too short to sign. No row: the article was stored before stories were kept (see above).
CREATE TABLE article_signatures (
  article_seq INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
  minhash BLOB
) STRICT;

-- The LSH index: one row per band of a signature. Articles that share a bucket are the candidates a
-- new article is compared with, found without reading every signature.
CREATE TABLE article_bands (
  bucket INTEGER NOT NULL,
  article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  PRIMARY KEY (bucket, article_seq)
) STRICT, WITHOUT ROWID;

-- For the deletion of an article's bands (the cascade from articles).
CREATE INDEX article_bands_by_article ON article_bands (article_seq);
