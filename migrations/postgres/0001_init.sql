-- The PostgreSQL schema: the same tables and meaning as the SQLite migrations (migrations/*.sql, up
-- to 0003), in one file because PostgreSQL starts here. Differences, and why:
--  * keys are identity columns (never reused, like SQLite's AUTOINCREMENT): keyset cursors carry them;
--  * text compared or ordered by the lists (ids, dates, folded names, search terms) is COLLATE "C",
--    byte order of UTF-8, which is code-point order, as SQLite's BINARY: the same orders and ties,
--    and prefix ranges (term >= 'vu' AND term < 'vu' || U+10FFFF) that an index serves;
--  * dates stay ISO 8601 text, as in SQLite, so the API returns what was stored, unchanged;
--  * JSON columns stay text (jsonb would reorder the keys the client sent);
--  * full-text search is a tsvector column written by the application (src/store/postgres/search.ts
--    says why the app makes the lexemes rather than a text search configuration), with a GIN index;
--  * store_version: one row bumped by every write transaction, read by NewsStore.version().

CREATE TABLE articles (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  headline text NOT NULL,
  standfirst text,
  dateline_text text,
  dateline_city text,
  dateline_country text,
  source_name text COLLATE "C",
  url text,
  -- JSON array of the body paragraphs (publisher boilerplate removed)
  paragraphs text NOT NULL,
  text text NOT NULL,
  language text,
  published_at text,
  extractor_version text NOT NULL,
  -- what the client stated at ingest, as JSON, kept for reprocessing
  client_meta text NOT NULL,
  ingested_at text NOT NULL,
  -- the publication time, or the ingest time when unknown (ISO 8601 UTC: text order is time order)
  sort_date text COLLATE "C" NOT NULL,
  -- the words of headline, standfirst and body (see src/store/postgres/search.ts)
  search tsvector NOT NULL
);

CREATE INDEX articles_by_date ON articles (sort_date, seq);
CREATE INDEX articles_by_source ON articles (source_name, sort_date, seq);
CREATE INDEX articles_search ON articles USING gin (search);

CREATE TABLE deleted_articles (
  id text COLLATE "C" PRIMARY KEY,
  deleted_at text NOT NULL
);

CREATE TABLE entities (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('person', 'organization', 'place')),
  key text COLLATE "C" NOT NULL,
  name text NOT NULL,
  sort_name text COLLATE "C" NOT NULL,
  country_code text,
  mention_count integer NOT NULL DEFAULT 0,
  article_count integer NOT NULL DEFAULT 0,
  UNIQUE (type, key)
);

CREATE INDEX entities_by_mentions ON entities (mention_count, seq);
CREATE INDEX entities_by_type_mentions ON entities (type, mention_count, seq);
CREATE INDEX entities_by_articles ON entities (article_count, seq);
CREATE INDEX entities_by_type_articles ON entities (type, article_count, seq);
CREATE INDEX entities_by_name ON entities (sort_name, seq);
CREATE INDEX entities_by_type_name ON entities (type, sort_name, seq);

-- Labels are counted by the articles that give them (src/store/labels.ts).
CREATE TABLE entity_aliases (
  entity_seq bigint NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  alias text COLLATE "C" NOT NULL,
  article_count integer NOT NULL DEFAULT 1,
  PRIMARY KEY (entity_seq, alias)
);

-- Folded names and aliases and their word-starting suffixes: a prefix of any word finds the entity.
CREATE TABLE entity_search (
  term text COLLATE "C" NOT NULL,
  entity_seq bigint NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  type text NOT NULL,
  article_count integer NOT NULL DEFAULT 1,
  PRIMARY KEY (term, entity_seq)
);

CREATE INDEX entity_search_by_type ON entity_search (type, term, entity_seq);
CREATE INDEX entity_search_by_entity ON entity_search (entity_seq, term);

CREATE TABLE entity_titles (
  entity_seq bigint NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  title text COLLATE "C" NOT NULL,
  article_count integer NOT NULL DEFAULT 1,
  PRIMARY KEY (entity_seq, title)
);

CREATE TABLE article_entities (
  entity_seq bigint NOT NULL REFERENCES entities (seq),
  article_seq bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  position integer NOT NULL,
  mention_count integer NOT NULL,
  -- the article's sort_date, so an entity's articles come newest first straight from an index
  sort_date text COLLATE "C" NOT NULL,
  -- what the article gave the entity, as JSON {"aliases": [...], "titles": [...], "terms": [...]}
  labels text,
  PRIMARY KEY (entity_seq, article_seq)
);

CREATE INDEX article_entities_by_date ON article_entities (entity_seq, sort_date, article_seq);
CREATE INDEX article_entities_by_article ON article_entities (article_seq, position);

CREATE TABLE entity_pairs (
  entity_seq bigint NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  other_seq bigint NOT NULL REFERENCES entities (seq) ON DELETE CASCADE,
  article_count integer NOT NULL,
  PRIMARY KEY (entity_seq, other_seq)
);

CREATE INDEX entity_pairs_by_count ON entity_pairs (entity_seq, article_count, other_seq);
CREATE INDEX entity_pairs_by_other ON entity_pairs (other_seq);

-- Offsets are Unicode code points into articles.text.
CREATE TABLE mentions (
  article_seq bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  start integer NOT NULL,
  "end" integer NOT NULL,
  entity_seq bigint NOT NULL REFERENCES entities (seq),
  text text NOT NULL,
  PRIMARY KEY (article_seq, start)
);

CREATE INDEX mentions_by_entity ON mentions (entity_seq);

CREATE TABLE quotes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  article_seq bigint NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
  position integer NOT NULL,
  speaker_seq bigint REFERENCES entities (seq),
  kind text NOT NULL CHECK (kind IN ('direct', 'indirect')),
  text text NOT NULL,
  -- JSON array of [start, end, text] per part (see migrations/0003_quote_parts.sql)
  parts text NOT NULL,
  start integer NOT NULL,
  "end" integer NOT NULL,
  cue_text text,
  cue_start integer,
  cue_end integer,
  speaker_text text,
  speaker_start integer,
  speaker_end integer,
  -- JSON array of [start, end] code-point ranges where the quote appears
  occurrences text NOT NULL,
  search tsvector NOT NULL
);

CREATE INDEX quotes_by_article ON quotes (article_seq, position);
CREATE INDEX quotes_by_speaker ON quotes (speaker_seq, article_seq, position);
CREATE INDEX quotes_by_kind ON quotes (kind, article_seq, position);
CREATE INDEX quotes_search ON quotes USING gin (search);

CREATE TABLE store_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  n bigint NOT NULL
);
INSERT INTO store_version (n) VALUES (0);
