// The SQLite implementation of NewsStore (better-sqlite3): WAL, foreign keys on, STRICT tables, one
// synchronous transaction per article. Rows are translated to the API's camelCase shapes here.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ArticleDraft } from '../ingest/article-draft.js';
import { migrationsDir } from '../paths.js';
import type { Article, ArticleEntity, ArticleListItem, ArticleQuote, ArticleSummary } from '../schemas/article.js';
import type { Entity, RelatedEntity } from '../schemas/entity.js';
import type { Quote } from '../schemas/quote.js';
import { fold } from '../text/fold.js';
import { searchWords } from '../text/words.js';
import { type ArticleSort, articleQuery, isoInstant } from './article-query.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { countLabels, encodeLabels, type Given, give, type LabelCounts, uncountLabels } from './labels.js';
import { type EntityLookup, resolveEntity } from './linking.js';
import { migrate, readMigrations } from './migrate.js';
import {
  type ArticleFilter,
  type ArticleStatus,
  type EntityFilter,
  InvalidCursorError,
  type NewsStore,
  type Page,
  type PageRequest,
  type QuoteFilter,
  type SaveResult,
  StoreUnavailableError,
} from './news-store.js';
import { snippetMatcher } from './snippet.js';

// Kept exported from here, where it lived before the linking and label policy moved out.
export { searchTerms } from './labels.js';

/** Opens (creating if needed) and migrates the database at `path`; ':memory:' for tests. */
export function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A 64 MiB page cache (the default is 2 MiB) and a checkpoint every 10,000 pages (40 MiB of WAL, the
  // default is 1,000). Bulk ingest of 20,000 articles slowed from 223 to 136 articles/s by the last 5,000
  // with the defaults, and held 174 with these (one run each): fewer page reads and fewer rewrites of
  // the same hot pages at checkpoints.
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db, readMigrations(migrationsDir));
  return db;
}

interface ArticleRow {
  seq: number;
  id: string;
  headline: string;
  standfirst: string | null;
  dateline_text: string | null;
  dateline_city: string | null;
  dateline_country: string | null;
  source_name: string | null;
  url: string | null;
  paragraphs: string;
  text: string;
  language: string | null;
  published_at: string | null;
  extractor_version: string;
  client_meta: string;
  ingested_at: string;
  sort_date: string;
}

interface EntityRow {
  seq: number;
  id: string;
  type: Entity['type'];
  name: string;
  sort_name: string;
  country_code: string | null;
  mention_count: number;
  article_count: number;
}

interface QuoteRow {
  seq: number;
  article_seq: number;
  position: number;
  id: string;
  article_id: string;
  kind: Quote['kind'];
  text: string;
  parts: string;
  start: number;
  end: number;
  cue_text: string | null;
  cue_start: number | null;
  cue_end: number | null;
  speaker_text: string | null;
  speaker_start: number | null;
  speaker_end: number | null;
  occurrences: string;
  speaker_id: string | null;
  speaker_type: Entity['type'] | null;
  speaker_name: string | null;
}

const QUOTE_COLUMNS = `q.seq, q.article_seq, q.position, q.id, a.id AS article_id, q.kind, q.text, q.parts,
  q.start, q.end, q.cue_text, q.cue_start, q.cue_end, q.speaker_text, q.speaker_start, q.speaker_end, q.occurrences,
  e.id AS speaker_id, e.type AS speaker_type, e.name AS speaker_name`;

function toSummary(r: Omit<ArticleRow, 'paragraphs' | 'text' | 'language'>): ArticleSummary {
  return {
    id: r.id,
    headline: r.headline,
    standfirst: r.standfirst,
    dateline:
      r.dateline_text === null ? null : { text: r.dateline_text, city: r.dateline_city, country: r.dateline_country },
    source: r.source_name === null ? null : { name: r.source_name },
    publishedAt: r.published_at,
    ingestedAt: r.ingested_at,
  };
}

function span(text: string | null, start: number | null, end: number | null) {
  return text === null || start === null || end === null ? null : { text, start, end };
}

