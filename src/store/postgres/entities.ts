// Reading entities from the PostgreSQL store: one by id, lists by count, name or name prefix,
// related entities, and the entities of one article with their mentions. Same answers as
// src/store/sqlite/entities.ts, from the statements of list-sql.ts.
import type { ArticleEntity } from '../../schemas/article.js';
import type { Entity, RelatedEntity } from '../../schemas/entity.js';
import { fold } from '../../text/fold.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { type EntityFilter, InvalidCursorError, type Page, type PageRequest, unknownAfter } from '../news-store.js';
import { type EntityRow, entityKey, MAX, namedEntity } from '../rows.js';
import { one, type Queryable, query } from './db.js';
import { ENTITY_COLUMNS, PG_LIST_SQL as L } from './list-sql.js';

export type EntityRepository = ReturnType<typeof createEntityRepository>;

/** The upper bound of a prefix range: every string starting with `prefix` sorts below it (COLLATE "C"). */
const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

/** An entity row with its aliases and titles (list-sql.ts ENTITY_COLUMNS). */
type LabelledRow = EntityRow & { aliases: string[]; titles: string[] };

function toEntity(r: LabelledRow): Entity {
  return { ...namedEntity(r, r.aliases, r.titles), mentionCount: r.mention_count, articleCount: r.article_count };
}

/** The entities of an article in the order it first names them, each with its mentions there. */
async function ofArticle(db: Queryable, articleSeq: number): Promise<ArticleEntity[]> {
  const rows = await query<LabelledRow>(
    db,
    `SELECT ${ENTITY_COLUMNS} FROM article_entities ae JOIN entities e ON e.seq = ae.entity_seq
    WHERE ae.article_seq = $1 ORDER BY ae.position`,
    [articleSeq],
  );
  const mentions = new Map<number, ArticleEntity['mentions']>();
  const found = await query<{ entity_seq: number; start: number; end: number; text: string }>(
    db,
    'SELECT m.entity_seq, m.start, m."end", m.text FROM mentions m WHERE m.article_seq = $1 ORDER BY m.start',
    [articleSeq],
  );
  for (const m of found) {
    const list = mentions.get(m.entity_seq) ?? [];
    list.push({ start: m.start, end: m.end, text: m.text });
    mentions.set(m.entity_seq, list);
  }
  return rows.map((r) => ({ ...namedEntity(r, r.aliases, r.titles), mentions: mentions.get(r.seq) ?? [] }));
}

/**
 * Name-ordered cursors carry only the last entity's seq, and its name is looked up again: names can
 * be long, cursors must stay short. A cursor whose entity has gone cannot resume.
 */
function lastSeq(cursor: string): number {
  const [seq] = decodeCursor(cursor, ['number']);
  return seq;
}

/** One page of entities (n rows) with a name starting with `prefix`. */
async function byName(db: Queryable, req: EntityFilter, prefix: string, n: number): Promise<LabelledRow[]> {
  const from = fold(prefix);
  const to = prefixEnd(from);
  let term = '';
  let seq = 0;
  if (req.cursor) {
    seq = lastSeq(req.cursor);
    const row = await one<{ term: string | null }>(
      db,
      'SELECT min(term) AS term FROM entity_search WHERE entity_seq = $1 AND term >= $2 AND term < $3',
      [seq, from, to],
    );
    term = row?.term ?? '';
    if (!term) throw new InvalidCursorError();
  }
  return req.type === undefined
    ? query<LabelledRow>(db, L.entitiesByName, [from, to, term, seq, n])
    : query<LabelledRow>(db, L.entitiesByTypeName, [from, to, term, seq, n, req.type]);
}

/** One page of entities (n rows) in name order. */
async function bySortName(db: Queryable, req: EntityFilter, n: number): Promise<LabelledRow[]> {
  let name = '';
  let seq = 0;
  if (req.cursor) {
    seq = lastSeq(req.cursor);
    name =
      (await one<{ sort_name: string }>(db, 'SELECT sort_name FROM entities WHERE seq = $1', [seq]))?.sort_name ?? '';
    if (!name) throw new InvalidCursorError();
  }
  return req.type === undefined
    ? query<LabelledRow>(db, L.entitiesBySortName, [name, seq, n])
    : query<LabelledRow>(db, L.entitiesByTypeSortName, [name, seq, n, req.type]);
}

