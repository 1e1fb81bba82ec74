import { describe, expect, it } from 'vitest';
import { IssueCollector } from '../../../src/dataset/report/issue-collector.js';

describe('IssueCollector', () => {
  it('fills severity, aliases and fix, leaving absent fields out', () => {
    const collector = new IssueCollector();
    const issue = collector.add(
      { code: 'missing_role', message: 'm', messageIndex: 1, path: 'messages[1]' },
      { line: 3, example: 2 },
    );
    expect(issue).toEqual({
      code: 'missing_role',
      severity: 'error',
      message: 'm',
      line: 3,
      example: 2,
      messageIndex: 1,
      path: 'messages[1]',
      details: {},
      aliases: ['message_missing_key'],
    });
    expect(Object.keys(collector.add({ code: 'utf8_bom', message: 'b' }))).toEqual([
      'code',
      'severity',
      'message',
      'details',
      'fix',
      'remedy',
    ]);
  });

  it("keeps a draft's typed details, and gives every other issue `details: {}`", () => {
    const collector = new IssueCollector();
    const weight = collector.add(
      { code: 'invalid_weight', message: 'w', path: 'messages[2].weight', details: { weight: 0.5 } },
      { line: 2 },
    );
    expect(weight).toMatchObject({
      code: 'invalid_weight',
      path: 'messages[2].weight',
      details: { weight: 0.5 },
    });
    expect(collector.add({ code: 'invalid_json', message: 'j' }).details).toEqual({});
    expect(collector.add({ code: 'blank_line', message: 'b' }).details).toEqual({});
    expect(JSON.parse(JSON.stringify(weight))).toMatchObject({ details: { weight: 0.5 } });
  });

  it("gives every issue its code's remedy as data, and appends a check's own remedy to the message", () => {
    const collector = new IssueCollector();
    expect(
      collector.add(
        { code: 'duplicate_example', message: 'Line 4 repeats line 2.', details: { firstLine: 2 } },
        { line: 4 },
      ),
    ).toEqual({
      code: 'duplicate_example',
      severity: 'warning',
      message: 'Line 4 repeats line 2.',
      line: 4,
      details: { firstLine: 2 },
      fix: 'dedupe',
      remedy: { kind: 'fix', fix: 'dedupe' },
    });
    expect(
      collector.add({
        code: 'format_method_mismatch',
        message: 'Needs chat data.',
        remedy: { kind: 'conversion', conversion: 'promptCompletionToChat' },
      }),
    ).toMatchObject({
      message: 'Needs chat data. Convert: dataset.promptCompletionToChat().',
      remedy: { kind: 'conversion', conversion: 'promptCompletionToChat' },
    });
    // dedupe works inside one file: it cannot repair an example shared by two files.
    expect(
      collector.add({ code: 'train_validation_overlap', message: 'o', details: { trainingLine: 1 } }).remedy,
    ).toBeUndefined();
    expect(collector.add({ code: 'missing_role', message: 'r' })).not.toHaveProperty('remedy');
  });

  it('keeps exact counts and a capped sample per code', () => {
    const collector = new IssueCollector({ maxIssuesPerCode: 2 });
    for (let line = 1; line <= 5; line++) collector.add({ code: 'invalid_json', message: 'x' }, { line });
    collector.add({ code: 'blank_line', message: 'b' }, { line: 9 });
    expect(collector.countsByCode).toEqual({ invalid_json: 5, blank_line: 1 });
    expect(collector.countsBySeverity).toEqual({ error: 5, warning: 1, info: 0 });
    expect(collector.issues().map((issue) => [issue.code, issue.line])).toEqual([
      ['invalid_json', 1],
      ['invalid_json', 2],
      ['blank_line', 9],
    ]);
  });

  it('sorts file-level issues first, then by line, keeping the order found within a line', () => {
    const collector = new IssueCollector();
    collector.add({ code: 'invalid_role', message: 'a' }, { line: 5 });
    collector.add({ code: 'missing_role', message: 'b' }, { line: 2 });
    collector.add({ code: 'missing_role', message: 'c' }, { line: 5 });
    collector.add({ code: 'invalid_role', message: 'd' }, { line: 5 });
    collector.add({ code: 'too_few_examples', message: 'e', details: { examples: 3, minimum: 10 } });
    expect(collector.issues().map((issue) => issue.message)).toEqual(['e', 'b', 'a', 'c', 'd']);
  });

  it('applies severities: caller override > draft > profile > catalogue', () => {
    const collector = new IssueCollector({
      profileSeverities: { rft_last_message_not_user: 'error', empty_content: 'info' },
      severityOverrides: { example_too_long: 'error' },
    });
    expect(collector.build({ code: 'rft_last_message_not_user', message: '' }).severity).toBe('error');
    expect(
      collector.build({
        code: 'example_too_long',
        message: '',
        severity: 'warning',
        details: { tokens: 70_000, limit: 65_536 },
      }).severity,
    ).toBe('error');
    expect(collector.build({ code: 'empty_content', message: '', severity: 'error' }).severity).toBe('error');
    expect(collector.build({ code: 'empty_content', message: '' }).severity).toBe('info');
    expect(collector.build({ code: 'blank_line', message: '' }).severity).toBe('warning');
  });
});
