/**
 * A small Spark ALSModel directory built by hand (Spark's metadata line and
 * factors schema, Snappy Parquet from hyparquet-writer), for the browser import
 * test: its files as `[path, bytes]` and the predictions Spark would make.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';

const RANK = 3;
const USERS: Record<number, number[]> = { 1: [0.5, -1, 2], 7: [1.5, 0.25, -0.5] };
const ITEMS: Record<number, number[]> = { 10: [1, 2, 3], 20: [-0.5, 0.5, 1], 31: [2, 0, -1] };

function factorsFile(rows: Record<number, number[]>): number[] {
  const ids = Object.keys(rows).map(Number);
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ids },
      { name: 'features', data: ids.map((id) => rows[id]!) },
    ],
    schema: [
      { name: 'spark_schema', num_children: 2 },
      { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
      { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
    ],
  });
  return Array.from(new Uint8Array(buf));
}

/** The files (as plain arrays, to cross into the page) and `{ users, items, want }` pairs. */
export function sparkFixture(): { files: [string, number[]][]; users: number[]; items: number[]; want: number[] } {
  const meta = JSON.stringify({ class: 'org.apache.spark.ml.recommendation.ALSModel', timestamp: 0, sparkVersion: '4.3.0', uid: 'ALS_fixture', paramMap: {}, defaultParamMap: {}, rank: RANK });
  const files: [string, number[]][] = [
    ['model/metadata/part-00000', Array.from(new TextEncoder().encode(meta + '\n'))],
    ['model/metadata/_SUCCESS', []],
    ['model/userFactors/part-00000.snappy.parquet', factorsFile(USERS)],
    ['model/itemFactors/part-00000.snappy.parquet', factorsFile(ITEMS)],
  ];
  const users = [1, 1, 7, 7];
  const items = [10, 31, 20, 31];
  const want = users.map((u, j) => USERS[u]!.reduce((s, x, f) => s + x * ITEMS[items[j]!]![f]!, 0));
  return { files, users, items, want };
}
