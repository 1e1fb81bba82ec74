// The vendored openai-node tests use jest-style globals (`describe`, `test`, `expect`), which the
// `upstream` vitest project provides (`globals: true`); this gives them their types. Other test
// files import from 'vitest' explicitly (their projects have no globals).
/// <reference types="vitest/globals" />
