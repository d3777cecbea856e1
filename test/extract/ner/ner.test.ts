import { describe, expect, it } from 'vitest';
import { WordClusters } from '../../../src/extract/ner/clusters.js';
import { FeatureExtractor } from '../../../src/extract/ner/features.js';
import { defaultGazetteer, GAZ_CATEGORIES } from '../../../src/extract/ner/gazetteer.js';
import { deserializeModel, quantize, serializeModel } from '../../../src/extract/ner/model.js';
import { CITY, NameList } from '../../../src/extract/ner/names.js';
import { NerScore } from '../../../src/extract/ner/score.js';
import { Tagger } from '../../../src/extract/ner/tagger.js';
import { decode, encode, N_TAGS, TAGS, VALID } from '../../../src/extract/ner/tags.js';
import { corpusOf, trainModel } from '../../../src/extract/ner/train.js';
import { tokenize } from '../../../src/extract/tokenize.js';

const PER = 0;
const ORG = 1;
const LOC = 2;

describe('BILOU tags', () => {
  it('encodes spans and decodes them back', () => {
    const spans = [
      { start: 0, end: 2, type: PER },
      { start: 3, end: 4, type: LOC },
      { start: 5, end: 8, type: ORG },
    ];
    const tags = encode(spans, 9);
    expect([...tags].map((t) => TAGS[t])).toEqual([
      'B-PER',
      'L-PER',
      'O',
      'U-LOC',
      'O',
      'B-ORG',
      'I-ORG',
      'L-ORG',
      'O',
    ]);
    expect(decode(tags)).toEqual(spans);
  });

  it('decodes invalid sequences leniently', () => {
    const t = (name: string) => TAGS.indexOf(name);
    // B without L closes at the type change; a lone I opens a span; B at the end closes there
    expect(decode([t('B-PER'), t('U-LOC'), t('I-ORG'), t('O'), t('B-ORG')])).toEqual([
      { start: 0, end: 1, type: PER },
      { start: 1, end: 2, type: LOC },
      { start: 2, end: 3, type: ORG },
      { start: 4, end: 5, type: ORG },
    ]);
  });

  it('allows only valid transitions', () => {
    const t = (name: string) => TAGS.indexOf(name);
    const ok = (a: string, b: string) => VALID[t(a) * N_TAGS + t(b)] === 1;
    expect(ok('O', 'B-PER')).toBe(true);
    expect(ok('O', 'I-PER')).toBe(false);
    expect(ok('B-PER', 'L-PER')).toBe(true);
    expect(ok('B-PER', 'L-ORG')).toBe(false);
    expect(ok('B-PER', 'O')).toBe(false);
    expect(ok('L-PER', 'U-LOC')).toBe(true);
  });
});

