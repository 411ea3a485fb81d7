import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import * as ops from '../executors/rosbridge/protocol.js';
import { ClientFrameSchema, statusOp } from '../executors/rosbridge/server-protocol.js';
import type { ClientFrame } from '../executors/rosbridge/server-protocol.js';

/** Frames queued for a slow client past this are dropped for it (a lossy topic, not a growing heap). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_INCOMING_BYTES = 16 * 1024 * 1024;

export interface ActionEvents {
  feedback(values: unknown): void;
  /** Ends the goal with a GoalStatus code (4 succeeded, 5 canceled, 6 aborted) and its result. */
  finish(status: number, values: unknown): void;
}

/** An action server: starts goals, and stops one when its client cancels it (it must then `finish`). */
export interface ActionServer {
  type: string;
  start(goal: unknown, events: ActionEvents): { cancel(): void };
}

export type ServiceHandler = (args: unknown) => unknown;

interface Input {
  type: string;
  /** Applies a message; throws (with the reason) when it does not decode. */
  handle(msg: unknown): void;
}

const sameType = (a: string, b: string): boolean => a.replace('/msg/', '/').replace('/action/', '/') === b.replace('/msg/', '/').replace('/action/', '/');

/**
 * A small rosbridge v2 server (JSON frames): topics this process publishes, topics it takes commands
 * on, services and actions — enough of the protocol that rosbridge clients (orca's, roslibjs) work
 * against it. Errors go back as `status` frames naming the topic, never as a dropped connection.
 */