function toQuote(r: QuoteRow): Quote {
  return {
    id: r.id,
    articleId: r.article_id,
    kind: r.kind,
    text: r.text,
    parts: (JSON.parse(r.parts) as [number, number, string][]).map(([start, end, text]) => ({ start, end, text })),
    start: r.start,
    end: r.end,
    cue: span(r.cue_text, r.cue_start, r.cue_end),
    speaker:
      r.speaker_id === null || r.speaker_type === null || r.speaker_name === null
        ? null
        : { id: r.speaker_id, type: r.speaker_type, name: r.speaker_name },
    speakerMention: span(r.speaker_text, r.speaker_start, r.speaker_end),
    occurrences: (JSON.parse(r.occurrences) as [number, number][]).map(([start, end]) => ({ start, end })),
  };
}

function page<R, T>(rows: R[], limit: number, map: (r: R) => T, key: (r: R) => (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(map), next: more && last !== undefined ? encodeCursor(key(last)) : null };
}

/**
 * The list queries, one per (filter, sort) combination; each has an index that serves its order and
 * filter, which test/store asserts from the query plans of these very statements.
 */
export const LIST_SQL = {
  // GET /articles is built per filter combination by articleQuery().
  entities: `SELECT * FROM entities
    WHERE (mention_count, seq) < (?, ?) ORDER BY mention_count DESC, seq DESC LIMIT ?`,
  entitiesByType: `SELECT * FROM entities
    WHERE type = ? AND (mention_count, seq) < (?, ?) ORDER BY mention_count DESC, seq DESC LIMIT ?`,
  entitiesByArticles: `SELECT * FROM entities
    WHERE (article_count, seq) < (?, ?) ORDER BY article_count DESC, seq DESC LIMIT ?`,
  entitiesByTypeArticles: `SELECT * FROM entities
    WHERE type = ? AND (article_count, seq) < (?, ?) ORDER BY article_count DESC, seq DESC LIMIT ?`,
  entitiesBySortName: `SELECT * FROM entities WHERE (sort_name, seq) > (?, ?) ORDER BY sort_name, seq LIMIT ?`,
  entitiesByTypeSortName: `SELECT * FROM entities
    WHERE type = ? AND (sort_name, seq) > (?, ?) ORDER BY sort_name, seq LIMIT ?`,
  // Each entity once, at the first of its search terms that starts with the prefix.
  entitiesByName: `SELECT e.* FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
    WHERE s.term >= @from AND s.term < @to AND (s.term, s.entity_seq) > (@term, @seq)
    AND NOT EXISTS (SELECT 1 FROM entity_search o
      WHERE o.entity_seq = s.entity_seq AND o.term >= @from AND o.term < s.term)
    ORDER BY s.term, s.entity_seq LIMIT @limit`,
  entitiesByTypeName: `SELECT e.* FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
    WHERE s.type = @type AND s.term >= @from AND s.term < @to AND (s.term, s.entity_seq) > (@term, @seq)
    AND NOT EXISTS (SELECT 1 FROM entity_search o
      WHERE o.entity_seq = s.entity_seq AND o.term >= @from AND o.term < s.term)
    ORDER BY s.term, s.entity_seq LIMIT @limit`,
  related: `SELECT p.article_count AS shared, e.* FROM entity_pairs p JOIN entities e ON e.seq = p.other_seq
    WHERE p.entity_seq = @seq AND (p.article_count, p.other_seq) < (@count, @other)
    ORDER BY p.article_count DESC, p.other_seq DESC LIMIT @limit`,
  // Quotes come newest article first, and within an article from its last quote to its first: keyed
  // on (article, position), which re-extraction keeps, where a quote's own row key would not.
  quotes: `SELECT ${QUOTE_COLUMNS} FROM quotes q
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
  quotesBySpeaker: `SELECT ${QUOTE_COLUMNS} FROM quotes q
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE q.speaker_seq = @speaker AND (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    AND (@kind IS NULL OR q.kind = @kind)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
  quotesByKind: `SELECT ${QUOTE_COLUMNS} FROM quotes q
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE q.kind = @kind AND (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
  // The full-text index finds the matching quotes; they are then put in the same order (a sort of the matches).
  quotesByText: `SELECT ${QUOTE_COLUMNS} FROM quotes_fts f
    JOIN quotes q ON q.seq = f.rowid
    JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
    WHERE quotes_fts MATCH @match AND (q.article_seq, q.position) < (@beforeArticle, @beforePosition)
    AND (@speaker IS NULL OR q.speaker_seq = @speaker) AND (@kind IS NULL OR q.kind = @kind)
    ORDER BY q.article_seq DESC, q.position DESC LIMIT @limit`,
} as const;

/**
 * A full-text query from what a person typed: every word must appear, the last one as a prefix
 * ("merk" finds "Merkel"). Quoting each word keeps FTS5 syntax out of user input (a search word has
 * no double quote), and makes a word the index cuts in two ("O'Brien") one phrase. Null when the
 * text has no word to search for.
 */
export function ftsQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it. */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

export function createSqliteStore(db: Database.Database): NewsStore {
  const q = {
    articleSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM articles WHERE id = ?'),
    isDeleted: db.prepare<[string], { id: string }>('SELECT id FROM deleted_articles WHERE id = ?'),
    insertArticle: db.prepare(`INSERT INTO articles (id, headline, standfirst, dateline_text, dateline_city,
      dateline_country, source_name, url, paragraphs, text, language, published_at, extractor_version, client_meta,
      ingested_at, sort_date)
      VALUES (@id, @headline, @standfirst, @datelineText, @datelineCity, @datelineCountry, @sourceName, @url,
      @paragraphs, @text, @language, @publishedAt, @extractorVersion, @clientMeta, @ingestedAt,
      coalesce(@publishedSort, @ingestedAt))`),
    updateArticle: db.prepare(`UPDATE articles SET headline = @headline, standfirst = @standfirst,
      dateline_text = @datelineText, dateline_city = @datelineCity, dateline_country = @datelineCountry,
      source_name = @sourceName, url = @url, paragraphs = @paragraphs, language = @language,
      published_at = @publishedAt, extractor_version = @extractorVersion, client_meta = @clientMeta,
      sort_date = coalesce(@publishedSort, ingested_at)
      WHERE seq = @seq AND id = @id`),
    ping: db.prepare('SELECT 1'),
    // Read on every GET /articles/:id: prepared once.
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
    sortDate: db.prepare<[number], { sort_date: string }>('SELECT sort_date FROM articles WHERE seq = ?'),
    indexText: db.prepare('INSERT INTO articles_fts (rowid, headline, standfirst, body) VALUES (?, ?, ?, ?)'),
    unindexText: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
    surnameCandidates: db.prepare<{ term: string; key: string }, { seq: number; name: string }>(
      `SELECT DISTINCT e.seq, e.name FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
      WHERE s.type = 'person' AND s.term = @term AND e.key != @key AND instr(trim(e.name), ' ') > 0 LIMIT 2`,
    ),
    deleteQuotes: db.prepare('DELETE FROM quotes WHERE article_seq = ?'),
    pairUp: db.prepare(`INSERT INTO entity_pairs (entity_seq, other_seq, article_count) VALUES (?, ?, 1)
      ON CONFLICT DO UPDATE SET article_count = article_count + 1`),
    pairDown: db.prepare(
      'UPDATE entity_pairs SET article_count = article_count - 1 WHERE entity_seq = ? AND other_seq = ?',
    ),
    pairsGone: db.prepare('DELETE FROM entity_pairs WHERE entity_seq = ? AND article_count <= 0'),
    deleteMentions: db.prepare('DELETE FROM mentions WHERE article_seq = ?'),
    deleteArticleEntities: db.prepare('DELETE FROM article_entities WHERE article_seq = ?'),
    forgetDeletion: db.prepare('DELETE FROM deleted_articles WHERE id = ?'),
    upsertEntity: db.prepare<
      {
        id: string;
        type: string;
        key: string;
        name: string;
        sortName: string;
        countryCode: string | null;
        mentions: number;
      },
      { seq: number; name: string }
    >(`INSERT INTO entities (id, type, key, name, sort_name, country_code, mention_count, article_count)
      VALUES (@id, @type, @key, @name, @sortName, @countryCode, @mentions, 1)
      ON CONFLICT (type, key) DO UPDATE SET country_code = coalesce(country_code, excluded.country_code),
        mention_count = mention_count + excluded.mention_count, article_count = article_count + 1
      RETURNING seq, name`),
    countEntity: db.prepare(
      'UPDATE entities SET mention_count = mention_count + ?, article_count = article_count + ? WHERE seq = ?',
    ),
    // Labels are counted by the articles that give them (see removeArticleBody).
    addAlias: db.prepare(`INSERT INTO entity_aliases (entity_seq, alias) VALUES (?, ?)
      ON CONFLICT DO UPDATE SET article_count = article_count + 1`),
    addSearchTerm: db.prepare(`INSERT INTO entity_search (term, entity_seq, type) VALUES (?, ?, ?)
      ON CONFLICT DO UPDATE SET article_count = article_count + 1`),
    addTitle: db.prepare(`INSERT INTO entity_titles (entity_seq, title) VALUES (?, ?)
      ON CONFLICT DO UPDATE SET article_count = article_count + 1`),
    dropAlias: db.prepare(
      'UPDATE entity_aliases SET article_count = article_count - 1 WHERE entity_seq = ? AND alias = ?',
    ),
    dropSearchTerm: db.prepare(
      'UPDATE entity_search SET article_count = article_count - 1 WHERE term = ? AND entity_seq = ?',
    ),
    dropTitle: db.prepare(
      'UPDATE entity_titles SET article_count = article_count - 1 WHERE entity_seq = ? AND title = ?',
    ),
    aliasesGone: db.prepare('DELETE FROM entity_aliases WHERE entity_seq = ? AND article_count <= 0'),
    termsGone: db.prepare('DELETE FROM entity_search WHERE entity_seq = ? AND article_count <= 0'),
    titlesGone: db.prepare('DELETE FROM entity_titles WHERE entity_seq = ? AND article_count <= 0'),
    insertArticleEntity: db.prepare(`INSERT INTO article_entities (entity_seq, article_seq, position, mention_count,
      sort_date, labels) VALUES (?, ?, ?, ?, ?, ?)`),
    insertMention: db.prepare(
      'INSERT OR IGNORE INTO mentions (article_seq, start, end, entity_seq, text) VALUES (?, ?, ?, ?, ?)',
    ),
    insertQuote: db.prepare(`INSERT INTO quotes (id, article_seq, position, speaker_seq, kind, text, parts, start, end,
      cue_text, cue_start, cue_end, speaker_text, speaker_start, speaker_end, occurrences)
      VALUES (@id, @articleSeq, @position, @speakerSeq, @kind, @text, @parts, @start, @end, @cueText, @cueStart,
      @cueEnd, @speakerText, @speakerStart, @speakerEnd, @occurrences)`),
    articleEntityCounts: db.prepare<
      [number],
      { entity_seq: number; mention_count: number; labels: string | null; name: string }
    >(`SELECT ae.entity_seq, ae.mention_count, ae.labels, e.name FROM article_entities ae
      JOIN entities e ON e.seq = ae.entity_seq WHERE ae.article_seq = ?`),
    deleteArticle: db.prepare('DELETE FROM articles WHERE seq = ?'),
    deleteOrphan: db.prepare('DELETE FROM entities WHERE seq = ? AND article_count = 0'),
    tombstone: db.prepare('INSERT OR REPLACE INTO deleted_articles (id, deleted_at) VALUES (?, ?)'),

    article: db.prepare<[string], ArticleRow>('SELECT * FROM articles WHERE id = ?'),
    articleInput: db.prepare<[string], { text: string; client_meta: string; extractor_version: string }>(
      'SELECT text, client_meta, extractor_version FROM articles WHERE id = ?',
    ),
    articleEntities: db.prepare<[number], EntityRow>(`SELECT e.* FROM article_entities ae
      JOIN entities e ON e.seq = ae.entity_seq WHERE ae.article_seq = ? ORDER BY ae.position`),
    articleMentions: db.prepare<[number], { entity_seq: number; start: number; end: number; text: string }>(
      'SELECT entity_seq, start, end, text FROM mentions WHERE article_seq = ? ORDER BY start',
    ),
    articleQuotes: db.prepare<[number], QuoteRow>(`SELECT ${QUOTE_COLUMNS} FROM quotes q
      JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
      WHERE q.article_seq = ? ORDER BY q.position`),
    aliasesOf: db.prepare<[string], { entity_seq: number; alias: string }>(
      'SELECT entity_seq, alias FROM entity_aliases WHERE entity_seq IN (SELECT value FROM json_each(?)) ORDER BY entity_seq, alias',
    ),
    titlesOf: db.prepare<[string], { entity_seq: number; title: string }>(
      'SELECT entity_seq, title FROM entity_titles WHERE entity_seq IN (SELECT value FROM json_each(?)) ORDER BY entity_seq, title',
    ),

    entity: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE id = ?'),
    entitySeq: db.prepare<[string], { seq: number }>('SELECT seq FROM entities WHERE id = ?'),
    firstTerm: db.prepare<{ seq: number; from: string; to: string }, { term: string }>(
      'SELECT min(term) AS term FROM entity_search WHERE entity_seq = @seq AND term >= @from AND term < @to',
    ),
    sortName: db.prepare<[number], { sort_name: string }>('SELECT sort_name FROM entities WHERE seq = ?'),
    entityCounts: db.prepare<[string], { seq: number; article_count: number }>(
      'SELECT seq, article_count FROM entities WHERE id = ?',
    ),
  };

  const lists = Object.fromEntries(Object.entries(LIST_SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Record<
    keyof typeof LIST_SQL,
    Database.Statement
  >;

  const articleRow = (draft: ArticleDraft) => ({
    id: draft.id,
    headline: draft.headline,
    standfirst: draft.standfirst,
    datelineText: draft.dateline?.text ?? null,
    datelineCity: draft.dateline?.city ?? null,
    datelineCountry: draft.dateline?.country ?? null,
    sourceName: draft.source?.name ?? null,
    url: draft.url,
    paragraphs: JSON.stringify(draft.paragraphs),
    text: draft.text,
    language: draft.language,
    publishedAt: draft.publishedAt,
    extractorVersion: draft.extractorVersion,
    clientMeta: JSON.stringify(draft.clientMeta),
    publishedSort: draft.publishedAt === null ? null : isoInstant(draft.publishedAt),
  });

  // The engine's side of entity linking (src/store/linking.ts holds the policy).
  const lookup: EntityLookup = {
    personsWithSurname: (term, key) => q.surnameCandidates.all({ term, key }),
    upsertByKey: (e) => {
      const row = q.upsertEntity.get({
        id: e.id,
        type: e.type,
        key: e.key,
        name: e.name,
        sortName: fold(e.name),
        countryCode: e.countryCode,
        mentions: e.mentions.length,
      });
      if (!row) throw new Error(`entity ${e.id} was not stored`);
      return row;
    },
    addCounts: (seq, mentions, articles) => {
      q.countEntity.run(mentions, articles, seq);
    },
  };

  // The engine's side of label bookkeeping (src/store/labels.ts holds the policy).
  const labelCounts: LabelCounts = {
    addAlias: (seq, alias) => q.addAlias.run(seq, alias),
    addTitle: (seq, title) => q.addTitle.run(seq, title),
    addTerm: (seq, term, type) => q.addSearchTerm.run(term, seq, type),
    dropAlias: (seq, alias) => q.dropAlias.run(seq, alias),
    dropTitle: (seq, title) => q.dropTitle.run(seq, title),
    dropTerm: (seq, term) => q.dropSearchTerm.run(term, seq),
    sweep: (seq) => {
      q.aliasesGone.run(seq);
      q.titlesGone.run(seq);
      q.termsGone.run(seq);
    },
  };

  /** Entities, mentions, quotes and the text index of an article whose row exists. */
  function writeArticleBody(articleSeq: number, draft: ArticleDraft) {
    const sortDate = q.sortDate.get(articleSeq)?.sort_date ?? '';
    q.indexText.run(articleSeq, draft.headline, draft.standfirst ?? '', draft.paragraphs.join('\n'));
    const seen = new Set<number>();
    const given = new Map<number, Given>();
    const entitySeqs = draft.entities.map((e, position) => {
      const row = resolveEntity(e, draft, seen, lookup);
      seen.add(row.seq);
      give(given, row, e, position);
      for (const m of e.mentions) q.insertMention.run(articleSeq, m.start, m.end, row.seq, m.text);
      return row.seq;
    });
    for (const [seq, g] of given) {
      countLabels(labelCounts, seq, g);
      q.insertArticleEntity.run(seq, articleSeq, g.position, g.mentions, sortDate, encodeLabels(g));
    }
    for (const a of seen) for (const b of seen) if (a !== b) q.pairUp.run(a, b);
    draft.quotes.forEach((quote, position) => {
      q.insertQuote.run({
        id: quote.id,
        articleSeq,
        position,
        speakerSeq: quote.speaker === null ? null : (entitySeqs[quote.speaker] ?? null),
        kind: quote.kind,
        text: quote.text,
        // [start, end, text] per part (migrations/0003_quote_parts.sql says why the text is kept)
        parts: JSON.stringify(quote.parts.map((p) => [p.start, p.end, p.text])),
        start: quote.start,
        end: quote.end,
        cueText: quote.cue?.text ?? null,
        cueStart: quote.cue?.start ?? null,
        cueEnd: quote.cue?.end ?? null,
        speakerText: quote.speakerMention?.text ?? null,
        speakerStart: quote.speakerMention?.start ?? null,
        speakerEnd: quote.speakerMention?.end ?? null,
        occurrences: JSON.stringify(quote.occurrences.map((o) => [o.start, o.end])),
      });
    });
  }

  /** Takes back what writeArticleBody wrote; returns the entities that may now be mentioned nowhere. */
  function removeArticleBody(articleSeq: number): number[] {
    const counts = q.articleEntityCounts.all(articleSeq);
    for (const c of counts) {
      q.countEntity.run(-c.mention_count, -1, c.entity_seq);
      uncountLabels(labelCounts, c.entity_seq, c.name, c.labels);
    }
    for (const a of counts) {
      for (const b of counts) if (a.entity_seq !== b.entity_seq) q.pairDown.run(a.entity_seq, b.entity_seq);
      q.pairsGone.run(a.entity_seq);
    }
    q.deleteQuotes.run(articleSeq);
    q.unindexText.run(articleSeq);
    q.deleteMentions.run(articleSeq);
    q.deleteArticleEntities.run(articleSeq);
    return counts.map((c) => c.entity_seq);
  }

  /** Writes through this connection, for version(): data_version only sees other connections' commits. */
  let writes = 0;

  const save = db.transaction((drafts: ArticleDraft[], ingestedAt: string): SaveResult[] =>
    drafts.map((draft) => {
      if (q.articleSeq.get(draft.id)) return { id: draft.id, created: false };
      writes++;
      q.forgetDeletion.run(draft.id);
      const articleSeq = Number(q.insertArticle.run({ ...articleRow(draft), ingestedAt }).lastInsertRowid);
      writeArticleBody(articleSeq, draft);
      return { id: draft.id, created: true };
    }),
  );

  const replace = db.transaction((draft: ArticleDraft): boolean => {
    const row = q.articleSeq.get(draft.id);
    if (!row) return false;
    writes++;
    const before = removeArticleBody(row.seq);
    q.updateArticle.run({ ...articleRow(draft), seq: row.seq });
    writeArticleBody(row.seq, draft);
    for (const seq of before) q.deleteOrphan.run(seq);
    return true;
  });

  const remove = db.transaction((id: string, deletedAt: string): boolean => {
    const row = q.articleSeq.get(id);
    if (!row) return false;
    writes++;
    const before = removeArticleBody(row.seq);
    q.deleteArticle.run(row.seq);
    for (const seq of before) q.deleteOrphan.run(seq);
    q.tombstone.run(id, deletedAt);
    return true;
  });

  /** Aliases and titles of a set of entities, keyed by entity seq. */
  function labels(seqs: number[]) {
    const json = JSON.stringify(seqs);
    const aliases = new Map<number, string[]>();
    const titles = new Map<number, string[]>();
    const add = (map: Map<number, string[]>, seq: number, value: string) => {
      const list = map.get(seq);
      if (list) list.push(value);
      else map.set(seq, [value]);
    };
    for (const r of q.aliasesOf.all(json)) add(aliases, r.entity_seq, r.alias);
    for (const r of q.titlesOf.all(json)) add(titles, r.entity_seq, r.title);
    return { aliases, titles };
  }

  function toEntities(rows: EntityRow[]): Entity[] {
    const { aliases, titles } = labels(rows.map((r) => r.seq));
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      name: r.name,
      aliases: aliases.get(r.seq) ?? [],
      titles: titles.get(r.seq) ?? [],
      countryCode: r.country_code,
      mentionCount: r.mention_count,
      articleCount: r.article_count,
    }));
  }

  function getArticle(id: string): Article | null {
    const a = q.article.get(id);
    if (!a) return null;
    const entityRows = q.articleEntities.all(a.seq);
    const mentions = new Map<number, ArticleEntity['mentions']>();
    for (const m of q.articleMentions.all(a.seq)) {
      const list = mentions.get(m.entity_seq) ?? [];
      list.push({ start: m.start, end: m.end, text: m.text });
      mentions.set(m.entity_seq, list);
    }
    const { aliases, titles } = labels(entityRows.map((r) => r.seq));
    const paragraphs = JSON.parse(a.paragraphs) as string[];
    return {
      ...toSummary(a),
      url: a.url,
      language: a.language,
      extractorVersion: a.extractor_version,
      body: paragraphs.join('\n'),
      paragraphs,
      text: a.text,
      entities: entityRows.map((r) => ({
        id: r.id,
        type: r.type,
        name: r.name,
        aliases: aliases.get(r.seq) ?? [],
        titles: titles.get(r.seq) ?? [],
        countryCode: r.country_code,
        mentions: mentions.get(r.seq) ?? [],
      })),
      quotes: q.articleQuotes.all(a.seq).map((r): ArticleQuote => {
        const { articleId: _, ...quote } = toQuote(r);
        return quote;
      }),
    };
  }

  const MAX = Number.MAX_SAFE_INTEGER;

  function listArticles(req: ArticleFilter): Page<ArticleListItem> {
    const sort: ArticleSort = req.sort ?? (req.q !== undefined ? 'relevance' : 'newest');
    // The rarest entity drives the query; an unknown one matches nothing.
    const entities: { seq: number; article_count: number }[] = [];
    for (const id of req.entity ?? []) {
      const e = q.entityCounts.get(id);
      if (!e) return { data: [], next: null };
      entities.push(e);
    }
    entities.sort((x, y) => x.article_count - y.article_count);
    const match = req.q === undefined ? undefined : ftsQuery(req.q);
    if (match === null) return { data: [], next: null };
    const after = req.cursor
      ? sort === 'relevance'
        ? decodeCursor(req.cursor, ['float', 'number'])
        : decodeCursor(req.cursor, ['string', 'number'])
      : undefined;
    const from = req.from === undefined ? undefined : (isoInstant(req.from) ?? undefined);
    const to = req.to === undefined ? undefined : (isoInstant(req.to, true) ?? undefined);
    const { sql, params } = articleQuery({
      entities: entities.map((e) => e.seq),
      source: req.source,
      from,
      to,
      match,
      sort,
      after,
      limit: req.limit + 1,
    });
    let stmt = articleStatements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      articleStatements.set(sql, stmt);
    }
    type Row = Omit<ArticleRow, 'paragraphs' | 'text' | 'language'> & { rank?: number; paragraphs?: string };
    const rows = stmt.all(params) as Row[];
    const snippet = req.q === undefined ? null : snippetMatcher(req.q);
    return page(
      rows,
      req.limit,
      (r) =>
        snippet === null || r.paragraphs === undefined
          ? toSummary(r)
          : {
              ...toSummary(r),
              snippet: snippet([r.headline, r.standfirst ?? '', (JSON.parse(r.paragraphs) as string[]).join('\n')]),
            },
      (r) => [sort === 'relevance' ? (r.rank ?? 0) : r.sort_date, r.seq],
    );
  }
  // One prepared statement per distinct filter combination (a handful in practice).
  const articleStatements = new Map<string, Database.Statement>();

  function listEntities(req: EntityFilter): Page<Entity> {
    const n = req.limit + 1;
    let rows: EntityRow[];
    let key: (r: EntityRow) => (string | number)[];
    // Name-ordered cursors carry only the last entity's seq, and its name is looked up again here:
    // names can be long, cursors must stay short. A cursor whose entity has gone cannot resume.
    const lastSeq = () => {
      const [seq] = decodeCursor(req.cursor ?? '', ['number']);
      return seq;
    };
    if (req.q !== undefined) {
      const from = fold(req.q);
      const to = prefixEnd(from);
      let term = '';
      let seq = 0;
      if (req.cursor) {
        seq = lastSeq();
        term = q.firstTerm.get({ seq, from, to })?.term ?? '';
        if (!term) throw new InvalidCursorError();
      }
      const params = { from, to, term, seq, limit: n };
      rows = (
        req.type === undefined
          ? lists.entitiesByName.all(params)
          : lists.entitiesByTypeName.all({ ...params, type: req.type })
      ) as EntityRow[];
      key = (r) => [r.seq];
    } else if (req.sort === 'name') {
      let name = '';
      let seq = 0;
      if (req.cursor) {
        seq = lastSeq();
        name = q.sortName.get(seq)?.sort_name ?? '';
        if (!name) throw new InvalidCursorError();
      }
      rows = (
        req.type === undefined
          ? lists.entitiesBySortName.all(name, seq, n)
          : lists.entitiesByTypeSortName.all(req.type, name, seq, n)
      ) as EntityRow[];
      key = (r) => [r.seq];
    } else {
      const byArticles = req.sort === 'articles';
      const [count, seq] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
      const [all, typed] = byArticles
        ? [lists.entitiesByArticles, lists.entitiesByTypeArticles]
        : [lists.entities, lists.entitiesByType];
      rows = (req.type === undefined ? all.all(count, seq, n) : typed.all(req.type, count, seq, n)) as EntityRow[];
      key = (r) => [byArticles ? r.article_count : r.mention_count, r.seq];
    }
    const more = rows.length > req.limit;
    const kept = more ? rows.slice(0, req.limit) : rows;
    const last = kept[kept.length - 1];
    return { data: toEntities(kept), next: more && last ? encodeCursor(key(last)) : null };
  }

  function listRelated(id: string, req: PageRequest): Page<RelatedEntity> | null {
    const e = q.entitySeq.get(id);
    if (!e) return null;
    const [count, other] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
    const rows = lists.related.all({ seq: e.seq, count, other, limit: req.limit + 1 }) as (EntityRow & {
      shared: number;
    })[];
    const more = rows.length > req.limit;
    const kept = more ? rows.slice(0, req.limit) : rows;
    const last = kept[kept.length - 1];
    const entities = toEntities(kept);
    return {
      data: entities.map((entity, i) => ({ ...entity, sharedArticles: kept[i]?.shared ?? 0 })),
      next: more && last ? encodeCursor([last.shared, last.seq]) : null,
    };
  }

  function listQuotes(req: QuoteFilter): Page<Quote> {
    const [beforeArticle, beforePosition] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
    let speaker: number | null = null;
    if (req.speaker !== undefined) {
      const e = q.entitySeq.get(req.speaker);
      if (!e) return { data: [], next: null };
      speaker = e.seq;
    }
    const params = { beforeArticle, beforePosition, limit: req.limit + 1, kind: req.kind ?? null, speaker };
    const match = req.q === undefined ? null : ftsQuery(req.q);
    if (req.q !== undefined && match === null) return { data: [], next: null };
    const rows = (
      match !== null
        ? lists.quotesByText.all({ ...params, match })
        : speaker !== null
          ? lists.quotesBySpeaker.all(params)
          : req.kind !== undefined
            ? lists.quotesByKind.all(params)
            : lists.quotes.all({ beforeArticle, beforePosition, limit: params.limit })
    ) as QuoteRow[];
    return page(rows, req.limit, toQuote, (r) => [r.article_seq, r.position]);
  }

  const store: NewsStore = {
    saveArticle: async (draft, ingestedAt = new Date()) => save([draft], ingestedAt.toISOString())[0] as SaveResult,
    saveArticles: async (drafts, ingestedAt = new Date()) => save(drafts, ingestedAt.toISOString()),
    replaceArticle: async (draft) => replace(draft),
    articleInput: async (id) => {
      const row = q.articleInput.get(id);
      return row
        ? { text: row.text, meta: JSON.parse(row.client_meta), extractorVersion: row.extractor_version }
        : null;
    },
    articleStatus: async (id): Promise<ArticleStatus> =>
      q.articleSeq.get(id) ? 'stored' : q.isDeleted.get(id) ? 'deleted' : 'absent',
    deleteArticle: async (id, deletedAt = new Date()) => remove(id, deletedAt.toISOString()),
    getArticle: async (id) => getArticle(id),
    listArticles: async (req) => listArticles(req),
    getEntity: async (id) => {
      const row = q.entity.get(id);
      return row ? (toEntities([row])[0] ?? null) : null;
    },
    listEntities: async (req) => listEntities(req),
    listQuotes: async (req) => listQuotes(req),
    listRelated: async (id, req) => listRelated(id, req),
    // data_version moves when another connection commits; this connection's own writes are counted here.
    version: async () => `${q.dataVersion.get()}.${writes}`,
    ping: async () => {
      q.ping.get();
    },
    close: async () => {
      db.close();
    },
  };
  return withBusyAsUnavailable(store);
}

/**
 * SQLite answers SQLITE_BUSY when another process held the write lock past busy_timeout: the store
 * is momentarily unavailable, which callers can retry, not broken.
 */
function withBusyAsUnavailable(store: NewsStore): NewsStore {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new StoreUnavailableError();
        throw err;
      }
    };
  }
  return wrapped as unknown as NewsStore;
}
