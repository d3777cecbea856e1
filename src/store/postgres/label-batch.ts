// Label bookkeeping for PostgreSQL: the policy in src/store/labels.ts calls a synchronous LabelCounts
// (better-sqlite3 transactions cannot await). Here the calls are gathered, then written together in a
// few statements (the additions in one, or in the caller's: additions()): one article's labels are
// distinct per entity (labels.ts keeps them in sets), so each row is touched once per statement, and
// the order of the writes does not change what they leave.
import type { DraftEntity } from '../../analysis/article-draft.js';
import type { LabelCounts } from '../labels.js';
import { type Queryable, query, queryTogether, statementValues } from './db.js';

type Pairs = { seqs: number[]; values: string[] };
const pairs = (): Pairs => ({ seqs: [], values: [] });
const push = (p: Pairs, seq: number, value: string) => {
  p.seqs.push(seq);
  p.values.push(value);
};

/** A LabelCounts that remembers what it was asked, and flush(), which writes it. */
export function labelBatch() {
  const add = { aliases: pairs(), titles: pairs(), terms: pairs(), types: [] as string[] };
  const drop = { aliases: pairs(), titles: pairs(), terms: pairs() };
  const swept = new Set<number>();
  const counts: LabelCounts = {
    addAlias: (seq, alias) => push(add.aliases, seq, alias),
    addTitle: (seq, title) => push(add.titles, seq, title),
    addTerm: (seq, term, type: DraftEntity['type']) => {
      push(add.terms, seq, term);
      add.types.push(type);
    },
    dropAlias: (seq, alias) => push(drop.aliases, seq, alias),
    dropTitle: (seq, title) => push(drop.titles, seq, title),
    dropTerm: (seq, term) => push(drop.terms, seq, term),
    sweep: (seq) => swept.add(seq),
  };

  /** The statements writing the additions, their values added to `v`: none reads what another writes. */
  function additions(v: ReturnType<typeof statementValues>): string[] {
    const statements: string[] = [];
    const upsert = (table: string, column: string, p: Pairs) => {
      if (p.seqs.length === 0) return;
      statements.push(`INSERT INTO ${table} (entity_seq, ${column}) SELECT * FROM unnest(${v.$(p.seqs)}::bigint[], ${v.$(p.values)}::text[])
        ON CONFLICT (entity_seq, ${column}) DO UPDATE SET article_count = ${table}.article_count + 1`);
    };
    upsert('entity_aliases', 'alias', add.aliases);
    upsert('entity_titles', 'title', add.titles);
    if (add.terms.seqs.length > 0)
      statements.push(`INSERT INTO entity_search (entity_seq, term, type)
        SELECT * FROM unnest(${v.$(add.terms.seqs)}::bigint[], ${v.$(add.terms.values)}::text[], ${v.$(add.types)}::text[])
        ON CONFLICT (term, entity_seq) DO UPDATE SET article_count = entity_search.article_count + 1`);
    return statements;
  }

  async function flush(db: Queryable): Promise<void> {
    const v = statementValues();
    await queryTogether(db, additions(v), v.values);
    const decrement = async (table: string, column: string, p: Pairs) => {
      if (p.seqs.length === 0) return;
      await query(
        db,
        `UPDATE ${table} t SET article_count = t.article_count - 1 FROM unnest($1::bigint[], $2::text[]) AS x(seq, v)
        WHERE t.entity_seq = x.seq AND t.${column} = x.v`,
        [p.seqs, p.values],
      );
    };
    await decrement('entity_aliases', 'alias', drop.aliases);
    await decrement('entity_titles', 'title', drop.titles);
    await decrement('entity_search', 'term', drop.terms);
    if (swept.size > 0) {
      const seqs = [...swept];
      for (const table of ['entity_aliases', 'entity_titles', 'entity_search'])
        await query(db, `DELETE FROM ${table} WHERE entity_seq = ANY($1::bigint[]) AND article_count <= 0`, [seqs]);
    }
  }

  return { counts, additions, flush };
}
