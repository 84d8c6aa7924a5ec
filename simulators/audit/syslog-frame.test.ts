import { describe, expect, it } from 'vitest';
import { createFrameReader, frameOctetCounted, parseSyslog, serializeSyslog } from './syslog-frame.ts';

const XML = '<AuditMessage>é</AuditMessage>';

describe('RFC 5424 messages', () => {
  it('round-trips header fields, the BOM and a UTF-8 MSG', () => {
    const bytes = serializeSyslog({ timestamp: new Date('2024-04-01T12:00:00.123Z'), hostname: 'ncp-a', appName: 'ixh', procId: '42', msgId: 'IHE+RFC-3881', msg: XML });
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('<85>1');
    const parsed = parseSyslog(bytes);
    expect(parsed).toMatchObject({ ok: true, message: { facility: 10, severity: 5, version: 1, timestamp: '2024-04-01T12:00:00.123Z', hostname: 'ncp-a', appName: 'ixh', procId: '42', msgId: 'IHE+RFC-3881', structuredData: '-', bom: true } });
    expect(parsed.ok && Buffer.from(parsed.message.msg).toString('utf8')).toBe(XML);
  });

  it('reads nil fields and structured data with escaped brackets', () => {
    const parsed = parseSyslog(Buffer.from('<13>1 - - - - - [ex@1 a="x\\]y"][b@2] hello'));
    expect(parsed).toMatchObject({ ok: true, message: { facility: 1, severity: 5, structuredData: '[ex@1 a="x\\]y"][b@2]', bom: false } });
    expect(parsed.ok && Buffer.from(parsed.message.msg).toString()).toBe('hello');
  });

  it.each([
    ['no PRI', 'hello'],
    ['PRI out of range', '<192>1 - - - - - -'],
    ['missing fields', '<85>1 - host'],
    ['bad timestamp', '<85>1 yesterday host app 1 id - x'],
    ['unclosed structured data', '<85>1 - h a p m [x a="1" msg'],
    ['no space before MSG', '<85>1 - h a p m -x'],
  ])('refuses %s without throwing', (_, text) => expect(parseSyslog(Buffer.from(text))).toMatchObject({ ok: false, error: expect.any(String) }));
});

describe('RFC 5425 octet counting', () => {
  it('reassembles frames split anywhere across chunks', () => {
    const a = serializeSyslog({ msg: '<AuditMessage n="1"/>' });
    const b = serializeSyslog({ msg: '<AuditMessage n="2"/>' });
    const stream = Buffer.concat([frameOctetCounted(a), frameOctetCounted(b)]);
    for (const cut of [1, 2, 5, a.length, a.length + 3, stream.length - 1]) {
      const reader = createFrameReader();
      const frames = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(frames.map((f) => f.toString('utf8'))).toEqual([a.toString('utf8'), b.toString('utf8')]);
      expect(reader.pendingBytes).toBe(0);
    }
  });

  it('stops on garbage it cannot resynchronise on, and on an oversized frame', () => {
    const garbage = createFrameReader();
    expect(garbage.push(Buffer.from('<85>1 - - - - - - x'))).toEqual([]);
    expect(garbage.error).toMatch(/MSG-LEN/);
    expect(garbage.push(frameOctetCounted(Buffer.from('ok')))).toEqual([]);
    const leadingZero = createFrameReader();
    leadingZero.push(Buffer.from('012 '));
    expect(leadingZero.error).toMatch(/MSG-LEN/);
    const big = createFrameReader(100);
    big.push(Buffer.from('101 '));
    expect(big.error).toMatch(/exceeds the limit of 100/);
    const endless = createFrameReader(100);
    endless.push(Buffer.from('99999'));
    expect(endless.error).toMatch(/exceeds/);
  });

  it('keeps an incomplete frame pending', () => {
    const reader = createFrameReader();
    expect(reader.push(Buffer.from('10 abc'))).toEqual([]);
    expect(reader.pendingBytes).toBe(6);
    expect(reader.error).toBeUndefined();
  });
});
