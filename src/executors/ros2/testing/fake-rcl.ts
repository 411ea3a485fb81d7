import type { RclActionClient, RclApi, RclCancelResponse, RclGoalHandle, RclNode, RclUuid } from '../rcl-api.js';

/** One goal as the fake action server sees it; the test drives its lifecycle. */
export class FakeGoal {
  status = 0;
  accepted: boolean | null = null;
  cancelRequests = 0;
  private ackResolve!: (gh: RclGoalHandle) => void;
  private resultResolve: ((r: unknown) => void) | null = null;
  private cancelResolve: ((r: RclCancelResponse) => void) | null = null;
  readonly acked: Promise<RclGoalHandle>;

  constructor(
    readonly actionType: string,
    readonly server: string,
    readonly goal: object,
    readonly uuid: RclUuid,
    readonly feedbackCb: ((fb: unknown) => void) | undefined,
  ) {
    this.acked = new Promise((r) => (this.ackResolve = r));
  }

  private handle(): RclGoalHandle {
    const self = this;
    return {
      isAccepted: () => self.accepted === true,
      goalId: self.uuid,
      get status() {
        return self.status;
      },
      getResult: () => new Promise((r) => (self.resultResolve = r)),
      cancelGoal: () => {
        self.cancelRequests++;
        return new Promise((r) => (self.cancelResolve = r));
      },
    };
  }

  accept(): void {
    this.accepted = true;
    this.status = 1;
    this.ackResolve(this.handle());
  }
  reject(): void {
    this.accepted = false;
    this.ackResolve(this.handle());
  }
  feedback(fb: unknown): void {
    this.feedbackCb?.(fb);
  }
  finish(status: number, result: unknown): void {
    this.status = status;
    this.resultResolve?.(result);
  }
  answerCancel(returnCode: number): void {
    this.cancelResolve?.({ return_code: returnCode, goals_canceling: [] });
  }
}

/** An in-test implementation of the rclnodejs surface orca uses (`RclApi`). */
export class FakeRcl implements RclApi {
  readonly goals: FakeGoal[] = [];
  readonly subscriptions: { typeClass: string; topic: string; options: object; cb: (msg: unknown) => void }[] = [];
  serverAvailable = true;
  initialised = false;
  spinning = false;
  shutdowns = 0;
  readonly ActionClient: new (node: RclNode, typeClass: string, actionName: string) => RclActionClient;

  constructor() {
    const fake = this;
    this.ActionClient = class implements RclActionClient {
      constructor(
        _node: RclNode,
        private readonly typeClass: string,
        private readonly name: string,
      ) {}
      waitForServer(): Promise<boolean> {
        return Promise.resolve(fake.serverAvailable);
      }
      sendGoal(goal: object, feedbackCallback?: (fb: unknown) => void, goalUuid?: RclUuid): Promise<RclGoalHandle> {
        const g = new FakeGoal(this.typeClass, this.name, goal, goalUuid ?? { uuid: new Uint8Array(16) }, feedbackCallback);
        fake.goals.push(g);
        return g.acked;
      }
      destroy(): void {}
    };
  }

  init(): Promise<void> {
    this.initialised = true;
    return Promise.resolve();
  }
  createNode(): RclNode {
    return {
      createSubscription: (typeClass, topic, options, cb) => {
        this.subscriptions.push({ typeClass, topic, options, cb });
        return {};
      },
    };
  }
  spin(): void {
    this.spinning = true;
  }
  shutdown(): void {
    this.shutdowns++;
  }

  get last(): FakeGoal {
    const g = this.goals.at(-1);
    if (!g) throw new Error('no goal sent');
    return g;
  }
}
