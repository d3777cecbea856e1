// Learns word clusters from unlabelled text, for the NER tagger's cluster features.
//
//   npx tsx src/cli/clusters.ts [--out data/models/clusters.bin] <file.jsonl>...
//
// Each input line is a JSON object whose `text` field is read (annotations are ignored), by default
// the CoNLL-2003 and PolNeAR training splits in ../shared/eval. Method: a cheap distributional
// clustering. Every word seen at least --min-count times gets a vector of positive pointwise mutual
// information with its neighbours at offsets -2, -1, +1, +2 (a neighbour is one of the --contexts most
// frequent lowercased words, or else its shape class), reduced to 128 dimensions by a randomised
// truncated SVD; then
// spherical k-means, refined hierarchically (16, then 8, 8 and 4 children per cluster), gives each
// word a path of 4 cluster ids from coarse to fine. Fixed seed: the output is reproducible. Only word
// hashes and cluster ids are written, never the words or any text.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WordClusters } from '../extract/ner/clusters.js';
import { rng } from '../extract/ner/hash.js';
import { tokenize } from '../extract/tokenize.js';
import { packageRoot } from '../paths.js';

interface Options {
  out: string;
  files: string[];
  minCount: number;
  contexts: number;
  dims: number;
  branching: number[];
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    out: join(packageRoot, 'data/models/clusters.bin'),
    files: [],
    minCount: 3,
    contexts: 2000,
    dims: 128,
    branching: [16, 8, 8, 4],
    seed: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--out') o.out = resolve(argv[++i] as string);
    else if (a === '--min-count') o.minCount = Number(argv[++i]);
    else if (a === '--contexts') o.contexts = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else o.files.push(a);
  }
  if (!o.files.length) {
    const shared = join(packageRoot, '../shared/eval');
    o.files = [join(shared, 'conll2003-train.jsonl'), join(shared, 'polnear-train.jsonl')];
  }
  return o;
}

/** A coarse shape class for rare context words. */
function shapeClass(w: string): string {
  if (/^\p{Lu}+$/u.test(w)) return w.length > 1 ? '<CAPS>' : '<C>';
  if (/^\p{Lu}/u.test(w)) return '<Cap>';
  if (/^\p{Ll}/u.test(w)) return '<low>';
  if (/^\p{N}/u.test(w)) return '<num>';
  return '<punct>';
}

function kmeans(
  vecs: Float32Array,
  dims: number,
  members: number[],
  k: number,
  random: () => number,
  iters = 12,
): number[] {
  const n = members.length;
  if (n <= k) return members.map((_, i) => i);
  // k-means++ seeding on cosine distance
  const cent = new Float32Array(k * dims);
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    const src = (members[pick] as number) * dims;
    for (let d = 0; d < dims; d++) cent[c * dims + d] = vecs[src + d] as number;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const p = (members[i] as number) * dims;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += (vecs[p + d] as number) * (cent[c * dims + d] as number);
      const dd = Math.max(0, 1 - dot);
      if (dd < (dist[i] as number)) dist[i] = dd;
      total += (dist[i] as number) ** 2;
    }
    let r = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= (dist[i] as number) ** 2;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
  }
  const assign = new Array<number>(n).fill(0);
  for (let it = 0; it < iters; it++) {
    for (let i = 0; i < n; i++) {
      const p = (members[i] as number) * dims;
      let best = 0;
      let bestDot = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        const q = c * dims;
        for (let d = 0; d < dims; d++) dot += (vecs[p + d] as number) * (cent[q + d] as number);
        if (dot > bestDot) {
          bestDot = dot;
          best = c;
        }
      }
      assign[i] = best;
    }
    cent.fill(0);
    for (let i = 0; i < n; i++) {
      const p = (members[i] as number) * dims;
      const q = (assign[i] as number) * dims;
      for (let d = 0; d < dims; d++) cent[q + d] = (cent[q + d] as number) + (vecs[p + d] as number);
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += (cent[c * dims + d] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dims; d++) cent[c * dims + d] = (cent[c * dims + d] as number) / norm;
    }
  }
  return assign;
}

/** Orthonormalises the k columns of the n x k row-major matrix m in place (modified Gram-Schmidt). */
function orthonormalize(m: Float64Array, n: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += (m[r * k + i] as number) * (m[r * k + j] as number);
      for (let r = 0; r < n; r++) m[r * k + j] = (m[r * k + j] as number) - dot * (m[r * k + i] as number);
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += (m[r * k + j] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < n; r++) m[r * k + j] = (m[r * k + j] as number) / norm;
  }
}

