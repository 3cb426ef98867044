// A fake Durable orchestration context for unit tests of orchestrator code: activities answer from a
// function, timers move the clock, and every call is recorded. No host, no replay: one straight run.
import type { OrchestrationContext } from 'durable-functions';

type Task = { kind: 'activity'; name: string; input: unknown } | { kind: 'timer'; at: Date } | { kind: 'all'; tasks: Task[] };

export class FakeOrchestration {
  now = new Date('2026-01-01T00:00:00Z');
  customStatus: unknown;
  readonly calls: Array<{ name: string; input: unknown; at: Date }> = [];
  readonly timers: number[] = [];

  constructor(
    private readonly input: unknown,
    private readonly answer: (name: string, input: unknown, call: number) => unknown,
  ) {}

  get context(): OrchestrationContext {
    const df = {
      getInput: () => this.input,
      setCustomStatus: (status: unknown) => {
        this.customStatus = structuredClone(status);
      },
      currentUtcDateTime: this.now,
      callActivity: (name: string, input: unknown): Task => ({ kind: 'activity', name, input }),
      createTimer: (at: Date): Task => ({ kind: 'timer', at }),
      Task: { all: (tasks: Task[]): Task => ({ kind: 'all', tasks }) },
    };
    Object.defineProperty(df, 'currentUtcDateTime', { get: () => this.now });
    return { df } as unknown as OrchestrationContext;
  }

  private resolve(task: Task): unknown {
    if (task.kind === 'timer') {
      this.timers.push((task.at.getTime() - this.now.getTime()) / 1000);
      this.now = new Date(Math.max(task.at.getTime(), this.now.getTime()));
      return undefined;
    }
    if (task.kind === 'all') return task.tasks.map((inner) => this.resolve(inner));
    const count = this.calls.filter((call) => call.name === task.name).length;
    this.calls.push({ name: task.name, input: task.input, at: this.now });
    return this.answer(task.name, task.input, count);
  }

  /** Runs an orchestrator generator to its end and returns its result. */
  run<T>(generator: Generator<unknown, T, unknown>): T {
    let next = generator.next();
    while (!next.done) next = generator.next(this.resolve(next.value as Task));
    return next.value;
  }

  names(): string[] {
    return this.calls.map((call) => call.name);
  }
}
