import pg from 'pg';
import { z } from 'zod';
import { CommandReplySchema, MissionCommandSchema } from './relay.js';
import type { CommandRelay, CommandReply, MissionCommand } from './relay.js';
import { OrchestratorError } from './types.js';

const OwnerRowSchema = z.object({ owner: z.string() });
const CommandRowSchema = z.object({ mission_id: z.string(), command: z.string() });
const ReplyRowSchema = z.object({ reply: z.string().nullable() });

/** How long a sender waits for the owner's reply; an owner that dies meanwhile never sends one. */
const REPLY_WAIT_MS = 30_000;

/**
 * Commands through a table and LISTEN/NOTIFY: the sender writes a row addressed to the mission's
 * current lease holder; the owner, listening on `orca_commands`, acts on it and writes the reply,
 * which wakes the sender through `orca_command_replies`. Rows stay as a record of who asked what.
 */
export class PgCommandRelay implements CommandRelay {
  private readonly client: pg.Client;
  private readonly waiting = new Map<string, (reply: CommandReply) => void>();
  private handler: ((missionId: string, command: MissionCommand) => Promise<CommandReply>) | null = null;

  private constructor(
    url: string,
    private readonly owner: string,
  ) {
    this.client = new pg.Client({ connectionString: url, application_name: 'orca-commands' });
    this.client.on('notification', (n) => void this.heard(n.channel, n.payload ?? ''));
    this.client.on('error', (err) => process.emitWarning(`the command relay lost its connection: ${err.message}`, 'OrcaCommandWarning'));
  }

  static async open(url: string, owner: string): Promise<PgCommandRelay> {
    const relay = new PgCommandRelay(url, owner);
    await relay.client.connect();
    await relay.client.query('LISTEN orca_commands');
    await relay.client.query('LISTEN orca_command_replies');
    return relay;
  }

  async send(missionId: string, command: MissionCommand): Promise<CommandReply> {
    const lease = await this.client.query('SELECT owner FROM orca_leases WHERE mission_id = $1 AND expires_at > now()', [missionId]);
    const holder = lease.rows[0] === undefined ? null : OwnerRowSchema.parse(lease.rows[0]).owner;
    if (holder === null) throw new OrchestratorError('conflict', `mission ${missionId} has no live owner right now; another process takes it over once its lease runs out — try again then`, { missionId });
    const inserted = await this.client.query('INSERT INTO orca_commands (mission_id, owner, command) VALUES ($1, $2, $3) RETURNING id::text AS id', [missionId, holder, JSON.stringify(command)]);
    const id = z.object({ id: z.string() }).parse(inserted.rows[0]).id;
    return new Promise<CommandReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new OrchestratorError('conflict', `the process driving mission ${missionId} did not answer within ${REPLY_WAIT_MS / 1000} s`, { missionId }));
      }, REPLY_WAIT_MS);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
    });
  }

  serve(handler: (missionId: string, command: MissionCommand) => Promise<CommandReply>): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.handler = null;
    await this.client.end().catch(() => undefined);
  }

  private async heard(channel: string, payload: string): Promise<void> {
    try {
      if (channel === 'orca_command_replies') await this.replied(payload);
      else if (channel === 'orca_commands') await this.asked(payload);
    } catch (err) {
      process.emitWarning(`a relayed command failed: ${err instanceof Error ? err.message : String(err)}`, 'OrcaCommandWarning');
    }
  }

  private async replied(id: string): Promise<void> {
    const wake = this.waiting.get(id);
    if (!wake) return;
    this.waiting.delete(id);
    const row = ReplyRowSchema.parse((await this.client.query('SELECT reply FROM orca_commands WHERE id = $1', [id])).rows[0]);
    const parsed = CommandReplySchema.safeParse(row.reply === null ? null : JSON.parse(row.reply));
    wake(parsed.success ? parsed.data : { ok: false, code: 'conflict', message: 'the owning process sent an unreadable reply' });
  }

  private async asked(payload: string): Promise<void> {
    const at = payload.lastIndexOf(' ');
    if (payload.slice(0, at) !== this.owner || !this.handler) return;
    const id = payload.slice(at + 1);
    const row = CommandRowSchema.parse((await this.client.query('SELECT mission_id, command FROM orca_commands WHERE id = $1', [id])).rows[0]);
    const command = MissionCommandSchema.safeParse(JSON.parse(row.command));
    const reply: CommandReply = command.success ? await this.handler(row.mission_id, command.data) : { ok: false, code: 'bad_input', message: 'unreadable command' };
    await this.client.query('UPDATE orca_commands SET reply = $2, answered_at = now() WHERE id = $1 AND reply IS NULL', [id, JSON.stringify(reply)]);
  }
}
