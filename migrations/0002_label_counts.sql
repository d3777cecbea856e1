-- Aliases, titles and name-search terms are counted by the articles that gave them, so deleting or
-- re-extracting an article takes back what it alone said about an entity. Rows from before this
-- migration count as given by one article that is never taken back (their articles recorded nothing).
ALTER TABLE entity_aliases ADD COLUMN article_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE entity_titles ADD COLUMN article_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE entity_search ADD COLUMN article_count INTEGER NOT NULL DEFAULT 1;

-- What the article gave its entity, as JSON {"aliases": [...], "titles": [...], "terms": [...]}; NULL
-- for articles stored before this migration.
ALTER TABLE article_entities ADD COLUMN labels TEXT;
