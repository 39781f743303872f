import { describe, expect, it } from 'vitest';
import { textColumns } from '../text/text-columns.js';
import { SOURCE_TAG_MAX_COLUMNS, sourceTagColumns, sourceTagText } from './source-tag.js';

describe('source tags', () => {
  it('makes the column as wide as the longest name, up to the limit', () => {
    expect(sourceTagColumns(['app.log', 'db.log'])).toBe(7);
    expect(sourceTagColumns(['a-very-long-service-name.log', 'x'])).toBe(SOURCE_TAG_MAX_COLUMNS);
    expect(sourceTagColumns([])).toBe(0);
  });

  it('keeps names that fit and cuts long ones in the middle, keeping the end that tells them apart', () => {
    expect(sourceTagText('db.log', 7)).toBe('db.log');
    expect(sourceTagText('app.log', 7)).toBe('app.log');
    expect(sourceTagText('payments-service.log', 8)).toBe('pay….log');
    expect(textColumns(sourceTagText('payments-service.log', 8))).toBe(8);
    expect(sourceTagText('checkout-gateway.log.1.gz', 16)).toBe('checkou…log.1.gz');
    expect(sourceTagText('checkout-gateway.log.2.gz', 16)).toBe('checkou…log.2.gz');
  });

  it('counts columns as a terminal does: wide characters two', () => {
    expect(sourceTagColumns(['服务器日志', 'app.log'])).toBe(10);
  });

  it('cuts wide names between characters, never past the column', () => {
    expect(sourceTagText('日志😀.log', 6)).toBe('日…log');
    expect(sourceTagText('服务器日志服务器日志', 9)).toBe('服务…日志');
    for (let columns = 1; columns <= 12; columns++) expect(textColumns(sourceTagText('服务器日志-payments.log', columns))).toBeLessThanOrEqual(columns);
  });
});
