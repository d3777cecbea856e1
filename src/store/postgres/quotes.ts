// The quotes of the PostgreSQL store: written with their article, read with it, and listed.
import type { ArticleDraft } from '../../analysis/article-draft.js';
import type { Quote } from '../../schemas/quote.js';
import { decodeCursor } from '../cursor.js';
import { type Page, type QuoteFilter, unknownAfter } from '../news-store.js';
import { MAX, page, QUOTE_COLUMNS, type QuoteRow, toQuote } from '../rows.js';
import { one, type Queryable, query, queryTogether, statementValues } from './db.js';
import { PG_LIST_SQL as L } from './list-sql.js';
import { tsQuery, tsvectorOf } from './search.js';

const COLUMNS = `id, article_seq, position, speaker_seq, kind, text, parts, start, "end", cue_text, cue_start,
  cue_end, speaker_text, speaker_start, speaker_end, occurrences, search`;
/** Quotes per INSERT, 17 values each: PostgreSQL takes at most 65535 in one statement. */
const CHUNK = 1000;

/** One quote's column values, in COLUMNS order. */
function quoteValues(articleSeq: number, draft: ArticleDraft, entitySeqs: number[], position: number): unknown[] {
  const quote = draft.quotes[position];
  if (!quote) return [];
  return [
    quote.id,
    articleSeq,
    position,
    quote.speaker === null ? null : (entitySeqs[quote.speaker] ?? null),
    quote.kind,
    quote.text,
    // [start, end, text] per part (migrations/0003_quote_parts.sql says why the text is kept)
    JSON.stringify(quote.parts.map((p) => [p.start, p.end, p.text])),
    quote.start,
    quote.end,
    quote.cue?.text ?? null,
    quote.cue?.start ?? null,
    quote.cue?.end ?? null,
    quote.speakerMention?.text ?? null,
    quote.speakerMention?.start ?? null,
    quote.speakerMention?.end ?? null,
    JSON.stringify(quote.occurrences.map((o) => [o.start, o.end])),
    tsvectorOf([quote.text]),
  ];
}

/**
 * The statement writing the article's quotes [from, from + CHUNK), its values added to `v` (none when
 * there are none); `entitySeqs`: the stored seq of each draft entity (the speakers).
 */
function insert(
  v: ReturnType<typeof statementValues>,
  articleSeq: number,
  draft: ArticleDraft,
  entitySeqs: number[],
  from = 0,
): string[] {
  const rows = draft.quotes.slice(from, from + CHUNK).map((_, i) => {
    const values = quoteValues(articleSeq, draft, entitySeqs, from + i).map(v.$);
    return `(${values.join(', ')}::tsvector)`;
  });
  return rows.length === 0 ? [] : [`INSERT INTO quotes (${COLUMNS}) VALUES ${rows.join(', ')}`];
}

/** Writes the article's quotes from `from` on (the first CHUNK go with the entities' links: firstChunk). */
async function write(db: Queryable, articleSeq: number, draft: ArticleDraft, entitySeqs: number[], from = 0) {
  for (; from < draft.quotes.length; from += CHUNK) {
    const v = statementValues();
    await queryTogether(db, insert(v, articleSeq, draft, entitySeqs, from), v.values);
  }
}

async function list(db: Queryable, req: QuoteFilter): Promise<Page<Quote>> {
  let [beforeArticle, beforePosition] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
  if (req.after !== undefined) {
    const row = await one<{ article_seq: number; position: number }>(
      db,
      'SELECT article_seq, position FROM quotes WHERE id = $1',
      [req.after],
    );
    if (!row) throw unknownAfter(req.after);
    [beforeArticle, beforePosition] = [row.article_seq, row.position];
  }
  let speaker: number | null = null;
  if (req.speaker !== undefined) {
    const row = await one<{ seq: number }>(db, 'SELECT seq FROM entities WHERE id = $1', [req.speaker]);
    if (!row) return { data: [], next: null };
    speaker = row.seq;
  }
  const match = req.q === undefined ? null : tsQuery(req.q);
  if (req.q !== undefined && match === null) return { data: [], next: null };
  const n = req.limit + 1;
  const kind = req.kind ?? null;
  const rows =
    match !== null
      ? await query<QuoteRow>(db, L.quotesByText, [beforeArticle, beforePosition, n, match, speaker, kind])
      : speaker !== null
        ? await query<QuoteRow>(db, L.quotesBySpeaker, [beforeArticle, beforePosition, n, speaker, kind])
        : kind !== null
          ? await query<QuoteRow>(db, L.quotesByKind, [beforeArticle, beforePosition, n, kind])
          : await query<QuoteRow>(db, L.quotes, [beforeArticle, beforePosition, n]);
  return page(rows, req.limit, toQuote, (r) => [r.article_seq, r.position]);
}

export type QuoteRepository = ReturnType<typeof createQuoteRepository>;

export function createQuoteRepository(db: Queryable) {
  return {
    /** The statement writing the article's first CHUNK quotes; write(..., CHUNK) writes the rest. */
    firstChunk: (
      v: ReturnType<typeof statementValues>,
      articleSeq: number,
      draft: ArticleDraft,
      entitySeqs: number[],
    ) => insert(v, articleSeq, draft, entitySeqs),
    write,
    CHUNK,
    remove: async (client: Queryable, articleSeq: number) => {
      await query(client, 'DELETE FROM quotes WHERE article_seq = $1', [articleSeq]);
    },
    ofArticle: async (articleSeq: number) =>
      (
        await query<QuoteRow>(
          db,
          `SELECT ${QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.seq = q.article_seq
          LEFT JOIN entities e ON e.seq = q.speaker_seq WHERE q.article_seq = $1 ORDER BY q.position`,
          [articleSeq],
        )
      ).map(toQuote),
    list: (req: QuoteFilter) => list(db, req),
  };
}
