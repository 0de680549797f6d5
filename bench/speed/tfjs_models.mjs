// V1, A1 and C1 written for TensorFlow.js the way an experienced TF.js user
// would (fused matMul + bias + activation, as tf.layers.dense does; NHWC
// convolutions), doing the same work as Latent Lab's models: the same layer
// sizes, the same losses (sum over pixels, mean over the batch; the MSE
// autoencoder applies a sigmoid before the MSE, like Latent Lab's), Adam with
// the same hyper-parameters.
//
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so tf.conv2d and
// tf.conv2dTranspose cannot be differentiated with respect to their filters
// there. conv2d and convTranspose2d below are tf.customGrad ops whose filter
// gradient is an im2col product built from ops the backend has: the padded
// input is cut into its K·K strided taps (tf.stridedSlice), the taps are
// concatenated along channels into [N·Ho·Wo, K·K·Cin] columns, and
// dW = columnsᵀ · dy is one tf.matMul. Their input gradients use the kernels
// the backend does have (Conv2DBackpropInput, i.e. conv2dTranspose, and Conv2D).

// dW [K, K, Cin, Cout] of y = conv2d(x, W, stride, pad), x [N, H, W, Cin], dy [N, Ho, Wo, Cout].
function conv2dFilterGradient(tf, x, dy, kernel, stride, pad) {
  const [n, , , cin] = x.shape;
  const [, ho, wo, cout] = dy.shape;
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
    const taps = [];
    for (let ki = 0; ki < kernel; ki++)
      for (let kj = 0; kj < kernel; kj++)
        taps.push(tf.stridedSlice(padded, [0, ki, kj, 0],
          [n, ki + stride * (ho - 1) + 1, kj + stride * (wo - 1) + 1, cin], [1, stride, stride, 1]));
    const columns = tf.concat(taps, 3).reshape([n * ho * wo, kernel * kernel * cin]);
    return tf.matMul(columns, dy.reshape([n * ho * wo, cout]), true, false).reshape([kernel, kernel, cin, cout]);
  });
}

// Conv2d(k, stride, pad) as PyTorch: filter [K, K, Cin, Cout].
export function makeConv2d(tf, kernel, stride, pad) {
  return tf.customGrad((x, filter, save) => {
    save([x, filter]);
    return {
      value: tf.conv2d(x, filter, stride, pad),
      gradFunc: (dy, [xs, fs]) => [
        tf.conv2dTranspose(dy, fs, xs.shape, stride, pad),
        conv2dFilterGradient(tf, xs, dy, kernel, stride, pad),
      ],
    };
  });
}

// ConvTranspose2d(k, stride, pad, output_padding=stride-1) as PyTorch, written
// as the adjoint of the conv from y's grid to x's: filter [K, K, Cout, Cin].
export function makeConvTranspose2d(tf, kernel, stride, pad, outputShape) {
  return tf.customGrad((x, filter, save) => {
    save([x, filter]);
    return {
      value: tf.conv2dTranspose(x, filter, [x.shape[0], ...outputShape], stride, pad),
      gradFunc: (dy, [xs, fs]) => [
        tf.conv2d(dy, fs, stride, pad),
        conv2dFilterGradient(tf, dy, xs, kernel, stride, pad),
      ],
    };
  });
}

// PyTorch's default initialisation bound, 1/sqrt(fan_in).
function uniform(tf, shape, fanIn) {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.variable(tf.randomUniform(shape, -bound, bound, 'float32', 7));
}

function dense(tf, inputs, outputs) {
  return { weight: uniform(tf, [inputs, outputs], inputs), bias: uniform(tf, [outputs], inputs) };
}

function applyDense(tf, layer, x, activation = 'linear') {
  return tf.fused.matMul({ a: x, b: layer.weight, bias: layer.bias, activation });
}

// Σ BCE(sigmoid(logits), target), stable in the logits.
function bceWithLogitsSum(tf, logits, target) {
  return tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
}

function variablesOf(layers) {
  return layers.flatMap((layer) => Object.values(layer));
}

