// Public ids to the integer keys the tables join on. Every repository asks the same two questions,
// so the statements are prepared once, here, and shared.
import type Database from 'better-sqlite3';

export interface Keys {
  articleSeq(id: string): number | undefined;
  entitySeq(id: string): number | undefined;
}

export function prepareKeys(db: Database.Database): Keys {
  const article = db.prepare<[string], number>('SELECT seq FROM articles WHERE id = ?').pluck();
  const entity = db.prepare<[string], number>('SELECT seq FROM entities WHERE id = ?').pluck();
  return { articleSeq: (id) => article.get(id), entitySeq: (id) => entity.get(id) };
}
