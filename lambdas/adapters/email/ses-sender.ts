/**
 * Sends a guest message through Amazon SES (API v2, `SendEmail`) as a plain SigV4-signed
 * HTTPS call, with the function's own credentials: one small call, so no SES client is bundled.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { GuestMessage } from '../../domain/guest-messages';

/** SHA-256 (or its HMAC, given a secret) as the signer asks for it, on node's crypto. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: Data) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** What sends one message; throws when SES did not take it. */
export type SendMessage = (message: GuestMessage) => Promise<void>;

/** A sender from `from` (an address or domain verified in SES in `region`). */
export function sesSender(region: string, from: string, fetchImpl: typeof fetch = fetch): SendMessage {
  const signer = new SignatureV4({
    service: 'ses',
    region,
    credentials: defaultProvider(),
    sha256: NodeSha256,
  });
  const hostname = `email.${region}.amazonaws.com`;
  const path = '/v2/email/outbound-emails';
  return async (message) => {
    const body = JSON.stringify({
      FromEmailAddress: from,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      },
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname,
      path,
      headers: { host: hostname, 'content-type': 'application/json' },
      body,
    });
    const res = await fetchImpl(`https://${hostname}${path}`, {
      method: 'POST',
      headers: signed.headers,
      body,
      signal: AbortSignal.timeout(5_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`SES refused the message (${res.status})`);
  };
}
