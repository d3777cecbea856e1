// The whole-article check the crash tests share (crash.ts, queue-crash.ts).

/**
 * What must be stored for a text, in a form both answers share. The store links a lone surname to
 * the one known person with that name across articles, so entity ids and their number may differ
 * from what /extract (which sees one text) says; every mention and every quote must be there.
 */
export function essence(a: {
  entities: { type: string; mentions: { start: number; end: number; text: string }[] }[];
  quotes: {
    id: string;
    kind: string;
    start: number;
    end: number;
    text: string;
    speaker: { id: string } | null;
    occurrences: unknown[];
  }[];
}) {
  const entities = a.entities.flatMap((e) => e.mentions.map((m) => `${e.type} ${m.start}-${m.end} ${m.text}`)).sort();
  const quotes = a.quotes
    .map(
      (q) =>
        `${q.id} ${q.kind} ${q.start}-${q.end} ${q.speaker ? 'attributed' : '-'} ${JSON.stringify(q.occurrences)} ${q.text}`,
    )
    .sort();
  return { entities, quotes };
}