describe('features', () => {
  const fx = new FeatureExtractor(WordClusters.empty(4), defaultGazetteer());

  it('gives words of one shape the same shape hash, and distinct words distinct hashes', () => {
    const a = fx.wordInfo('London');
    const b = fx.wordInfo('Paris');
    expect(a.hShape).toBe(b.hShape);
    expect(a.hWord).not.toBe(b.hWord);
    expect(fx.wordInfo('LONDON').hLower).toBe(a.hLower);
    expect(fx.wordInfo('LONDON').upper).toBe(true);
    expect(fx.wordInfo('1996-08-30').hShape).not.toBe(a.hShape);
    // prefixes and suffixes of the lowercased word
    expect(fx.wordInfo('Londoner').pre[2]).toBe(a.pre[2]);
    expect(fx.wordInfo('Berlin').suf[1]).not.toBe(a.suf[1]);
  });

  it('finds sentences, headlines and document-level capitalisation', () => {
    const text = 'SOCCER - ROTOR WIN IN VOLGOGRAD.\nRotor beat Spartak in Volgograd on Friday.\nThe club said so.';
    const doc = fx.prepare(text);
    expect(doc.sentences.map((s) => s.caps)).toEqual([true, false, false]);
    // mixed-case sentences are tagged before the headline
    expect(doc.order).toEqual([1, 2, 0]);
    expect(doc.capSeen.has('volgograd')).toBe(true);
    expect(doc.capSeen.has('rotor')).toBe(false); // only sentence-initial
    expect(doc.lowSeen.has('club')).toBe(true);
  });

  it('marks gazetteer matches with their BILOU part', () => {
    const doc = fx.prepare('He flew from France to New York and Tokyo.');
    const country = GAZ_CATEGORIES.indexOf('country');
    const state = GAZ_CATEGORIES.indexOf('state');
    const capital = GAZ_CATEGORIES.indexOf('capital');
    const at = (word: string) => doc.gaz[doc.tokens.findIndex((t) => t.text === word)] as number;
    expect(at('France') & (1 << (country * 4 + 3))).not.toBe(0);
    expect(at('New') & (1 << (state * 4))).not.toBe(0);
    expect(at('York') & (1 << (state * 4 + 2))).not.toBe(0);
    expect(at('Tokyo') & (1 << (capital * 4 + 3))).not.toBe(0);
    expect(at('flew')).toBe(0);
  });

  it('emits a bounded set of hashed features', () => {
    const doc = fx.prepare('Peter Smith visited Paris.');
    const out = new Uint32Array(256);
    const s = doc.sentences[0];
    if (!s) throw new Error('no sentence');
    const n = fx.features(doc, s, 1, 0, 0, new Map(), out);
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(256);
    // the same position gives the same features; another word other ones
    const again = new Uint32Array(256);
    fx.features(doc, s, 1, 0, 0, new Map(), again);
    expect([...again.subarray(0, n)]).toEqual([...out.subarray(0, n)]);
    const other = new Uint32Array(256);
    fx.features(doc, s, 3, 0, 0, new Map(), other);
    expect(new Set(other).has(out[1] as number)).toBe(false);
  });
});

