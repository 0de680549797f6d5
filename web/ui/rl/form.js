// The DQN settings form: every control with a one-line explanation, kept in
// the URL (ctx.params), read into a DqnConfig by config().
// URL: env=cartpole|gridworld, lr, gamma, eps=linear|exponential, epsSteps,
//      replay (0 = none), target=0|1, period, double=0|1, width, seed, speed=real|fast.
import { checkbox, el, segmented, select, slider } from '../controls.js';
import { decimalsOf } from '../decimals.js';

const RATES = [1e-4, 2.5e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2];
const REPLAYS = [0, 1000, 10000, 50000];
const WIDTHS = [16, 32, 64, 128, 256];
// The page's gridworld settings: a 5×5 grid needs fewer transitions and
// learns from every step; CartPole uses the shipped defaults (src/rl/dqn_config.hpp,
// lab.dqnDefaults()) for everything the form does not set.
const GRIDWORLD = { batchSize: 64, learningStarts: 500, trainFrequency: 1, epsilonEnd: 0.05 };

// The form's controls as set by the shipped DqnConfig (d: lab.dqnDefaults()).
export function formDefaults(d) {
  return { lr: d.learningRate, gamma: d.gamma, eps: d.epsilon.kind, epsSteps: d.epsilon.steps, replay: d.replaySize,
    target: d.targetPeriod > 0 ? 1 : 0, period: Math.max(1, d.targetPeriod), double: d.doubleDqn ? 1 : 0,
    width: d.hidden[0], seed: d.seed };
}

const nearest = (list, v) => list.reduce((best, x) => (Math.abs(Math.log((x || 1) / (v || 1))) <
  Math.abs(Math.log((best || 1) / (v || 1))) ? x : best), list[0]);

function withHint(control, hint) {
  control.root.append(el('small', { className: 'control-hint', textContent: hint }));
  return control;
}

// shipped: lab.dqnDefaults().
export function dqnForm(t, params, shipped) {
  const DEFAULTS = formDefaults(shipped);
  const state = {
    env: params.choice('env', ['cartpole', 'gridworld'], 'cartpole'),
    speed: params.choice('speed', ['real', 'fast'], 'fast'),
    lr: nearest(RATES, params.number('lr', { min: 1e-4, max: 1e-2, fallback: DEFAULTS.lr })),
    gamma: params.number('gamma', { min: 0.5, max: 0.999, fallback: DEFAULTS.gamma }),
    eps: params.choice('eps', ['linear', 'exponential'], DEFAULTS.eps),
    epsSteps: params.number('epsSteps', { min: 500, max: 100000, fallback: DEFAULTS.epsSteps, integer: true }),
    replay: REPLAYS.includes(params.number('replay', { min: 0, max: 50000, fallback: DEFAULTS.replay, integer: true }))
      ? params.number('replay', { min: 0, max: 50000, fallback: DEFAULTS.replay, integer: true }) : DEFAULTS.replay,
    target: params.number('target', { min: 0, max: 1, fallback: DEFAULTS.target, integer: true }),
    period: params.number('period', { min: 1, max: 5000, fallback: DEFAULTS.period, integer: true }),
    double: params.number('double', { min: 0, max: 1, fallback: DEFAULTS.double, integer: true }),
    width: nearest(WIDTHS, params.number('width', { min: 16, max: 256, fallback: DEFAULTS.width, integer: true })),
    seed: params.number('seed', { min: 1, max: 1e6, fallback: DEFAULTS.seed, integer: true }),
  };
  const set = (key, value) => {
    state[key] = value;
    params.set(key, value);
  };
  const number = (v, d) => t.number(v, d);
  const controls = {
    lr: withHint(slider({ label: t('dqn.lr'), name: 'lr', min: 0, max: RATES.length - 1, value: RATES.indexOf(state.lr),
      format: (i) => t.number(RATES[i], decimalsOf(RATES[i])), onInput: (i) => set('lr', RATES[i]) }), t('dqn.lrHint')),
    gamma: withHint(slider({ label: t('dqn.gamma'), name: 'gamma', min: 0.8, max: 0.999, step: 0.001, value: state.gamma,
      format: (v) => number(v, 3), onInput: (v) => set('gamma', v) }), t('dqn.gammaHint')),
    eps: withHint(segmented({ label: t('dqn.epsilon'), name: 'eps', value: state.eps,
      options: ['linear', 'exponential'].map((k) => ({ value: k, text: t(`dqn.epsilon.${k}`) })), onChange: (v) => set('eps', v) }),
    t('dqn.epsilonHint')),
    epsSteps: slider({ label: t('dqn.epsilonSteps'), name: 'epsSteps', min: 500, max: 50000, step: 500, value: state.epsSteps,
      format: (v) => number(v, 0), onInput: (v) => set('epsSteps', v) }),
    replay: withHint(select({ label: t('dqn.replay'), name: 'replay', value: String(state.replay),
      options: REPLAYS.map((r) => ({ value: String(r), text: r === 0 ? t('dqn.replay.none') : number(r, 0) })),
      onChange: (v) => set('replay', Number(v)) }), t('dqn.replayHint')),
    target: withHint(checkbox({ label: t('dqn.target'), name: 'target', checked: state.target === 1,
      onChange: (v) => set('target', v ? 1 : 0) }), t('dqn.targetHint')),
    period: slider({ label: t('dqn.targetPeriod'), name: 'period', min: 1, max: 2000, step: 1, value: state.period,
      format: (v) => (v === 1 ? `1 (τ = ${number(shipped.tau, decimalsOf(shipped.tau))})` : number(v, 0)), onInput: (v) => set('period', v) }),
    double: withHint(checkbox({ label: t('dqn.double'), name: 'double', checked: state.double === 1,
      onChange: (v) => set('double', v ? 1 : 0) }), t('dqn.doubleHint')),
    width: withHint(select({ label: t('dqn.width'), name: 'width', value: String(state.width),
      options: WIDTHS.map((w) => ({ value: String(w), text: `${w} × 2` })), onChange: (v) => set('width', Number(v)) }),
    t('dqn.widthHint')),
    seed: slider({ label: t('dqn.seed'), name: 'seed', min: 1, max: 20, value: Math.min(20, state.seed),
      onInput: (v) => set('seed', v) }),
  };
  return {
    state,
    set,
    root: el('div', { className: 'form-grid dqn-form' }, Object.values(controls).map((c) => c.root)),
    // The DqnConfig of the form. A period of 1 means Polyak averaging with the shipped τ
    // every step (the default); longer periods copy the network (τ = 1).
    config() {
      const gridworld = state.env === 'gridworld';
      return {
        env: state.env,
        hidden: [state.width, state.width],
        learningRate: state.lr,
        gamma: state.gamma,
        replaySize: state.replay,
        batchSize: gridworld ? GRIDWORLD.batchSize : shipped.batchSize,
        learningStarts: gridworld ? GRIDWORLD.learningStarts : shipped.learningStarts,
        trainFrequency: gridworld ? GRIDWORLD.trainFrequency : shipped.trainFrequency,
        targetPeriod: state.target ? state.period : 0,
        tau: state.period === 1 ? shipped.tau : 1,
        doubleDqn: state.double === 1,
        epsilon: { kind: state.eps, start: shipped.epsilon.start, end: gridworld ? GRIDWORLD.epsilonEnd : shipped.epsilon.end,
          steps: state.epsSteps },
        seed: state.seed,
      };
    },
  };
}
