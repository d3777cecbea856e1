// Writing and taking back what an article gives the entities, in PostgreSQL: counts, mentions, labels
// and co-occurrence pairs. The policy is src/store/linking.ts and labels.ts, called as is. Its
// EntityLookup is synchronous (better-sqlite3 transactions cannot await), so this side works in
// three steps inside the caller's transaction:
//  1. ask the policy which surnames it will look up (a recording lookup), and fetch the candidates
//     in one query. Within one article nothing written changes them: an article's entities get their
//     search terms only after all of them are resolved, as in SQLite;
//  2. upsert, in the draft's order, the entities the policy will not join to a known person (it
//     decides from the candidates alone, so asking it again gives the same answer);
//  3. run resolveEntity with a lookup answering from steps 1 and 2 and recording count changes, then
//     write those, the mentions, the labels (label-batch.ts) and the pairs.
import type { ArticleDraft, DraftEntity } from '../../analysis/article-draft.js';
import { fold } from '../../text/fold.js';
import { countLabels, encodeLabels, type Given, give, uncountLabels } from '../labels.js';
import { type EntityLookup, knownPersonFor, resolveEntity, type StoredEntity } from '../linking.js';
import { type Queryable, query, queryTogether, statementValues } from './db.js';
import { labelBatch } from './label-batch.js';

const pairKey = (term: string, key: string) => `${term}\u0000${key}`;

/** Step 1: the stored people each lone surname of the draft may be (see EntityLookup.personsWithSurname). */
async function surnameCandidates(db: Queryable, draft: ArticleDraft): Promise<Map<string, StoredEntity[]>> {
  const asked: { term: string; key: string }[] = [];
  const recorder: EntityLookup = {
    personsWithSurname: (term, key) => {
      asked.push({ term, key });
      return [];
    },
    upsertByKey: () => ({ seq: 0, name: '' }),
    addCounts: () => {},
  };
  for (const e of draft.entities) knownPersonFor(e, draft, recorder);
  const found = new Map<string, StoredEntity[]>(asked.map((a) => [pairKey(a.term, a.key), []]));
  if (asked.length === 0) return found;
  const rows = await query<{ term: string; key: string; seq: number; name: string }>(
    db,
    `SELECT x.term, x.key, c.seq, c.name FROM unnest($1::text[], $2::text[]) AS x(term, key)
    CROSS JOIN LATERAL (SELECT DISTINCT e.seq, e.name FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
      WHERE s.type = 'person' AND s.term = x.term AND e.key <> x.key AND position(' ' in btrim(e.name)) > 0
      LIMIT 2) c`,
    [asked.map((a) => a.term), asked.map((a) => a.key)],
  );
  for (const r of rows) found.get(pairKey(r.term, r.key))?.push({ seq: r.seq, name: r.name });
  return found;
}

const entityKey = (e: { type: string; key: string }) => `${e.type}\u0000${e.key}`;

/**
 * Step 2: the entities of the draft's types and keys, created when new, their counts grown (as
 * linking.ts says), in one statement; keyed by entityKey. The same as one upsert per entity in the
 * draft's order: PostgreSQL refuses to touch a row twice in one statement, so an entity the draft
 * names twice is one row here, with both's mentions, counted for two articles (resolveEntity takes
 * one back, as after two upserts), its country the first given; new entities get seqs in the order
 * of their first appearance.
 */
async function upsertAll(db: Queryable, entities: DraftEntity[]): Promise<Map<string, StoredEntity>> {
  const rows = new Map<string, { e: DraftEntity; countryCode: string | null; mentions: number; articles: number }>();
  for (const e of entities) {
    const row = rows.get(entityKey(e));
    if (!row) rows.set(entityKey(e), { e, countryCode: e.countryCode, mentions: e.mentions.length, articles: 1 });
    else {
      row.countryCode ??= e.countryCode;
      row.mentions += e.mentions.length;
      row.articles += 1;
    }
  }
  const stored = new Map<string, StoredEntity>();
  if (rows.size === 0) return stored;
  const list = [...rows.values()];
  // ORDER BY ord: the rows are inserted (and take their seqs and locks) in the draft's order.
  const returned = await query<StoredEntity & { type: string; key: string }>(
    db,
    `INSERT INTO entities (id, type, key, name, sort_name, country_code, mention_count, article_count)
    SELECT x.id, x.type, x.key, x.name, x.sort_name, x.country_code, x.mentions, x.articles
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[])
      WITH ORDINALITY AS x(id, type, key, name, sort_name, country_code, mentions, articles, ord)
    ORDER BY x.ord
    ON CONFLICT (type, key) DO UPDATE SET country_code = coalesce(entities.country_code, excluded.country_code),
      mention_count = entities.mention_count + excluded.mention_count,
      article_count = entities.article_count + excluded.article_count
    RETURNING seq, name, type, key`,
    [
      list.map((r) => r.e.id),
      list.map((r) => r.e.type),
      list.map((r) => r.e.key),
      list.map((r) => r.e.name),
      list.map((r) => fold(r.e.name)),
      list.map((r) => r.countryCode),
      list.map((r) => r.mentions),
      list.map((r) => r.articles),
    ],
  );
  for (const r of returned) stored.set(entityKey(r), { seq: r.seq, name: r.name });
  return stored;
}

