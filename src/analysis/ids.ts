// Deterministic ids: the same text always gives the same article id, and the same entity (type and
// normalised key) the same entity id in every database, so ids survive re-ingesting and rebuilding.
import { createHash } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

export const articleId = (text: string) => digest(text);
export const entityId = (type: string, key: string) => digest(`entity\0${type}\0${key}`);
export const quoteId = (articleId: string, start: number, end: number) =>
  digest(`quote\0${articleId}\0${start}\0${end}`);
