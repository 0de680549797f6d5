// The DQN worker: owns one DqnAgent (web/client/rl.js), trains it in time
// slices and talks by messages, so the page keeps drawing at 60 fps. Runs as
// a browser module Worker and as a Node worker_threads Worker.
//
// Requests:  start {config, weights?, stepsPerSecond?}  pause  resume
//            step {steps}  setSpeed {stepsPerSecond}  snapshot  stop
// Responses: started {config, parameterCount}  progress {...}  paused  resumed
//            snapshot {bytes}  stopped  error {code, message, restored}
//
// stepsPerSecond 0 trains as fast as the slices allow; 50 is CartPole's real
// time (τ = 0.02 s). Divergence: the C++ update refuses a non-finite step,
// but the weights may be far gone by then, so the worker keeps a checkpoint
// (the network after the latest finished episode, at most once a second) and
// on `diverged` loads it back, pauses and says so; every other error also
// pauses and keeps the network as it was.
import { loadLatentLab } from './latentlab.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const nodeThreads = isNode ? await import('node:worker_threads') : null;
const port = nodeThreads?.parentPort ?? self;

const SLICE_MS = 30;               // train this long, then let messages in
const CHECKPOINT_MS = 1000;
const post = (message, transfer = []) => port.postMessage(message, transfer);

const labReady = loadLatentLab({ threads: 1 });
let run = null;

// One training run: the agent, its pacing and its checkpoint.
class Run {
  // With weights, config holds only what to change (e.g. no exploration):
  // the rest, the network's shape included, comes from the file.
  constructor(lab, { config = {}, weights, stepsPerSecond = 0 }) {
    if (weights != null) {
      const stored = lab.loadDqn(weights);
      const merged = { ...stored.config, ...config };
      stored.dispose();
      this.agent = lab.loadDqn(weights, merged);
    } else {
      this.agent = lab.createDqn(config);
    }
    this.env = this.agent.config.env;
    this.stepsPerSecond = stepsPerSecond;
    this.paused = false;
    this.timer = null;
    this.checkpoint = this.agent.save();
    this.checkpointAt = performance.now();
    this.credit = 0;                // real-time pacing: steps owed since the last slice
    this.last = performance.now();
  }
  dispose() {
    clearTimeout(this.timer);
    this.agent.dispose();
  }
  // Trains `steps` and reports; on an error restores and pauses.
  advance(steps) {
    try {
      const report = this.agent.train(steps);
      if (report.returns.length > 0 && performance.now() - this.checkpointAt > CHECKPOINT_MS) {
        this.checkpoint = this.agent.save();
        this.checkpointAt = performance.now();
      }
      post(this.progress(report), [report.returns.buffer, report.lengths.buffer]);
    } catch (error) {
      const restored = error.code === 'diverged';
      if (restored) this.agent.loadWeights(this.checkpoint);
      this.paused = true;
      post({ type: 'error', code: error.code ?? 'internal', message: error.message, restored });
    }
  }
  progress(report) {
    const observation = this.agent.observation();
    const message = { type: 'progress', report, observation, q: this.agent.qValues(observation) };
    if (this.env === 'cartpole') message.cartpole = this.agent.cartpoleState();
    else message.grid = this.agent.grid();
    return message;
  }
  schedule() {
    clearTimeout(this.timer);
    if (this.paused) return;
    this.timer = setTimeout(() => this.slice(), this.stepsPerSecond > 0 ? 1000 / Math.min(this.stepsPerSecond, 60) : 0);
  }
  slice() {
    if (this.paused) return;
    const now = performance.now();
    if (this.stepsPerSecond > 0) {
      this.credit += ((now - this.last) / 1000) * this.stepsPerSecond;
      this.last = now;
      const steps = Math.min(Math.floor(this.credit), 1000);
      if (steps > 0) {
        this.credit -= steps;
        this.advance(steps);
      }
    } else {
      // As many steps as fit in SLICE_MS, in chunks whose size follows the measured speed.
      let chunk = 64;
      while (!this.paused && performance.now() - now < SLICE_MS) {
        const start = performance.now();
        this.advance(chunk);
        const took = performance.now() - start;
        chunk = Math.max(16, Math.min(4096, Math.round(chunk * (SLICE_MS / 3) / Math.max(took, 0.1))));
      }
    }
    this.schedule();
  }
}

async function handle(message) {
  const { type } = message ?? {};
  if (type === 'start') {
    run?.dispose();
    run = null;
    const lab = await labReady;
    try {
      run = new Run(lab, message);
    } catch (error) {
      post({ type: 'error', code: error.code ?? 'internal', message: error.message, restored: false });
      return;
    }
    post({ type: 'started', config: run.agent.config, parameterCount: run.agent.parameterCount });
    run.schedule();
    return;
  }
  if (type === 'stop') {
    run?.dispose();
    run = null;
    post({ type: 'stopped' });
    return;
  }
  if (!run) {
    post({ type: 'error', code: 'invalid_argument', message: `${type}: no run; send start first`, restored: false });
    return;
  }
  if (type === 'pause') {
    run.paused = true;
    clearTimeout(run.timer);
    post({ type: 'paused' });
  } else if (type === 'resume') {
    run.paused = false;
    run.last = performance.now();
    run.credit = 0;
    run.schedule();
    post({ type: 'resumed' });
  } else if (type === 'step') {
    const steps = message.steps ?? 1;
    if (!Number.isInteger(steps) || steps < 1 || steps > 1000000) {
      post({ type: 'error', code: 'invalid_argument', message: `step: steps must be an integer in [1, 1000000], got ${steps}`, restored: false });
      return;
    }
    run.advance(steps);
  } else if (type === 'setSpeed') {
    const speed = message.stepsPerSecond;
    if (typeof speed !== 'number' || !(speed >= 0)) {
      post({ type: 'error', code: 'invalid_argument', message: `setSpeed: stepsPerSecond must be >= 0, got ${speed}`, restored: false });
      return;
    }
    run.stepsPerSecond = speed;
    run.credit = 0;
    run.last = performance.now();
    run.schedule();
  } else if (type === 'snapshot') {
    const bytes = run.agent.save();
    post({ type: 'snapshot', bytes }, [bytes.buffer]);
  } else {
    post({ type: 'error', code: 'invalid_argument', message: `unknown request "${type}"`, restored: false });
  }
}

// Messages are handled one at a time, in order (start awaits the module).
let queue = Promise.resolve();
const onMessage = (message) => {
  queue = queue.then(() => handle(message));
};
if (isNode) port.on('message', onMessage);
else port.onmessage = (event) => onMessage(event.data);
