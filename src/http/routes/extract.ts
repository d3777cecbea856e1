// POST /extract: what ingesting a text would produce, for exactly the posted text; nothing is stored.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ArticleDraft } from '../../analysis/article-draft.js';
import { ArticleTextSchema, assembleArticle, type Extraction, ExtractionSchema } from '../../schemas/article.js';
import { problems, withExample, withInputExample } from '../../schemas/common.js';
import { EXAMPLE_EXTRACTION, EXAMPLE_TEXT, exampleInvalid } from '../../schemas/examples.js';
import type { Analyser } from '../../service/analysis-pool.js';
import { sendProblem } from '../problems.js';

/** The API shape of a draft: what GET /articles/:id would return once it is stored. */
export function draftToExtraction(d: ArticleDraft): Extraction {
  const entities = d.entities.map((e) => ({
    id: e.id,
    type: e.type,
    name: e.name,
    aliases: e.aliases,
    titles: e.titles,
    countryCode: e.countryCode,
    mentions: e.mentions,
  }));
  return assembleArticle({
    id: d.id,
    headline: d.headline,
    standfirst: d.standfirst,
    dateline: d.dateline,
    source: d.source,
    publishedAt: d.publishedAt,
    ingestedAt: null,
    url: d.url,
    language: d.language,
    extractorVersion: d.extractorVersion,
    paragraphs: d.paragraphs,
    text: d.text,
    entities,
    quotes: d.quotes.map((q) => {
      const speaker = q.speaker === null ? undefined : entities[q.speaker];
      return {
        id: q.id,
        kind: q.kind,
        text: q.text,
        parts: q.parts,
        start: q.start,
        end: q.end,
        cue: q.cue,
        speaker: speaker ? { id: speaker.id, type: speaker.type, name: speaker.name } : null,
        speakerMention: q.speakerMention,
        occurrences: q.occurrences,
      };
    }),
  });
}

export const extractRoutes: FastifyPluginAsyncZod<{ analyser: Analyser }> = async (app, { analyser }) => {
  app.post(
    '/extract',
    {
      schema: {
        operationId: 'extractArticle',
        tags: ['extraction'],
        summary: 'Analyse a plain-text article without storing it',
        description: 'Returns the article, entities and quotes that ingesting this exact text would store.',
        consumes: ['text/plain'],
        body: withInputExample(ArticleTextSchema, EXAMPLE_TEXT),
        response: {
          200: withExample(ExtractionSchema, EXAMPLE_EXTRACTION),
          ...problems(
            {
              instance: '/extract',
              invalid: exampleInvalid('/extract', 'body', '', 'the text is empty'),
              details: { 415: 'send the article as text/plain' },
            },
            400,
            413,
            415,
          ),
        },
      },
      preValidation: async (request, reply) => {
        if (!request.headers['content-type']?.toLowerCase().startsWith('text/plain')) {
          return sendProblem(reply, 415, 'send the article as text/plain');
        }
      },
    },
    async (request) => draftToExtraction(await analyser.analyse(request.body)),
  );
};
