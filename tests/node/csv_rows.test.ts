// The movies.csv splitter (no CommonJS in the engine worker) gives the rows
// papaparse gives, on well-formed and malformed input.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import Papa from 'papaparse';

import { csvRows } from '../../ts/ingest/csv_rows.ts';

const cases = [
  'movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n',
  'movieId,title,genres\r\n1,"Heat, The (1995)",Action\r\n2,B,Drama',
  'a,b\n\n12,"""Great"" Performances: Cats (1998)",Musical\n\n',
  'a,"multi\nline",c\n1,2,3\n',
  'a,,c\n,,\n"",x,""\n',
  'x\ny\n',
  '',
  'a,b\n1,"never closed\n2,3\n',
  'a,b\n1,"closed"late,2\n3,4\n',
];

for (const text of cases) {
  test(`rows of ${JSON.stringify(text).slice(0, 60)}`, () => {
    const ours = csvRows(text);
    const theirs = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: ',' });
    const theirErrors = new Set(theirs.errors.map((e) => e.row));
    assert.deepEqual([...ours.errors.keys()].sort(), [...theirErrors].filter((r) => r !== undefined).sort());
    if (theirErrors.size === 0) assert.deepEqual(ours.rows, theirs.data);
  });
}