/** The cursor a page ending with the stored entity `id` would hand out, in the order `req` asks for. */
async function cursorAfter(db: Queryable, req: EntityFilter, id: string): Promise<string> {
  const row = await one<EntityRow>(db, 'SELECT * FROM entities WHERE id = $1', [id]);
  if (!row) throw unknownAfter(id);
  return encodeCursor(entityKey(req, row));
}

async function list(db: Queryable, filter: EntityFilter): Promise<Page<Entity>> {
  const req = filter.after === undefined ? filter : { ...filter, cursor: await cursorAfter(db, filter, filter.after) };
  const n = req.limit + 1;
  let rows: LabelledRow[];
  let key: (r: EntityRow) => (string | number)[];
  if (req.q !== undefined) {
    rows = await byName(db, req, req.q, n);
    key = (r) => [r.seq];
  } else if (req.sort === 'name') {
    rows = await bySortName(db, req, n);
    key = (r) => [r.seq];
  } else {
    const byArticles = req.sort === 'articles';
    const [count, seq] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
    const [all, typed] = byArticles ? [L.entitiesByArticles, L.entitiesByTypeArticles] : [L.entities, L.entitiesByType];
    rows = await (req.type === undefined
      ? query<LabelledRow>(db, all, [count, seq, n])
      : query<LabelledRow>(db, typed, [count, seq, n, req.type]));
    key = (r) => [byArticles ? r.article_count : r.mention_count, r.seq];
  }
  const more = rows.length > req.limit;
  const kept = more ? rows.slice(0, req.limit) : rows;
  const last = kept[kept.length - 1];
  return { data: kept.map(toEntity), next: more && last ? encodeCursor(key(last)) : null };
}

/** Whether an entity with this id is stored. */
async function exists(db: Queryable, id: string): Promise<boolean> {
  return (await one(db, 'SELECT 1 FROM entities WHERE id = $1', [id])) !== undefined;
}

async function related(db: Queryable, id: string, req: PageRequest): Promise<Page<RelatedEntity> | null> {
  let count: number;
  let other: number;
  try {
    [count, other] = req.cursor ? decodeCursor(req.cursor, ['number', 'number']) : [MAX, MAX];
  } catch (err) {
    // An unknown entity is a 404 whatever its cursor, as it was when the entity was looked up first.
    if (!(await exists(db, id))) return null;
    throw err;
  }
  // One statement finds the entity and its page (list-sql.ts); no rows may also mean no entity.
  const rows = await query<LabelledRow & { shared: number }>(db, L.related, [id, count, other, req.limit + 1]);
  if (rows.length === 0 && !(await exists(db, id))) return null;
  const more = rows.length > req.limit;
  const kept = more ? rows.slice(0, req.limit) : rows;
  const last = kept[kept.length - 1];
  return {
    data: kept.map((r) => ({ ...toEntity(r), sharedArticles: r.shared })),
    next: more && last ? encodeCursor([last.shared, last.seq]) : null,
  };
}

export function createEntityRepository(db: Queryable) {
  return {
    get: async (id: string): Promise<Entity | null> => {
      const row = await one<LabelledRow>(db, `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE id = $1`, [id]);
      return row ? toEntity(row) : null;
    },
    /** The seq and article count of an entity, for choosing the rarest of several to drive a query. */
    counts: (id: string) =>
      one<{ seq: number; article_count: number }>(db, 'SELECT seq, article_count FROM entities WHERE id = $1', [id]),
    ofArticle: (articleSeq: number) => ofArticle(db, articleSeq),
    list: (req: EntityFilter) => list(db, req),
    related: (id: string, req: PageRequest) => related(db, id, req),
  };
}
