import { describe, expect, it } from 'vitest';
import { uploadName } from '../../../main/server/uploads';

describe('the name an uploaded file is kept under (shown in the progress bar and the log)', () => {
  it("is the sender's base name, made safe", () => {
    expect(uploadName(encodeURIComponent('products 2026.csv'))).toBe('products 2026.csv');
    expect(uploadName(encodeURIComponent('../../etc/passwd'))).toBe('passwd');
    expect(uploadName(encodeURIComponent('a<b>|c?.csv'))).toBe('a_b__c_.csv');
    expect(uploadName(encodeURIComponent('x'.repeat(300)))).toHaveLength(100);
  });
  it("is 'upload' when there is no usable name", () => {
    expect(uploadName(undefined)).toBe('upload');
    expect(uploadName('%E0%A4%A')).toBe('upload');
    expect(uploadName(encodeURIComponent('..'))).toBe('upload');
    expect(uploadName(['a.csv', 'b.csv'])).toBe('upload');
  });
});
