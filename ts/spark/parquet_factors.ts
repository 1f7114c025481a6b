/**
 * One Parquet file of a Spark `ALSModel`'s `userFactors/` or `itemFactors/`:
 * rows `(id int32, features array<float>)`. Read with hyparquet, written with
 * hyparquet-writer (both pure JavaScript, Snappy as Spark writes by default;
 * docs/spark.md says why these libraries).
 */
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';

import { AlsError } from '../errors.js';

/** The rows of one factors file: ids and `rows × rank` row-major factors. */
export interface FactorRows {
  ids: Int32Array;
  factors: Float32Array;
}

/** Largest id Spark can hold (its ids are 32-bit signed integers). */
export const SPARK_MAX_ID = 2 ** 31 - 1;

/** The Spark SQL struct type Spark stores with every factors file. */
const SPARK_ROW_METADATA = JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'id', type: 'integer', nullable: false, metadata: {} },
    { name: 'features', type: { type: 'array', elementType: 'float', containsNull: false }, nullable: true, metadata: {} },
  ],
});

/**
 * Decode `bytes` (the file `file`, named in errors) as a factors file whose
 * every vector has `rank` values. Fails with FORMAT for anything that is not
 * exactly Spark's two columns, with NON_FINITE for a NaN or infinite factor.
 */
export async function readFactorFile(bytes: Uint8Array, file: string, rank: number): Promise<FactorRows> {
  const buffer = exactBuffer(bytes);
  let meta: FileMetaData;
  try {
    meta = parquetMetadata(buffer);
  } catch (e) {
    throw formatError(file, 'not-parquet', `is not a Parquet file (${(e as Error).message})`);
  }
  checkColumns(parquetSchema(meta), file);
  const n = Number(meta.num_rows);
  const out: FactorRows = { ids: new Int32Array(n), factors: new Float32Array(n * rank) };
  // hyparquet calls onChunk outside the promise it returns: an exception
  // thrown there would escape it, so the first problem is kept and thrown after.
  let problem: AlsError | undefined;
  try {
    await parquetRead({
      file: buffer,
      columns: ['id', 'features'],
      onChunk: ({ columnName, columnData, rowStart }) => {
        if (problem) return;
        problem = columnName === 'id'
          ? putIds(out.ids, columnData as ArrayLike<number | bigint>, rowStart, file)
          : putFeatures(out.factors, columnData as ArrayLike<ArrayLike<number> | null>, rowStart, rank, file);
      },
    });
  } catch (e) {
    throw problem ?? formatError(file, 'corrupt', `could not be decoded (${(e as Error).message})`);
  }
  if (problem) throw problem;
  for (let r = 0; r < n; r++) {
    const bad = firstNonFinite(out.factors, r * rank, rank);
    if (bad >= 0) {
      throw new AlsError('NON_FINITE', `${file}: id ${out.ids[r]} has a non-finite factor (${out.factors[r * rank + bad]} at position ${bad})`, { file, id: out.ids[r], position: bad });
    }
  }
  return out;
}

/**
 * A factors file as Spark writes it: schema `required int32 id; optional
 * group features (LIST) { repeated group list { required float element } }`,
 * Snappy, the Spark row type in the key-value metadata. Ids must fit in int32.
 */
export function writeFactorFile(ids: Uint32Array, factors: Float32Array, rank: number): Uint8Array {
  const features: number[][] = new Array(ids.length);
  const id = new Int32Array(ids.length);
  for (let r = 0; r < ids.length; r++) {
    id[r] = ids[r]!;
    features[r] = Array.from(factors.subarray(r * rank, (r + 1) * rank));
  }
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: [
      { name: 'id', data: id },
      { name: 'features', data: features },
    ],
    schema: [
      { name: 'spark_schema', num_children: 2 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
    ],
    codec: 'SNAPPY',
    statistics: false,
    rowGroupSize: 100_000,
    kvMetadata: [{ key: 'org.apache.spark.sql.parquet.row.metadata', value: SPARK_ROW_METADATA }],
    createdBy: 'als-wasm (hyparquet-writer)',
  });
  return new Uint8Array(writer.getBuffer());
}

/** Exactly the columns `id` (INT32, or INT64 with int32 values) and `features` (a list of FLOAT or DOUBLE). */
function checkColumns(root: SchemaTree, file: string): void {
  const names = root.children.map((c) => c.element.name);
  const id = root.children.find((c) => c.element.name === 'id');
  const features = root.children.find((c) => c.element.name === 'features');
  if (names.length !== 2 || !id || !features) {
    throw formatError(file, 'columns', `has the columns [${names.join(', ')}]; a Spark ALS factors file has exactly [id, features]`);
  }
  const idType = id.element.type;
  if (id.children.length > 0 || (idType !== 'INT32' && idType !== 'INT64') || id.element.repetition_type === 'REPEATED') {
    throw formatError(file, 'columns', `column id is ${describe(id)}; expected an int32 id`);
  }
  const list = features.children[0];
  const leaf = list?.children[0];
  const isList = features.element.converted_type === 'LIST' || features.element.logical_type?.type === 'LIST';
  if (!isList || features.children.length !== 1 || list?.element.repetition_type !== 'REPEATED' || list.children.length !== 1 || !leaf || leaf.children.length > 0 || (leaf.element.type !== 'FLOAT' && leaf.element.type !== 'DOUBLE')) {
    throw formatError(file, 'columns', `column features is ${describe(features)}; expected array<float>`);
  }
}

function describe(t: SchemaTree): string {
  if (t.children.length === 0) return `${t.element.repetition_type ?? ''} ${t.element.type ?? '?'}`.trim().toLowerCase();
  return `a group (${t.element.converted_type ?? t.element.logical_type?.type ?? 'struct'}) of [${t.children.map(describe).join(', ')}]`;
}

/** Copy a chunk of ids into `ids` from row `start`; the error of the first bad id. */
function putIds(ids: Int32Array, data: ArrayLike<number | bigint>, start: number, file: string): AlsError | undefined {
  for (let j = 0; j < data.length && start + j < ids.length; j++) {
    const v = Number(data[j]);
    if (!Number.isInteger(v) || v < 0 || v > SPARK_MAX_ID) {
      return formatError(file, 'id-range', `row ${start + j} has id ${String(data[j])}; ids must be integers in 0 ..= ${SPARK_MAX_ID}`);
    }
    ids[start + j] = v;
  }
  return undefined;
}

/** Copy a chunk of feature vectors into `out` from row `start`; the error of the first vector that is not `rank` long. */
function putFeatures(out: Float32Array, data: ArrayLike<ArrayLike<number> | null>, start: number, rank: number, file: string): AlsError | undefined {
  const rows = out.length / rank;
  for (let j = 0; j < data.length && start + j < rows; j++) {
    const v = data[j];
    if (!v || v.length !== rank) {
      return formatError(file, 'rank', `row ${start + j} has ${v ? v.length : 'no'} features; the metadata says rank ${rank}`);
    }
    out.set(v, (start + j) * rank);
  }
  return undefined;
}

function firstNonFinite(a: Float32Array, from: number, len: number): number {
  for (let f = 0; f < len; f++) if (!Number.isFinite(a[from + f]!)) return f;
  return -1;
}

/** `bytes` as an ArrayBuffer of exactly its length (hyparquet reads whole buffers). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

/** A FORMAT error about one file of a Spark model directory; `reason` is a stable tag. */
export function formatError(file: string, reason: string, text: string): AlsError {
  return new AlsError('FORMAT', `${file} ${text}`, { file, reason });
}
