import { describe, expect, it } from 'vitest';
import { decodeResultFile } from '../../src/metrics/decode-result-file.js';
import { fixtureBytes, fixtureText } from './fixtures.js';

const CSV = fixtureText('openai-sft-cookbook.csv');

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

describe('decodeResultFile', () => {
  it('decodes the current OpenAI base64 body (line-wrapped)', () => {
    const result = decodeResultFile(fixtureText('openai-sft-cookbook.csv.b64'));
    expect(result).toEqual({ ok: true, text: CSV, encoding: 'base64', jsonString: false, bom: false });
  });

  it('accepts bytes as well as text', () => {
    const result = decodeResultFile(fixtureBytes('openai-sft-cookbook.csv.b64'));
    expect(result.ok && result.text).toBe(CSV);
    const buffer = fixtureBytes('azure-sft.csv').slice().buffer;
    expect(decodeResultFile(buffer)).toMatchObject({ ok: true, encoding: 'plain' });
  });

  it('keeps plain CSV as it is (Azure, older OpenAI jobs)', () => {
    expect(decodeResultFile(fixtureText('azure-sft.csv'))).toMatchObject({
      ok: true,
      encoding: 'plain',
      jsonString: false,
    });
  });

  it('strips a UTF-8 BOM from plain text, from bytes and inside base64', () => {
    const bytes = fixtureBytes('azure-sft-bom-crlf.csv');
    const fromBytes = decodeResultFile(bytes);
    expect(fromBytes).toMatchObject({ ok: true, bom: true });
    expect(fromBytes.ok && fromBytes.text.startsWith('step,')).toBe(true);
    expect(decodeResultFile(`\uFEFF${CSV}`)).toMatchObject({ ok: true, bom: true, text: CSV });
    expect(decodeResultFile(base64(`\uFEFF${CSV}`))).toMatchObject({
      ok: true,
      bom: true,
      encoding: 'base64',
      text: CSV,
    });
  });

  it('unwraps a JSON string literal holding plain or base64 CSV', () => {
    expect(decodeResultFile(JSON.stringify(CSV))).toEqual({
      ok: true,
      text: CSV,
      encoding: 'plain',
      jsonString: true,
      bom: false,
    });
    expect(decodeResultFile(JSON.stringify(base64(CSV)))).toMatchObject({
      ok: true,
      text: CSV,
      encoding: 'base64',
      jsonString: true,
    });
  });

  it('does not mistake a CSV with quoted cells for a JSON string', () => {
    const text = '"step","train_loss"\n"1","0.5"\n';
    expect(decodeResultFile(text)).toMatchObject({ ok: true, encoding: 'plain', jsonString: false, text });
  });

  it('reports unrecognized_result_file with the first bytes for JSON, HTML and empty bodies', () => {
    const json = decodeResultFile('{"error":{"message":"No such File object: file-abc"}}', {
      id: 'file-abc',
    });
    expect(json.ok).toBe(false);
    if (!json.ok) {
      expect(json.issue).toMatchObject({
        code: 'unrecognized_result_file',
        severity: 'error',
        id: 'file-abc',
      });
      expect(json.issue.message).toContain('file-abc');
      expect(json.issue.message).toContain('"{\\"error\\":{\\"message\\":\\"No such Fil');
    }
    const empty = decodeResultFile('  \n');
    expect(!empty.ok && empty.issue.message).toContain('empty');
    const html = decodeResultFile('<html><body>502 Bad Gateway</body></html>');
    expect(!html.ok && html.issue.code).toBe('unrecognized_result_file');
  });

  it('rejects base64 that decodes to something other than a CSV', () => {
    const notCsv = decodeResultFile(base64('hello world, this is not a csv'.replace(',', '')));
    expect(!notCsv.ok && notCsv.issue.message).toContain('not a CSV');
    const binary = decodeResultFile(btoa(String.fromCharCode(0xff, 0xfe, 0x00, 0x81)));
    expect(!binary.ok && binary.issue.message).toContain('not UTF-8');
  });

  it('rejects bytes that are not UTF-8', () => {
    const result = decodeResultFile(new Uint8Array([0x73, 0x74, 0xff, 0x2c]));
    expect(!result.ok && result.issue.message).toContain('not UTF-8');
  });
});
