// The quotes of the SQLite store: written with their article, read with it, and listed.
import type Database from 'better-sqlite3';
import type { ArticleDraft } from '../../analysis/article-draft.js';
import type { Quote } from '../../schemas/quote.js';
import { decodeCursor } from '../cursor.js';
import { type Page, type QuoteFilter, unknownAfter } from '../news-store.js';
import { MAX, page, QUOTE_COLUMNS, type QuoteRow, toQuote } from '../rows.js';
import type { Keys } from './keys.js';
import { ftsQuery, prepareLists } from './list-sql.js';

export type QuoteRepository = ReturnType<typeof createQuoteRepository>;

export function createQuoteRepository(db: Database.Database, keys: Keys) {
  const q = {
    insertQuote: db.prepare(`INSERT INTO quotes (id, article_seq, position, speaker_seq, kind, text, parts, start, end,
      cue_text, cue_start, cue_end, speaker_text, speaker_start, speaker_end, occurrences)
      VALUES (@id, @articleSeq, @position, @speakerSeq, @kind, @text, @parts, @start, @end, @cueText, @cueStart,
      @cueEnd, @speakerText, @speakerStart, @speakerEnd, @occurrences)`),
    quoteKey: db.prepare<[string], { article_seq: number; position: number }>(
      'SELECT article_seq, position FROM quotes WHERE id = ?',
    ),
    deleteQuotes: db.prepare('DELETE FROM quotes WHERE article_seq = ?'),
    articleQuotes: db.prepare<[number], QuoteRow>(`SELECT ${QUOTE_COLUMNS} FROM quotes q
      JOIN articles a ON a.seq = q.article_seq LEFT JOIN entities e ON e.seq = q.speaker_seq
      WHERE q.article_seq = ? ORDER BY q.position`),
  };
  const lists = prepareLists(db, ['quotes', 'quotesBySpeaker', 'quotesByKind', 'quotesByText']);

  /** Writes the article's quotes; `entitySeqs`: the stored seq of each draft entity (the speakers). */
  function write(articleSeq: number, draft: ArticleDraft, entitySeqs: number[]): void {
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

  function list(req: QuoteFilter): Page<Quote> {
    let [beforeArticle, beforePosition] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
    if (req.after !== undefined) {
      const row = q.quoteKey.get(req.after);
      if (!row) throw unknownAfter(req.after);
      [beforeArticle, beforePosition] = [row.article_seq, row.position];
    }
    let speaker: number | null = null;
    if (req.speaker !== undefined) {
      const seq = keys.entitySeq(req.speaker);
      if (seq === undefined) return { data: [], next: null };
      speaker = seq;
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

  return {
    write,
    remove: (articleSeq: number) => {
      q.deleteQuotes.run(articleSeq);
    },
    ofArticle: (articleSeq: number) => q.articleQuotes.all(articleSeq).map(toQuote),
    list,
  };
}