// Each builder returns { variables, loss(x) (a scalar: mean per image), encode(x), decode(z), latent }.
function vae(tf) {
  const encoder = dense(tf, 784, 400), mu = dense(tf, 400, 20), logvar = dense(tf, 400, 20);
  const hidden = dense(tf, 20, 400), output = dense(tf, 400, 784);
  const decodeLogits = (z) => applyDense(tf, output, applyDense(tf, hidden, z, 'relu'));
  return {
    latent: 20,
    variables: variablesOf([encoder, mu, logvar, hidden, output]),
    loss(x) {
      const h = applyDense(tf, encoder, x, 'relu');
      const m = applyDense(tf, mu, h), lv = applyDense(tf, logvar, h);
      const z = tf.add(m, tf.mul(tf.exp(tf.mul(lv, 0.5)), tf.randomNormal(m.shape)));
      const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.exp(lv), tf.square(m)), tf.add(lv, 1))), 0.5);
      return tf.div(tf.add(bceWithLogitsSum(tf, decodeLogits(z), x), kl), x.shape[0]);
    },
    encode: (x) => applyDense(tf, mu, applyDense(tf, encoder, x, 'relu')),
    decode: (z) => tf.sigmoid(decodeLogits(z)),
  };
}

function denseAutoencoderMse(tf) {
  const widths = [784, 512, 128, 32, 128, 512, 784];
  const layers = widths.slice(1).map((w, i) => dense(tf, widths[i], w));
  const run = (x, from, to) => {
    for (let i = from; i < to; i++) x = applyDense(tf, layers[i], x, i === 2 || i === layers.length - 1 ? 'linear' : 'relu');
    return x;
  };
  return {
    latent: 32,
    variables: variablesOf(layers),
    loss: (x) => tf.div(tf.sum(tf.squaredDifference(tf.sigmoid(run(x, 0, layers.length)), x)), x.shape[0]),
    encode: (x) => run(x, 0, 3),
    decode: (z) => tf.sigmoid(run(z, 3, layers.length)),
  };
}

function convAutoencoder(tf) {
  const conv1 = { weight: uniform(tf, [3, 3, 1, 16], 9), bias: uniform(tf, [16], 9) };
  const conv2 = { weight: uniform(tf, [3, 3, 16, 32], 144), bias: uniform(tf, [32], 144) };
  const code = dense(tf, 1568, 16), expand = dense(tf, 16, 1568);
  const up1 = { weight: uniform(tf, [3, 3, 16, 32], 144), bias: uniform(tf, [16], 144) };
  const up2 = { weight: uniform(tf, [3, 3, 1, 16], 9), bias: uniform(tf, [1], 9) };
  const conv = makeConv2d(tf, 3, 2, 1);
  const convT14 = makeConvTranspose2d(tf, 3, 2, 1, [14, 14, 16]);
  const convT28 = makeConvTranspose2d(tf, 3, 2, 1, [28, 28, 1]);
  const encode = (x) => {
    const image = x.reshape([x.shape[0], 28, 28, 1]);
    const h1 = tf.relu(tf.add(conv(image, conv1.weight), conv1.bias));
    const h2 = tf.relu(tf.add(conv(h1, conv2.weight), conv2.bias));
    return applyDense(tf, code, h2.reshape([x.shape[0], 1568]));
  };
  const decodeLogits = (z) => {
    const h = applyDense(tf, expand, z, 'relu').reshape([z.shape[0], 7, 7, 32]);
    const u1 = tf.relu(tf.add(convT14(h, up1.weight), up1.bias));
    return tf.add(convT28(u1, up2.weight), up2.bias).reshape([z.shape[0], 784]);
  };
  return {
    latent: 16,
    variables: variablesOf([conv1, conv2, code, expand, up1, up2]),
    loss: (x) => tf.div(bceWithLogitsSum(tf, decodeLogits(encode(x)), x), x.shape[0]),
    encode,
    decode: (z) => tf.sigmoid(decodeLogits(z)),
  };
}

export const TFJS_MODELS = { V1: vae, A1: denseAutoencoderMse, C1: convAutoencoder };