// An invented corpus: people "<First> <Last> said", companies "<Name> Corp", places after "in".
const FIRST = ['Anna', 'Boris', 'Carla', 'David', 'Elena', 'Farid', 'Greta', 'Hugo'];
const LAST = ['Novak', 'Ortiz', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Ueda'];
const COMPANY = ['Acme', 'Borex', 'Cyntra', 'Dalto', 'Evix', 'Fulco'];
const PLACE = ['Lisbon', 'Oslo', 'Quito', 'Riga', 'Sofia', 'Turin'];

function invent(seed: number, count: number) {
  const docs = [];
  let r = seed;
  const pick = <T>(xs: T[]) => {
    r = (r * 1103515245 + 12345) % 2147483648;
    return xs[r % xs.length] as T;
  };
  for (let d = 0; d < count; d++) {
    let text = '';
    const entities: { type: string; start: number; end: number }[] = [];
    for (let s = 0; s < 4; s++) {
      const person = `${pick(FIRST)} ${pick(LAST)}`;
      const company = pick(COMPANY);
      const place = pick(PLACE);
      const add = (type: string, name: string) => {
        entities.push({ type, start: text.length, end: text.length + name.length });
        text += name;
      };
      add('PER', person);
      text += ' said the ';
      add('ORG', `${company} Corp`);
      text += ' office in ';
      add('LOC', place);
      text += ' would open soon.\n';
    }
    docs.push({ id: `doc${d}`, text, entities });
  }
  return docs;
}

describe('training', () => {
  const clusters = WordClusters.fromMap(
    new Map<string, number[]>([...PLACE.map((p) => [p, [1, 2, 3, 4]]), ...FIRST.map((f) => [f, [5, 6, 7, 8]])] as [
      string,
      number[],
    ][]),
    4,
  );
  const model = trainModel([corpusOf('invented', invent(7, 40))], clusters, { epochs: 4, bits: 16, seed: 1 });
  const tagger = new Tagger(model);

  it('learns to tag an invented corpus, new combinations included', () => {
    const text = 'Hugo Silva said the Evix Corp office in Riga would open soon.';
    expect(tagger.tag(text).map((e) => [e.type, text.slice(e.start, e.end)])).toEqual([
      ['person', 'Hugo Silva'],
      ['organization', 'Evix Corp'],
      ['place', 'Riga'],
    ]);
    const test = invent(99, 10);
    const score = new NerScore();
    for (const d of test) score.add(d.text, d.entities, tagger.tagTyped(d.text));
    expect(NerScore.micro(score.mention).f).toBe(1);
  });

  it('tags only the given regions, with offsets into the whole text', () => {
    const text = 'Anna Novak said the Acme Corp office in Oslo would open soon. Boris Ortiz said so.';
    const second = text.indexOf('Boris');
    const got = tagger.tag(text, [{ start: second, end: text.length }]);
    expect(got.map((e) => text.slice(e.start, e.end))).toEqual(['Boris Ortiz']);
  });

  it('is reproducible with a fixed seed', () => {
    const again = trainModel([corpusOf('invented', invent(7, 40))], clusters, { epochs: 4, bits: 16, seed: 1 });
    expect(Buffer.from(again.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
  });

  it('does not learn to miss MISC from a corpus that never annotates it', () => {
    // One corpus tags the products ("the Zentra 5 phone") MISC; a second, larger one names them in
    // the same way but, like the three-class corpora, leaves them untagged.
    const products = ['Zentra', 'Quorix', 'Velmo', 'Tarvo'];
    const withProducts = (docs: ReturnType<typeof invent>, tagged: boolean) =>
      docs.map((d, k) => {
        const name = products[k % products.length] as string;
        const text = `${d.text}Buyers liked the ${name} phone.\n`;
        const start = text.lastIndexOf(name);
        const extra = tagged ? [{ type: 'MISC', start, end: start + name.length }] : [];
        return { ...d, text, entities: [...d.entities, ...extra] };
      });
    const tagged = { ...corpusOf('four classes', withProducts(invent(11, 12), true)) };
    const untagged = (misc: boolean) => ({ ...corpusOf('three classes', withProducts(invent(13, 36), false)), misc });
    const findsProduct = (misc: boolean) => {
      const t = new Tagger(trainModel([tagged, untagged(misc)], clusters, { epochs: 4, bits: 16, seed: 1 }));
      const text = 'Anna Novak said buyers liked the Velmo phone.';
      return t.tagTyped(text).some((m) => m.type === 'MISC' && text.slice(m.start, m.end) === 'Velmo');
    };
    expect(findsProduct(true)).toBe(false);
    expect(findsProduct(false)).toBe(true);
  });

  it('weighs each corpus as its recipe says', () => {
    // Two corpora disagree on one convention: the same company names are organisations in one and
    // places in the other. Whichever counts more decides; the model records the mix it was trained on.
    const asPlaces = (docs: ReturnType<typeof invent>) =>
      docs.map((d) => ({ ...d, entities: d.entities.map((e) => (e.type === 'ORG' ? { ...e, type: 'LOC' } : e)) }));
    const train = (orgWeight: number, locWeight: number) =>
      trainModel(
        [
          { ...corpusOf('orgs', invent(21, 30)), weight: orgWeight },
          { ...corpusOf('places', asPlaces(invent(22, 30))), weight: locWeight },
        ],
        clusters,
        { epochs: 3, bits: 16, seed: 1, folds: 0 },
      );
    const text = 'Carla Rossi said the Dalto Corp office in Quito would open soon.';
    const typeOfCompany = (m: ReturnType<typeof train>) =>
      new Tagger(m).tagTyped(text).find((e) => text.slice(e.start, e.end).startsWith('Dalto'))?.type;
    expect(typeOfCompany(train(4, 1))).toBe('ORG');
    const placesWin = train(1, 4);
    expect(typeOfCompany(placesWin)).toBe('LOC');
    expect(placesWin.meta.corpora).toEqual([
      { name: 'orgs', documents: 30, weight: 1, misc: true, news: true },
      { name: 'places', documents: 30, weight: 4, misc: true, news: true },
    ]);
  });

  it('saves and loads a model without changing its output', () => {
    const bytes = serializeModel(model);
    const loaded = deserializeModel(bytes);
    expect(loaded.bits).toBe(model.bits);
    expect(Buffer.from(loaded.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
    expect(loaded.clusters.size).toBe(clusters.size);
    const text = invent(3, 1)[0]?.text ?? '';
    expect(new Tagger(loaded).tag(text)).toEqual(tagger.tag(text));
    // the sparse load builds the same table of non-zero rows without the dense weights
    const sparse = deserializeModel(bytes, { sparse: true });
    expect(sparse.weights.length).toBe(0);
    const dense = new Tagger(loaded).table;
    expect(sparse.compact?.rowOf).toEqual(dense.rowOf);
    expect(sparse.compact?.weights).toEqual(dense.weights);
    expect(new Tagger(sparse).tag(text)).toEqual(tagger.tag(text));
  });
});

describe('training-name list', () => {
  it('marks every token of a known name with its type and BILU part, and survives serialisation', () => {
    const list = new NameList();
    list.add(['new', 'york', 'yankees'], ORG);
    list.add(['york'], LOC);
    list.add(['new', 'york'], CITY);
    const back = NameList.deserialize(list.serialize());
    const lower = ['the', 'new', 'york', 'yankees', 'won', 'in', 'york'];
    const out = new Int32Array(lower.length);
    back.match(lower, 0, lower.length, out);
    const bit = (type: number, part: number) => 1 << (type * 4 + part);
    expect([...out]).toEqual([
      0,
      bit(ORG, 0) | bit(CITY, 0),
      bit(ORG, 1) | bit(LOC, 3) | bit(CITY, 2),
      bit(ORG, 2),
      0,
      0,
      bit(LOC, 3),
    ]);
  });
});

describe('model pieces', () => {
  it('quantises weights to 16 bits, pruning small ones', () => {
    expect([...quantize([0.5, -1, 0.001], 0)]).toEqual([16384, -32767, 33]);
    expect([...quantize([0.5, -1, 0.001], 40)]).toEqual([16384, -32767, 0]);
  });

  it('round-trips word clusters and falls back from all caps to title case', () => {
    const table = WordClusters.fromMap(
      new Map([
        ['Leicestershire', [1, 9]],
        ['said', [2, 7]],
      ]),
      2,
    );
    const back = WordClusters.deserialize(table.serialize());
    const i = back.lookup('LEICESTERSHIRE');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(back.id(i, 1)).toBe(9);
    expect(back.lookup('Said')).toBe(back.find('said'));
    expect(back.lookup('unknown')).toBe(-1);
  });

  it('scores mentions and documents as score.mjs does', () => {
    const score = new NerScore();
    const text = 'Ann met Bob in Rome and Rome.';
    score.add(
      text,
      [
        { type: 'PER', start: 0, end: 3 },
        { type: 'PER', start: 8, end: 11 },
        { type: 'LOC', start: 15, end: 19 },
        { type: 'LOC', start: 24, end: 28 },
        { type: 'MISC', start: 8, end: 11 },
      ],
      [
        { type: 'PER', start: 0, end: 3 },
        { type: 'ORG', start: 8, end: 11 },
        { type: 'LOC', start: 15, end: 19 },
      ],
    );
    expect(score.mention.PER).toEqual({ tp: 1, fp: 0, fn: 1 });
    expect(score.mention.ORG).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(score.mention.LOC).toEqual({ tp: 1, fp: 0, fn: 1 });
    expect(score.document.LOC).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(score.lines()[0]).toMatch(
      /^mention-level: PER 66\.7 {2}ORG 0\.0 {2}LOC 66\.7 {2}micro P=66\.7 R=50\.0 F1=57\.1$/,
    );
  });
});

describe('tokenize (CoNLL conventions)', () => {
  it('splits a sentence-final period off an abbreviation at the end of a line', () => {
    const words = (s: string) => tokenize(s).map((t) => t.text);
    expect(words('Shares of Lear Corp.\nNext')).toEqual(['Shares', 'of', 'Lear', 'Corp', '.', 'Next']);
    expect(words('in the U.S.')).toEqual(['in', 'the', 'U.S', '.']);
    expect(words('the U.S. economy')).toEqual(['the', 'U.S.', 'economy']);
    expect(words("Mr. O'Neill isn't here")).toEqual(['Mr.', "O'Neill", 'is', "n't", 'here']);
  });
});
