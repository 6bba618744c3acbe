/**
 * The operator's handover command, over the admin API: it calls the route until
 * the handover has switched (or aborted), printing each step. Every call resumes
 * where the last stopped, so the command can be stopped and run again at any time.
 */

export type HandoverAction = 'handover' | 'evacuate' | 'abort' | 'status' | 'report';

export interface HandoverCommand {
  /** The API base URL of any region. */
  readonly api: string;
  /** An operator's token (a hotelier token in the admins group). */
  readonly token: string;
  readonly hotelId: string;
  readonly toRegion: string;
  readonly action: HandoverAction;
  /** How many 202 (still draining) answers to sit through before giving up; the fence stays. */
  readonly maxRounds?: number;
  readonly print?: (line: string) => void;
}

export interface HandoverOutcome {
  /** 0 done, 1 refused or failed, 3 still fenced (run again, or abort). */
  readonly exitCode: 0 | 1 | 3;
  readonly body: unknown;
}

interface StatusBody {
  phase?: string;
  managedIn?: string;
  fence?: { handoverId: string; fencedAt: string };
  record?: { outcome: string; handoverId: string; forced: boolean; watermark?: string };
  drain?: { drained: boolean; lagMs?: number; waitedMs: number; pending: number };
  error?: { code: string; message: string };
}

function describe(status: StatusBody): string {
  const parts = [`phase ${status.phase}`, `managed in ${status.managedIn}`];
  if (status.fence) parts.push(`fence ${status.fence.handoverId} since ${status.fence.fencedAt}`);
  if (status.drain)
    parts.push(
      `drain: ${status.drain.pending} items pending, lag ${status.drain.lagMs ?? '?'} ms, waited ${status.drain.waitedMs} ms`,
    );
  if (status.record)
    parts.push(
      `${status.record.forced ? 'forced ' : ''}${status.record.outcome.toLowerCase()} (${status.record.handoverId})` +
        (status.record.watermark ? `, watermark ${status.record.watermark}` : ''),
    );
  return parts.join('; ');
}

/** Runs one operator command against the admin API. */
export async function runHandoverCommand(command: HandoverCommand): Promise<HandoverOutcome> {
  const print = command.print ?? (() => undefined);
  const base = `${command.api.replace(/\/$/, '')}/v1/admin/hotels/${encodeURIComponent(command.hotelId)}/handover`;
  const headers = { authorization: `Bearer ${command.token}`, 'content-type': 'application/json' };
  const query = `?toRegion=${encodeURIComponent(command.toRegion)}`;
  if (command.action === 'status' || command.action === 'report') {
    const url = command.action === 'report' ? `${base}/at-risk${query}` : `${base}${query}`;
    const response = await fetch(url, { headers });
    const body = await response.json();
    print(JSON.stringify(body, null, 2));
    return { exitCode: response.ok ? 0 : 1, body };
  }
  const rounds = command.maxRounds ?? 30;
  for (let round = 1; round <= rounds; round++) {
    const response = await fetch(base, {
      method: 'POST',
      headers,
      body: JSON.stringify({ toRegion: command.toRegion, action: command.action }),
    });
    const body = (await response.json()) as StatusBody;
    if (!response.ok) {
      print(`refused (${response.status} ${body.error?.code}): ${body.error?.message}`);
      return { exitCode: 1, body };
    }
    print(describe(body));
    if (response.status !== 202) return { exitCode: 0, body };
  }
  print('Still fenced: writes for the hotel are refused. Run the command again to resume, or --abort.');
  return { exitCode: 3, body: undefined };
}
