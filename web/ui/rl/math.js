// The numbers the DQN view draws, computed here once (pure, tested in
// tests/node/dqn-ui.test.js): the 100-episode running mean, the cart-pole's
// picture from its state, and the gridworld's greedy policy from its Q table.

// means[i] = mean of returns[max(0, i-99) .. i]: the "solved" criterion's window.
export function runningMean(returns, window = 100) {
  const means = new Array(returns.length);
  let sum = 0;
  for (let i = 0; i < returns.length; ++i) {
    sum += returns[i];
    if (i >= window) sum -= returns[i - window];
    means[i] = sum / Math.min(i + 1, window);
  }
  return means;
}

// CartPole-v1's track is |x| <= 2.4 m; the pole's full length is 1 m (half-length 0.5).
export const TRACK_HALF_WIDTH = 2.4;
export const POLE_LENGTH = 1.0;

// Pixel positions of the cart's centre and the pole's tip on a width×height
// canvas: the track spans the width with a 5% margin; θ is measured from
// upright, positive leaning right (Gymnasium's convention).
export function cartPoleGeometry(x, theta, width, height) {
  const scale = (width * 0.9) / (2 * TRACK_HALF_WIDTH);  // pixels per metre
  const cartX = width / 2 + x * scale;
  const cartY = height * 0.7;
  return {
    scale,
    cart: { x: cartX, y: cartY },
    tip: { x: cartX + Math.sin(theta) * POLE_LENGTH * scale, y: cartY - Math.cos(theta) * POLE_LENGTH * scale },
    track: { left: width / 2 - TRACK_HALF_WIDTH * scale, right: width / 2 + TRACK_HALF_WIDTH * scale },
  };
}

// Gridworld actions: 0 up, 1 right, 2 down, 3 left (src/rl/gridworld.hpp).
export const ARROWS = ['↑', '→', '↓', '←'];

// Per cell: { value: max_a Q, action: argmax_a Q (lowest index on ties, as the
// C++ agent), drawn: false for walls, goals and pits, where no action is taken }.
export function greedyPolicy(q, layout) {
  const cells = [];
  for (let c = 0; c < layout.length; ++c) {
    let action = 0;
    for (let a = 1; a < 4; ++a) if (q[c * 4 + a] > q[c * 4 + action]) action = a;
    cells.push({ value: q[c * 4 + action], action, drawn: layout[c] === '.' || layout[c] === 'S' });
  }
  return cells;
}