export class RosbridgeServer {
  private readonly outputs = new Map<string, string>();
  private readonly inputs = new Map<string, Input>();
  private readonly services = new Map<string, ServiceHandler>();
  private readonly actions = new Map<string, ActionServer>();
  private readonly subscribers = new Map<string, Set<WebSocket>>();
  private readonly goals = new Map<WebSocket, Map<string, { cancel(): void }>>();

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (ws) => this.accept(ws));
    this.service('/rosapi/topics', () => this.topicList());
    this.service('/rosapi/topic_type', (args) => ({ type: this.typeOf(String((args as { topic?: unknown } | null)?.topic ?? '')) ?? '' }));
  }

  static listen(host: string, port: number): Promise<RosbridgeServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ host, port, maxPayload: MAX_INCOMING_BYTES, perMessageDeflate: false });
      wss.once('error', reject);
      wss.once('listening', () => resolve(new RosbridgeServer(wss)));
    });
  }

  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  /** Clients connected now. */
  get clients(): number {
    return this.wss.clients.size;
  }

  output(topic: string, type: string): void {
    this.outputs.set(topic, type);
  }

  input(topic: string, type: string, handle: (msg: unknown) => void): void {
    this.inputs.set(topic, { type, handle });
  }

  service(name: string, handler: ServiceHandler): void {
    this.services.set(name, handler);
  }

  action(name: string, server: ActionServer): void {
    this.actions.set(name, server);
  }

  /** Whether any client listens to a topic (frames nobody reads are not rendered). */
  subscribed(topic: string): boolean {
    return (this.subscribers.get(topic)?.size ?? 0) > 0;
  }

  publish(topic: string, msg: unknown): void {
    const socks = this.subscribers.get(topic);
    if (!socks || socks.size === 0) return;
    const text = ops.encode(ops.publishOp({ topic, msg }));
    for (const ws of socks) if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED_BYTES) ws.send(text);
  }

  private typeOf(topic: string): string | undefined {
    return this.outputs.get(topic) ?? this.inputs.get(topic)?.type;
  }

  private topicList(): { topics: string[]; types: string[] } {
    const all = [...this.outputs, ...[...this.inputs].map(([t, i]) => [t, i.type] as const)];
    return { topics: all.map(([t]) => t), types: all.map(([, type]) => type) };
  }

  private accept(ws: WebSocket): void {
    this.goals.set(ws, new Map());
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return this.send(ws, statusOp({ level: 'error', msg: 'binary frames are not supported; send JSON' }));
      let frame: ClientFrame;
      try {
        const parsed = ClientFrameSchema.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) return this.send(ws, statusOp({ level: 'error', msg: `unsupported or malformed op: ${parsed.error.issues[0]?.message ?? ''}` }));
        frame = parsed.data;
      } catch {
        return this.send(ws, statusOp({ level: 'error', msg: 'frame is not JSON' }));
      }
      this.dispatch(ws, frame);
    });
    ws.on('close', () => {
      for (const socks of this.subscribers.values()) socks.delete(ws);
      for (const goal of this.goals.get(ws)?.values() ?? []) goal.cancel();
      this.goals.delete(ws);
    });
  }

  private send(ws: WebSocket, frame: ops.RosbridgeFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(ops.encode(frame));
  }

  private dispatch(ws: WebSocket, f: ClientFrame): void {
    switch (f.op) {
      case 'subscribe':
        return this.subscribe(ws, f);
      case 'unsubscribe':
        this.subscribers.get(f.topic)?.delete(ws);
        return;
      case 'advertise':
        return this.advertise(ws, f);
      case 'unadvertise':
        return;
      case 'publish':
        return this.take(ws, f);
      case 'call_service':
        return this.call(ws, f);
      case 'send_action_goal':
        return this.startGoal(ws, f);
      case 'cancel_action_goal':
        this.goals.get(ws)?.get(f.id ?? '')?.cancel();
        return;
    }
  }

  private subscribe(ws: WebSocket, f: Extract<ClientFrame, { op: 'subscribe' }>): void {
    const type = this.outputs.get(f.topic);
    if (type === undefined) return this.send(ws, statusOp({ id: f.id, level: 'error', msg: `subscribe: no topic ${f.topic} is published here` }));
    if (f.type && !sameType(f.type, type)) return this.send(ws, statusOp({ id: f.id, level: 'error', msg: `subscribe: topic ${f.topic} is ${type}, not ${f.type}` }));
    let socks = this.subscribers.get(f.topic);
    if (!socks) this.subscribers.set(f.topic, (socks = new Set()));
    socks.add(ws);
  }

  private advertise(ws: WebSocket, f: Extract<ClientFrame, { op: 'advertise' }>): void {
    const input = this.inputs.get(f.topic);
    if (!input) return this.send(ws, statusOp({ id: f.id, level: 'warning', msg: `advertise: nothing here listens to ${f.topic}` }));
    if (!sameType(f.type, input.type)) this.send(ws, statusOp({ id: f.id, level: 'error', msg: `advertise: topic ${f.topic} is ${input.type}, not ${f.type}` }));
  }

  private take(ws: WebSocket, f: Extract<ClientFrame, { op: 'publish' }>): void {
    const input = this.inputs.get(f.topic);
    if (!input) return this.send(ws, statusOp({ id: f.id, level: 'error', msg: `publish: nothing here listens to ${f.topic}` }));
    try {
      input.handle(f.msg);
    } catch (err) {
      this.send(ws, statusOp({ id: f.id, level: 'error', msg: `publish ${f.topic}: ${err instanceof Error ? err.message : String(err)}` }));
    }
  }

  private call(ws: WebSocket, f: Extract<ClientFrame, { op: 'call_service' }>): void {
    const handler = this.services.get(f.service);
    const respond = (values: unknown, result: boolean): void => this.send(ws, ops.serviceResponseOp({ id: f.id, service: f.service, values, result }));
    if (!handler) return respond(`service ${f.service} does not exist`, false);
    try {
      respond(handler(f.args ?? {}), true);
    } catch (err) {
      respond(err instanceof Error ? err.message : String(err), false);
    }
  }

  private startGoal(ws: WebSocket, f: Extract<ClientFrame, { op: 'send_action_goal' }>): void {
    const server = this.actions.get(f.action);
    const id = f.id ?? '';
    if (!server) return this.send(ws, statusOp({ id: f.id, level: 'error', msg: `send_action_goal: no action server ${f.action}` }));
    if (!sameType(f.action_type, server.type)) return this.send(ws, statusOp({ id: f.id, level: 'error', msg: `send_action_goal: ${f.action} is ${server.type}, not ${f.action_type}` }));
    const mine = this.goals.get(ws);
    mine?.get(id)?.cancel();
    let finished = false;
    const handle = server.start(f.args, {
      feedback: (values) => {
        if (f.feedback !== false && !finished) this.send(ws, ops.actionFeedbackOp({ id: f.id, action: f.action, values }));
      },
      finish: (status, values) => {
        if (finished) return;
        finished = true;
        mine?.delete(id);
        this.send(ws, ops.actionResultOp({ id: f.id, action: f.action, values, status, result: true }));
      },
    });
    if (!finished) mine?.set(id, handle);
  }

  /** Drops every client's socket (as a network fault would); the server keeps listening. */
  dropClients(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  close(): Promise<void> {
    this.dropClients();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
