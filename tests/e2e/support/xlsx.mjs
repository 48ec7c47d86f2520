// The text inside an XLSX (a zip of XML files), enough to search a workbook for a word.
import { inflateRawSync } from 'node:zlib';

export function xlsxText(bytes) {
  const parts = [];
  let at = 0;
  // Local file headers: "PK\x03\x04", then sizes at fixed offsets.
  while (at + 30 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const compressed = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extraLength = bytes.readUInt16LE(at + 28);
    const start = at + 30 + nameLength + extraLength;
    const data = bytes.subarray(start, start + compressed);
    parts.push((method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at = start + compressed;
  }
  if (!parts.length) throw new Error('not a workbook');
  return parts.join('\n');
}