/** Steps 1 to 3's lookup: each draft entity's stored entity and the count changes the policy asks for. */
async function resolveAll(db: Queryable, draft: ArticleDraft): Promise<{ rows: StoredEntity[]; counts: number[][] }> {
  const candidates = await surnameCandidates(db, draft);
  const personsWithSurname = (term: string, key: string) => candidates.get(pairKey(term, key)) ?? [];
  const prefetched: EntityLookup = {
    personsWithSurname,
    upsertByKey: () => ({ seq: 0, name: '' }),
    addCounts: () => {},
  };
  // In the draft's order, as SQLite creates them: new entities get their keys in that order, and
  // lists break ties by key. Two writers may so lock shared entities in different orders; PostgreSQL
  // then aborts one, and transaction() runs it again.
  const toUpsert = draft.entities.filter((e) => knownPersonFor(e, draft, prefetched) === null);
  const upserted = await upsertAll(db, toUpsert);
  const counts: number[][] = [];
  const lookup: EntityLookup = {
    personsWithSurname,
    upsertByKey: (e) => {
      const row = upserted.get(entityKey(e));
      if (!row) throw new Error(`entity ${e.id} was not stored`);
      return row;
    },
    addCounts: (seq, mentions, articles) => {
      counts.push([seq, mentions, articles]);
    },
  };
  const seen = new Set<number>();
  const rows = draft.entities.map((e) => {
    const row = resolveEntity(e, draft, seen, lookup);
    seen.add(row.seq);
    return row;
  });
  return { rows, counts };
}

/** Adds [seq, mentions, articles] changes to the entities' counts, summed per entity, in one statement. */
async function addCounts(db: Queryable, counts: number[][]): Promise<void> {
  // The same entity can change twice (a lone surname and its full name): one row each here.
  const sums = new Map<number, [number, number]>();
  for (const [seq = 0, mentions = 0, articles = 0] of counts) {
    const sum = sums.get(seq) ?? [0, 0];
    sum[0] += mentions;
    sum[1] += articles;
    sums.set(seq, sum);
  }
  for (const [seq, [mentions, articles]] of sums) if (mentions === 0 && articles === 0) sums.delete(seq);
  if (sums.size === 0) return;
  await query(
    db,
    `UPDATE entities SET mention_count = mention_count + x.m, article_count = article_count + x.a
    FROM unnest($1::bigint[], $2::int[], $3::int[]) AS x(seq, m, a) WHERE entities.seq = x.seq`,
    [[...sums.keys()], [...sums.values()].map((s) => s[0]), [...sums.values()].map((s) => s[1])],
  );
}

/**
 * Links, counts and labels the article's entities; `more`, given each draft entity's stored seq, adds
 * statements (none reading what these write) to the last one, which is sent with them (the quotes).
 */
export async function writeEntities(
  db: Queryable,
  articleSeq: number,
  draft: ArticleDraft,
  sortDate: string,
  more: (v: ReturnType<typeof statementValues>, entitySeqs: number[]) => string[] = () => [],
): Promise<number[]> {
  const { rows, counts } = await resolveAll(db, draft);
  await addCounts(db, counts);
  const given = new Map<number, Given>();
  // Columns of the mentions: starts, ends, entity seqs, texts.
  const mentions: [number[], number[], number[], string[]] = [[], [], [], []];
  draft.entities.forEach((e, position) => {
    const row = rows[position] as StoredEntity;
    give(given, row, e, position);
    for (const m of e.mentions) {
      mentions[0].push(m.start);
      mentions[1].push(m.end);
      mentions[2].push(row.seq);
      mentions[3].push(m.text);
    }
  });
  const batch = labelBatch();
  for (const [seq, g] of given) countLabels(batch.counts, seq, g);
  const v = statementValues();
  const seqs = rows.map((r) => r.seq);
  const statements = [...batch.additions(v), ...links(v, articleSeq, given, mentions, sortDate), ...more(v, seqs)];
  await queryTogether(db, statements, v.values);
  return seqs;
}

