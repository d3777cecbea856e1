// Reading entities from the SQLite store: one by id, lists by count, name or name prefix, related
// entities, and the entities of one article with their mentions.
import type Database from 'better-sqlite3';
import type { ArticleEntity } from '../../schemas/article.js';
import type { Entity, RelatedEntity } from '../../schemas/entity.js';
import { fold } from '../../text/fold.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { type EntityFilter, InvalidCursorError, type Page, type PageRequest, unknownAfter } from '../news-store.js';
import { type EntityRow, entityKey, MAX, namedEntity } from '../rows.js';
import type { Keys } from './keys.js';
import { prepareLists } from './list-sql.js';

export type EntityRepository = ReturnType<typeof createEntityRepository>;

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it. */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

function prepareEntityReads(db: Database.Database) {
  return {
    articleEntities: db.prepare<[number], EntityRow>(`SELECT e.* FROM article_entities ae
      JOIN entities e ON e.seq = ae.entity_seq WHERE ae.article_seq = ? ORDER BY ae.position`),
    articleMentions: db.prepare<[number], { entity_seq: number; start: number; end: number; text: string }>(
      'SELECT entity_seq, start, end, text FROM mentions WHERE article_seq = ? ORDER BY start',
    ),
    aliasesOf: db.prepare<[string], { entity_seq: number; alias: string }>(
      'SELECT entity_seq, alias FROM entity_aliases WHERE entity_seq IN (SELECT value FROM json_each(?)) ORDER BY entity_seq, alias',
    ),
    titlesOf: db.prepare<[string], { entity_seq: number; title: string }>(
      'SELECT entity_seq, title FROM entity_titles WHERE entity_seq IN (SELECT value FROM json_each(?)) ORDER BY entity_seq, title',
    ),
    entity: db.prepare<[string], EntityRow>('SELECT * FROM entities WHERE id = ?'),
    firstTerm: db.prepare<{ seq: number; from: string; to: string }, { term: string }>(
      'SELECT min(term) AS term FROM entity_search WHERE entity_seq = @seq AND term >= @from AND term < @to',
    ),
    sortName: db.prepare<[number], { sort_name: string }>('SELECT sort_name FROM entities WHERE seq = ?'),
    entityCounts: db.prepare<[string], { seq: number; article_count: number }>(
      'SELECT seq, article_count FROM entities WHERE id = ?',
    ),
    lists: prepareLists(db, [
      'entities',
      'entitiesByType',
      'entitiesByArticles',
      'entitiesByTypeArticles',
      'entitiesBySortName',
      'entitiesByTypeSortName',
      'entitiesByName',
      'entitiesByTypeName',
      'related',
    ]),
  };
}

type Reads = ReturnType<typeof prepareEntityReads>;

