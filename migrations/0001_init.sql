-- Articles, the entities they mention (global, linked across articles), and their quotes.
-- Internal integer keys (seq) join the tables; the opaque text ids are what the API shows. Keys are
-- AUTOINCREMENT so a deleted row's key is never reused: keyset cursors carry them.

CREATE TABLE articles (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  headline TEXT NOT NULL,
  standfirst TEXT,
  dateline_text TEXT,
  dateline_city TEXT,
  dateline_country TEXT,
  source_name TEXT,
  url TEXT,
  -- JSON array of the body paragraphs (publisher boilerplate removed)
  paragraphs TEXT NOT NULL,
  text TEXT NOT NULL,
  language TEXT,
  published_at TEXT,
  -- which extraction produced the entities and quotes; `npm run reprocess` redoes older ones
  extractor_version TEXT NOT NULL,
  -- what the client stated at ingest (source, url, publishedAt, language), as JSON, kept for reprocessing
  client_meta TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  -- the date lists sort and filter on: the publication time, or the ingest time when it is unknown
  -- (ISO 8601 UTC, so text order is time order)
  sort_date TEXT NOT NULL
) STRICT;

CREATE INDEX articles_by_date ON articles (sort_date, seq);
CREATE INDEX articles_by_source ON articles (source_name, sort_date, seq);

-- Full-text search over the story (headline, standfirst, body), accent-insensitive; rowid = articles.seq.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
  headline,
  standfirst,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Tombstones: an article deleted through the API is not brought back by loading data/ again.
CREATE TABLE deleted_articles (
  id TEXT PRIMARY KEY,
  deleted_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE entities (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('person', 'organization', 'place')),
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  -- case- and accent-folded name, for sorting by name
  sort_name TEXT NOT NULL,
  country_code TEXT,
  mention_count INTEGER NOT NULL DEFAULT 0,
  article_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type, key)
) STRICT;

CREATE INDEX entities_by_mentions ON entities (mention_count, seq);
CREATE INDEX entities_by_type_mentions ON entities (type, mention_count, seq);
CREATE INDEX entities_by_articles ON entities (article_count, seq);
CREATE INDEX entities_by_type_articles ON entities (type, article_count, seq);
CREATE INDEX entities_by_name ON entities (sort_name, seq);
CREATE INDEX entities_by_type_name ON entities (type, sort_name, seq);

CREATE TABLE entity_aliases (
  entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  PRIMARY KEY (entity_seq, alias)
) STRICT, WITHOUT ROWID;

-- Search terms for name prefix search: the folded name and aliases, and each of their word-starting
-- suffixes ("aleksandar vucic", "vucic"), so a prefix of any word of any name finds the entity.
CREATE TABLE entity_search (
  term TEXT NOT NULL,
  entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  type TEXT NOT NULL,
  PRIMARY KEY (term, entity_seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX entity_search_by_type ON entity_search (type, term, entity_seq);
CREATE INDEX entity_search_by_entity ON entity_search (entity_seq, term);

CREATE TABLE entity_titles (
  entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  title TEXT NOT NULL,
  PRIMARY KEY (entity_seq, title)
) STRICT, WITHOUT ROWID;

-- Which entities an article mentions: the join behind GET /articles?entity= and the counts.
CREATE TABLE article_entities (
  entity_seq INTEGER NOT NULL REFERENCES entities (seq),
  article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  mention_count INTEGER NOT NULL,
  -- the article's sort_date, so an entity's articles come newest first straight from an index
  sort_date TEXT NOT NULL,
  PRIMARY KEY (entity_seq, article_seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_entities_by_date ON article_entities (entity_seq, sort_date, article_seq);

CREATE INDEX article_entities_by_article ON article_entities (article_seq, position);

-- How many articles two entities appear in together, both ways round: GET /entities/:id/related
-- reads one entity's most frequent companions straight from the index.
CREATE TABLE entity_pairs (
  entity_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  other_seq INTEGER NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  article_count INTEGER NOT NULL,
  PRIMARY KEY (entity_seq, other_seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX entity_pairs_by_count ON entity_pairs (entity_seq, article_count, other_seq);
CREATE INDEX entity_pairs_by_other ON entity_pairs (other_seq);

-- Offsets are Unicode code points into articles.text.
CREATE TABLE mentions (
  article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  entity_seq INTEGER NOT NULL REFERENCES entities (seq),
  text TEXT NOT NULL,
  PRIMARY KEY (article_seq, start)
) STRICT, WITHOUT ROWID;

CREATE INDEX mentions_by_entity ON mentions (entity_seq);

CREATE TABLE quotes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  speaker_seq INTEGER REFERENCES entities (seq),
  kind TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
  text TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  cue_text TEXT,
  cue_start INTEGER,
  cue_end INTEGER,
  speaker_text TEXT,
  speaker_start INTEGER,
  speaker_end INTEGER,
  -- JSON array of [start, end] code-point ranges where the quote appears
  occurrences TEXT NOT NULL
) STRICT;

CREATE INDEX quotes_by_article ON quotes (article_seq, position);
CREATE INDEX quotes_by_speaker ON quotes (speaker_seq, article_seq, position);
CREATE INDEX quotes_by_kind ON quotes (kind, article_seq, position);

-- Full-text search over quote texts, accent-insensitive; kept in step with quotes by triggers
-- (deleting an article cascades to its quotes, and the cascade fires the delete trigger).
CREATE VIRTUAL TABLE quotes_fts USING fts5 (
  text,
  content = 'quotes',
  content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts (rowid, text) VALUES (new.seq, new.text);
END;

CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
