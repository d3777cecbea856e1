// Writing and taking back what an article gives the entities: their counts, mentions, labels and
// co-occurrence pairs. The policy (which entity a draft entity joins, which labels count) is in
// src/store/linking.ts and labels.ts; this file is the SQLite side of it.
import type Database from 'better-sqlite3';
import type { ArticleDraft } from '../../analysis/article-draft.js';
import { fold } from '../../text/fold.js';
import { countLabels, encodeLabels, type Given, give, type LabelCounts, uncountLabels } from '../labels.js';
import { type EntityLookup, resolveEntity } from '../linking.js';

export type EntityWrites = ReturnType<typeof createEntityWrites>;

function prepareEntityWrites(db: Database.Database) {
  return {
    surnameCandidates: db.prepare<{ term: string; key: string }, { seq: number; name: string }>(
      `SELECT DISTINCT e.seq, e.name FROM entity_search s JOIN entities e ON e.seq = s.entity_seq
      WHERE s.type = 'person' AND s.term = @term AND e.key != @key AND instr(trim(e.name), ' ') > 0 LIMIT 2`,
    ),
    pairUp: db.prepare(`INSERT INTO entity_pairs (entity_seq, other_seq, article_count) VALUES (?, ?, 1)
      ON CONFLICT DO UPDATE SET article_count = article_count + 1`),
    pairDown: db.prepare(
      'UPDATE entity_pairs SET article_count = article_count - 1 WHERE entity_seq = ? AND other_seq = ?',
    ),
    pairsGone: db.prepare('DELETE FROM entity_pairs WHERE entity_seq = ? AND article_count <= 0'),
    deleteMentions: db.prepare('DELETE FROM mentions WHERE article_seq = ?'),
    deleteArticleEntities: db.prepare('DELETE FROM article_entities WHERE article_seq = ?'),
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
    // Labels are counted by the articles that give them (see src/store/labels.ts).
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
    articleEntityCounts: db.prepare<
      [number],
      { entity_seq: number; mention_count: number; labels: string | null; name: string }
    >(`SELECT ae.entity_seq, ae.mention_count, ae.labels, e.name FROM article_entities ae
      JOIN entities e ON e.seq = ae.entity_seq WHERE ae.article_seq = ?`),
    deleteOrphan: db.prepare('DELETE FROM entities WHERE seq = ? AND article_count = 0'),
  };
}

/** The engine's side of entity linking and label bookkeeping, on prepared statements. */
function sqliteLinking(q: ReturnType<typeof prepareEntityWrites>): { lookup: EntityLookup; labels: LabelCounts } {
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
  const labels: LabelCounts = {
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
  return { lookup, labels };
}

/** Entity writes of one article; every method runs inside the caller's transaction. */
export function createEntityWrites(db: Database.Database) {
  const q = prepareEntityWrites(db);
  const { lookup, labels } = sqliteLinking(q);

  /** Links, counts and labels the article's entities; returns each draft entity's stored seq. */
  function write(articleSeq: number, draft: ArticleDraft, sortDate: string): number[] {
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
      countLabels(labels, seq, g);
      q.insertArticleEntity.run(seq, articleSeq, g.position, g.mentions, sortDate, encodeLabels(g));
    }
    for (const a of seen) for (const b of seen) if (a !== b) q.pairUp.run(a, b);
    return entitySeqs;
  }

  /** Takes back what write() wrote; returns the entities that may now be mentioned nowhere. */
  function remove(articleSeq: number): number[] {
    const counts = q.articleEntityCounts.all(articleSeq);
    for (const c of counts) {
      q.countEntity.run(-c.mention_count, -1, c.entity_seq);
      uncountLabels(labels, c.entity_seq, c.name, c.labels);
    }
    for (const a of counts) {
      for (const b of counts) if (a.entity_seq !== b.entity_seq) q.pairDown.run(a.entity_seq, b.entity_seq);
      q.pairsGone.run(a.entity_seq);
    }
    q.deleteMentions.run(articleSeq);
    q.deleteArticleEntities.run(articleSeq);
    return counts.map((c) => c.entity_seq);
  }

  /** Deletes those of `seqs` no article mentions any more (after remove() and the article's own rewrite). */
  function deleteOrphans(seqs: number[]): void {
    for (const seq of seqs) q.deleteOrphan.run(seq);
  }

  return { write, remove, deleteOrphans };
}
