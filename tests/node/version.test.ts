// One version for the package, the engine and the Rust core: package.json is
// the source of truth, and the constant the engine checks the core against
// and the crate's version must follow it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { VERSION } from 'als-wasm';

const root = new URL('../../', import.meta.url);
const packageVersion = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;

test("the engine's VERSION is package.json's version", () => {
  assert.equal(VERSION, packageVersion);
});

test("the core's Cargo.toml version is package.json's version", () => {
  const cargo = readFileSync(new URL('crate/Cargo.toml', root), 'utf8');
  const version = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
  assert.equal(version, packageVersion);
});