/** The statements writing the article's mentions, its article_entities rows (with what it gave) and its entity pairs. */
function links(
  v: ReturnType<typeof statementValues>,
  articleSeq: number,
  given: Map<number, Given>,
  mentions: [number[], number[], number[], string[]],
  sortDate: string,
): string[] {
  const article = v.$(articleSeq);
  const seqs = v.$([...given.keys()]);
  const entries = [...given.values()];
  return [
    // ON CONFLICT DO NOTHING: two mentions at one offset keep the first, as SQLite's INSERT OR IGNORE.
    `INSERT INTO mentions (article_seq, start, "end", entity_seq, text)
    SELECT ${article}::bigint, * FROM unnest(${mentions.map((m, i) => `${v.$(m)}::${['int', 'int', 'bigint', 'text'][i]}[]`).join(', ')})
    ON CONFLICT DO NOTHING`,
    `INSERT INTO article_entities (entity_seq, article_seq, position, mention_count, sort_date, labels)
    SELECT x.seq, ${article}::bigint, x.position, x.mentions, ${v.$(sortDate)}::text, x.labels
    FROM unnest(${seqs}::bigint[], ${v.$(entries.map((g) => g.position))}::int[], ${v.$(entries.map((g) => g.mentions))}::int[],
      ${v.$(entries.map(encodeLabels))}::text[]) AS x(seq, position, mentions, labels)`,
    `INSERT INTO entity_pairs (entity_seq, other_seq, article_count)
    SELECT a, b, 1 FROM unnest(${seqs}::bigint[]) a, unnest(${seqs}::bigint[]) b WHERE a <> b
    ON CONFLICT (entity_seq, other_seq) DO UPDATE SET article_count = entity_pairs.article_count + 1`,
  ];
}

/** Takes back what writeEntities wrote; returns the entities that may now be mentioned nowhere. */
export async function removeEntities(db: Queryable, articleSeq: number): Promise<number[]> {
  const counts = await query<{ entity_seq: number; mention_count: number; labels: string | null; name: string }>(
    db,
    `SELECT ae.entity_seq, ae.mention_count, ae.labels, e.name FROM article_entities ae
    JOIN entities e ON e.seq = ae.entity_seq WHERE ae.article_seq = $1`,
    [articleSeq],
  );
  const seqs = counts.map((c) => c.entity_seq);
  await query(
    db,
    `UPDATE entities SET mention_count = mention_count - x.m, article_count = article_count - 1
    FROM unnest($1::bigint[], $2::int[]) AS x(seq, m) WHERE entities.seq = x.seq`,
    [seqs, counts.map((c) => c.mention_count)],
  );
  const batch = labelBatch();
  for (const c of counts) uncountLabels(batch.counts, c.entity_seq, c.name, c.labels);
  await batch.flush(db);
  await query(
    db,
    `UPDATE entity_pairs SET article_count = article_count - 1
    WHERE entity_seq = ANY($1::bigint[]) AND other_seq = ANY($1::bigint[]) AND entity_seq <> other_seq`,
    [seqs],
  );
  await query(db, 'DELETE FROM entity_pairs WHERE entity_seq = ANY($1::bigint[]) AND article_count <= 0', [seqs]);
  await query(db, 'DELETE FROM mentions WHERE article_seq = $1', [articleSeq]);
  await query(db, 'DELETE FROM article_entities WHERE article_seq = $1', [articleSeq]);
  return seqs;
}

/** Deletes those of `seqs` no article mentions any more (after removeEntities and the article's rewrite). */
export async function deleteOrphans(db: Queryable, seqs: number[]): Promise<void> {
  if (seqs.length > 0)
    await query(db, 'DELETE FROM entities WHERE seq = ANY($1::bigint[]) AND article_count = 0', [seqs]);
}
