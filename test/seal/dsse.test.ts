import { describe, expect, it } from 'vitest';
import { DsseEnvelopeSchema, IN_TOTO_PAYLOAD_TYPE, preAuthEncoding } from '../../lib/seal/dsse.js';

// DSSE v1 protocol: PAE(type, body) = "DSSEv1" + SP + LEN(type) + SP + type + SP + LEN(body) + SP + body,
// where LEN is the byte length as ASCII decimal without leading zeros. The expected bytes below are
// written out by hand from that definition.

describe('preAuthEncoding', () => {
  it('encodes the spec example payload type and body exactly', () => {
    // Prepare
    const body = Buffer.from('hello world', 'utf8');

    // Act
    const pae = preAuthEncoding('http://example.com/HelloWorld', body);

    // Assess
    expect(pae.toString('latin1')).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts the bytes, not the characters, of a non-ASCII payload type and passes binary bodies through', () => {
    // Prepare: "application/vnd.ü+json" is 22 characters and 23 UTF-8 bytes (ü is C3 BC).
    const body = Uint8Array.of(0x00, 0xff, 0x20, 0x0a);

    // Act
    const pae = preAuthEncoding('application/vnd.ü+json', body);

    // Assess
    const expected = Buffer.concat([
      Buffer.from('DSSEv1 23 application/vnd.', 'ascii'),
      Buffer.from([0xc3, 0xbc]),
      Buffer.from('+json 4 ', 'ascii'),
      Buffer.from([0x00, 0xff, 0x20, 0x0a]),
    ]);
    expect(pae.equals(expected)).toBe(true);
  });

  it('ends with a separator when the body is empty', () => {
    // Act
    const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, new Uint8Array(0));

    // Assess
    expect(pae.toString('latin1')).toBe('DSSEv1 28 application/vnd.in-toto+json 0 ');
  });

  it('keeps a body that contains the separator and digits from shifting the length fields', () => {
    // Prepare: a 12-byte body that looks like more header.
    const body = Buffer.from('3 abc 12 xyz', 'ascii');

    // Act
    const pae = preAuthEncoding('t', body);

    // Assess
    expect(pae.toString('latin1')).toBe('DSSEv1 1 t 12 3 abc 12 xyz');
  });
});

describe('DsseEnvelopeSchema', () => {
  it('accepts an envelope with base64 payload and signatures and refuses one without signatures', () => {
    // Prepare
    const envelope = { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: 'e30=', signatures: [{ keyid: 'k', sig: 'AAEC' }] };

    // Act
    const good = DsseEnvelopeSchema.safeParse(envelope);
    const unsigned = DsseEnvelopeSchema.safeParse({ ...envelope, signatures: [] });
    const notBase64 = DsseEnvelopeSchema.safeParse({ ...envelope, payload: '{}' });

    // Assess
    expect(good.success).toBe(true);
    expect(unsigned.success).toBe(false);
    expect(notBase64.success).toBe(false);
  });
});