/** Eigen-decomposition of a symmetric k x k matrix by cyclic Jacobi rotations: eigenvalues, eigenvectors in columns. */
function jacobiEigen(a: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += (a[p * k + q] as number) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * k + q] as number) - (a[p * k + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p] as number;
          const arq = a[r * k + q] as number;
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r] as number;
          const aqr = a[q * k + r] as number;
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p] as number;
          const vrq = v[r * k + q] as number;
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = a[i * k + i] as number;
  return { values, vectors: v };
}

/**
 * Rank-dims truncated SVD of a sparse CSR matrix (randomised range finder with two power iterations):
 * returns the rows' coordinates U * sqrt(S), n x dims, row-major.
 */
function truncatedSvd(
  n: number,
  cols: number,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  vals: Float32Array,
  dims: number,
  random: () => number,
): Float32Array {
  const k = dims + 10;
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(1e-12, random()))) * Math.cos(2 * Math.PI * random());
  // Y = A * Omega
  const omega = new Float64Array(cols * k);
  for (let i = 0; i < omega.length; i++) omega[i] = gauss();
  const mulA = (x: Float64Array): Float64Array => {
    // (n x cols) * (cols x k)
    const y = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let e = rowPtr[r] as number; e < (rowPtr[r + 1] as number); e++) {
        const v = vals[e] as number;
        const c = (colIdx[e] as number) * k;
        for (let j = 0; j < k; j++) y[r * k + j] = (y[r * k + j] as number) + v * (x[c + j] as number);
      }
    }
    return y;
  };
  const mulAt = (y: Float64Array): Float64Array => {
    // (cols x n) * (n x k)
    const x = new Float64Array(cols * k);
    for (let r = 0; r < n; r++) {
      for (let e = rowPtr[r] as number; e < (rowPtr[r + 1] as number); e++) {
        const v = vals[e] as number;
        const c = (colIdx[e] as number) * k;
        for (let j = 0; j < k; j++) x[c + j] = (x[c + j] as number) + v * (y[r * k + j] as number);
      }
    }
    return x;
  };
  let y = mulA(omega);
  orthonormalize(y, n, k);
  for (let it = 0; it < 2; it++) {
    const z = mulAt(y);
    orthonormalize(z, cols, k);
    y = mulA(z);
    orthonormalize(y, n, k);
  }
  // B = Q^T A (k x cols); B B^T = Q^T A A^T Q
  const bt = mulAt(y); // cols x k  (= B^T)
  const bbt = new Float64Array(k * k);
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < k; i++) {
      const bi = bt[c * k + i] as number;
      if (bi === 0) continue;
      for (let j = 0; j < k; j++) bbt[i * k + j] = (bbt[i * k + j] as number) + bi * (bt[c * k + j] as number);
    }
  }
  const { values, vectors } = jacobiEigen(bbt, k);
  const order = [...values.keys()].sort((a, b) => (values[b] as number) - (values[a] as number)).slice(0, dims);
  // U = Q * W; coordinates U * sqrt(S) with S = sqrt(eigenvalue)
  const out = new Float32Array(n * dims);
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < dims; d++) {
      const col = order[d] as number;
      let s = 0;
      for (let j = 0; j < k; j++) s += (y[r * k + j] as number) * (vectors[j * k + col] as number);
      out[r * dims + d] = s * Math.max(0, values[col] as number) ** 0.25;
    }
  }
  return out;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const sentencesOfTokens: string[][] = [];
  for (const file of o.files) {
    if (!existsSync(file)) {
      console.error(`clusters: ${file} not found (pass the unlabelled JSONL files on the command line)`);
      process.exit(2);
    }
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const text = String((JSON.parse(line) as { text?: string }).text ?? '');
      for (const para of text.split('\n')) {
        const toks = tokenize(para).map((t) => t.text);
        if (toks.length) sentencesOfTokens.push(toks);
      }
    }
  }
  const counts = new Map<string, number>();
  const lowerCounts = new Map<string, number>();
  let total = 0;
  for (const s of sentencesOfTokens) {
    for (const w of s) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      const l = w.toLowerCase();
      lowerCounts.set(l, (lowerCounts.get(l) ?? 0) + 1);
      total++;
    }
  }
  const vocab = [...counts].filter(([, c]) => c >= o.minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const wordIndex = new Map(vocab.map(([w], i) => [w, i]));
  const ctxWords = [...lowerCounts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, o.contexts)
    .map(([w]) => w);
  const ctxIndex = new Map<string, number>(ctxWords.map((w, i) => [w, i]));
  for (const extra of ['<s>', '</s>', '<CAPS>', '<C>', '<Cap>', '<low>', '<num>', '<punct>']) {
    ctxIndex.set(extra, ctxIndex.size);
  }
  const nCtx = ctxIndex.size;
  console.log(
    `clusters: ${total} tokens, ${counts.size} word types, ${vocab.length} with count >= ${o.minCount}, ${nCtx} contexts`,
  );
  const ctxOf = (w: string | undefined) =>
    w === undefined ? 0 : (ctxIndex.get(w.toLowerCase()) ?? (ctxIndex.get(shapeClass(w)) as number));
  // co-occurrence counts: key = (word * 4 + offset slot) * nCtx + context
  const pair = new Map<number, number>();
  const ctxTotals = new Float64Array(4 * nCtx);
  const OFFS = [-2, -1, 1, 2];
  const bos = ctxIndex.get('<s>') as number;
  const eos = ctxIndex.get('</s>') as number;
  for (const s of sentencesOfTokens) {
    for (let i = 0; i < s.length; i++) {
      const wi = wordIndex.get(s[i] as string);
      if (wi === undefined) continue;
      for (let slot = 0; slot < 4; slot++) {
        const j = i + (OFFS[slot] as number);
        const c = j < 0 ? bos : j >= s.length ? eos : ctxOf(s[j]);
        const key = (wi * 4 + slot) * nCtx + c;
        pair.set(key, (pair.get(key) ?? 0) + 1);
        ctxTotals[slot * nCtx + c] = (ctxTotals[slot * nCtx + c] as number) + 1;
      }
    }
  }
  // PPMI with context-distribution smoothing (alpha 0.75), as a sparse word x (slot, context) matrix
  const slotSum = new Float64Array(4);
  for (let slot = 0; slot < 4; slot++) {
    for (let c = 0; c < nCtx; c++)
      slotSum[slot] = (slotSum[slot] as number) + (ctxTotals[slot * nCtx + c] as number) ** 0.75;
  }
  const V = vocab.length;
  const cols = 4 * nCtx;
  const rowsOf: { col: number; val: number }[][] = vocab.map(() => []);
  for (const [key, n] of pair) {
    const c = key % nCtx;
    const ws = (key - c) / nCtx;
    const slot = ws % 4;
    const wi = (ws - slot) / 4;
    const cw = (vocab[wi] as [string, number])[1];
    const pc = (ctxTotals[slot * nCtx + c] as number) ** 0.75 / (slotSum[slot] as number);
    const pmi = Math.log(n / cw / pc);
    if (pmi > 0) (rowsOf[wi] as { col: number; val: number }[]).push({ col: slot * nCtx + c, val: pmi });
  }
  const rowPtr = new Int32Array(V + 1);
  for (let w = 0; w < V; w++) rowPtr[w + 1] = (rowPtr[w] as number) + (rowsOf[w] as unknown[]).length;
  const colIdx = new Int32Array(rowPtr[V] as number);
  const vals = new Float32Array(rowPtr[V] as number);
  for (let w = 0, o2 = 0; w < V; w++) {
    for (const { col, val } of rowsOf[w] as { col: number; val: number }[]) {
      colIdx[o2] = col;
      vals[o2++] = val;
    }
  }
  const random = rng(o.seed);
  const dims = o.dims;
  const vecs = truncatedSvd(V, cols, rowPtr, colIdx, vals, dims, random);
  for (let w = 0; w < V; w++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (vecs[w * dims + d] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) vecs[w * dims + d] = (vecs[w * dims + d] as number) / norm;
  }
  console.log(`clusters: vectors built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // hierarchical spherical k-means
  const levels = o.branching.length;
  const paths = vocab.map(() => [] as number[]);
  let groups: number[][] = [vocab.map((_, i) => i)];
  for (let l = 0; l < levels; l++) {
    const k = o.branching[l] as number;
    const next: number[][] = [];
    for (const members of groups) {
      const assign = kmeans(vecs, dims, members, k, random);
      const sub: number[][] = Array.from({ length: k }, () => []);
      members.forEach((m, i) => {
        (sub[assign[i] as number] as number[]).push(m);
      });
      for (const s of sub) {
        if (!s.length) continue;
        const id = next.length;
        for (const m of s) (paths[m] as number[]).push(id);
        next.push(s);
      }
    }
    groups = next;
    console.log(
      `clusters: level ${l + 1}: ${groups.length} clusters (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  const table = WordClusters.fromMap(new Map(vocab.map(([w], i) => [w, paths[i] as number[]])), levels);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, table.serialize());
  if (process.env.CLUSTERS_DEBUG) {
    // prints a few clusters for inspection (stdout only; never written to disk)
    const byLeaf = new Map<number, string[]>();
    vocab.slice(0, 3000).forEach(([w], i) => {
      const leaf = (paths[i] as number[])[2] as number;
      byLeaf.set(leaf, [...(byLeaf.get(leaf) ?? []), w]);
    });
    for (const ws of [...byLeaf.values()].slice(0, 40)) console.log(ws.slice(0, 12).join(' '));
  }
  console.log(`clusters: ${table.size} words -> ${o.out} (${table.serialize().length} bytes)`);
}

main();