/** Aliases and titles of a set of entities, keyed by entity seq. */
function labels(q: Reads, seqs: number[]) {
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

function toEntities(q: Reads, rows: EntityRow[]): Entity[] {
  const { aliases, titles } = labels(
    q,
    rows.map((r) => r.seq),
  );
  return rows.map((r) => ({
    ...namedEntity(r, aliases.get(r.seq) ?? [], titles.get(r.seq) ?? []),
    mentionCount: r.mention_count,
    articleCount: r.article_count,
  }));
}

/** The entities of an article in the order it first names them, each with its mentions there. */
function ofArticle(q: Reads, articleSeq: number): ArticleEntity[] {
  const entityRows = q.articleEntities.all(articleSeq);
  const mentions = new Map<number, ArticleEntity['mentions']>();
  for (const m of q.articleMentions.all(articleSeq)) {
    const list = mentions.get(m.entity_seq) ?? [];
    list.push({ start: m.start, end: m.end, text: m.text });
    mentions.set(m.entity_seq, list);
  }
  const { aliases, titles } = labels(
    q,
    entityRows.map((r) => r.seq),
  );
  return entityRows.map((r) => ({
    ...namedEntity(r, aliases.get(r.seq) ?? [], titles.get(r.seq) ?? []),
    mentions: mentions.get(r.seq) ?? [],
  }));
}

/** One page of entities (n rows, one more than asked) with a name starting with `prefix`. */
function byName(q: Reads, req: EntityFilter, prefix: string, n: number): EntityRow[] {
  const from = fold(prefix);
  const to = prefixEnd(from);
  let term = '';
  let seq = 0;
  if (req.cursor) {
    seq = lastSeq(req.cursor);
    term = q.firstTerm.get({ seq, from, to })?.term ?? '';
    if (!term) throw new InvalidCursorError();
  }
  const params = { from, to, term, seq, limit: n };
  return (
    req.type === undefined
      ? q.lists.entitiesByName.all(params)
      : q.lists.entitiesByTypeName.all({ ...params, type: req.type })
  ) as EntityRow[];
}

/** One page of entities (n rows) in name order. */
function bySortName(q: Reads, req: EntityFilter, n: number): EntityRow[] {
  let name = '';
  let seq = 0;
  if (req.cursor) {
    seq = lastSeq(req.cursor);
    name = q.sortName.get(seq)?.sort_name ?? '';
    if (!name) throw new InvalidCursorError();
  }
  return (
    req.type === undefined
      ? q.lists.entitiesBySortName.all(name, seq, n)
      : q.lists.entitiesByTypeSortName.all(req.type, name, seq, n)
  ) as EntityRow[];
}

/** The cursor a page ending with the stored entity `id` would hand out, in the order `req` asks for. */
function cursorAfter(q: Reads, req: EntityFilter, id: string): string {
  const row = q.entity.get(id);
  if (!row) throw unknownAfter(id);
  return encodeCursor(entityKey(req, row));
}

function list(q: Reads, filter: EntityFilter): Page<Entity> {
  const req = filter.after === undefined ? filter : { ...filter, cursor: cursorAfter(q, filter, filter.after) };
  const n = req.limit + 1;
  let rows: EntityRow[];
  let key: (r: EntityRow) => (string | number)[];
  if (req.q !== undefined) {
    rows = byName(q, req, req.q, n);
    key = (r) => [r.seq];
  } else if (req.sort === 'name') {
    rows = bySortName(q, req, n);
    key = (r) => [r.seq];
  } else {
    const byArticles = req.sort === 'articles';
    const [count, seq] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
    const [all, typed] = byArticles
      ? [q.lists.entitiesByArticles, q.lists.entitiesByTypeArticles]
      : [q.lists.entities, q.lists.entitiesByType];
    rows = (req.type === undefined ? all.all(count, seq, n) : typed.all(req.type, count, seq, n)) as EntityRow[];
    key = (r) => [byArticles ? r.article_count : r.mention_count, r.seq];
  }
  const more = rows.length > req.limit;
  const kept = more ? rows.slice(0, req.limit) : rows;
  const last = kept[kept.length - 1];
  return { data: toEntities(q, kept), next: more && last ? encodeCursor(key(last)) : null };
}

function related(q: Reads, seq: number | undefined, req: PageRequest): Page<RelatedEntity> | null {
  if (seq === undefined) return null;
  const [count, other] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
  const rows = q.lists.related.all({ seq, count, other, limit: req.limit + 1 }) as (EntityRow & {
    shared: number;
  })[];
  const more = rows.length > req.limit;
  const kept = more ? rows.slice(0, req.limit) : rows;
  const last = kept[kept.length - 1];
  const entities = toEntities(q, kept);
  return {
    data: entities.map((entity, i) => ({ ...entity, sharedArticles: kept[i]?.shared ?? 0 })),
    next: more && last ? encodeCursor([last.shared, last.seq]) : null,
  };
}

export function createEntityRepository(db: Database.Database, keys: Keys) {
  const q = prepareEntityReads(db);

  return {
    get: (id: string): Entity | null => {
      const row = q.entity.get(id);
      return row ? (toEntities(q, [row])[0] ?? null) : null;
    },
    /** The seq and article count of an entity, for choosing the rarest of several to drive a query. */
    counts: (id: string) => q.entityCounts.get(id),
    ofArticle: (articleSeq: number) => ofArticle(q, articleSeq),
    list: (req: EntityFilter) => list(q, req),
    related: (id: string, req: PageRequest) => related(q, keys.entitySeq(id), req),
  };
}

/**
 * Name-ordered cursors carry only the last entity's seq, and its name is looked up again: names can
 * be long, cursors must stay short. A cursor whose entity has gone cannot resume.
 */
function lastSeq(cursor: string): number {
  const [seq] = decodeCursor(cursor, ['number']);
  return seq;
}
