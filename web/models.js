// The models every view shares: the pretrained ones in models/ (loaded on first
// use, then cached for the session) and "the freshly trained model" from the
// Train view (or a weights file the student loaded), under the id 'trained'.
//
//   const ae = await models.get('ae2');              // a latentlab.js Model
//   models.setTrained(model, { origin: 'trained' });  // replaces (and later disposes) the previous one
//   const off = models.onTrainedChange(() => …);      // ctx.life.own(off) in a view
//   models.unsaved / models.markSaved()               // a trained model not downloaded yet
//   const codes = await models.codes(model, testSet); // N×Z encodings, cached per model and data set
import { lab as loadLab } from './lab.js';
import { assetUrl, fetchAsset, fetchAssetBytes } from './assets.js';
import { LocalizedError } from './ui/messages.js';
import { inSlices } from './ui/slices.js';

// id (used in URLs and i18n keys 'model.<id>') -> file stem in models/.
export const PRETRAINED = {
  ae2: 'ae2', // dense autoencoder, 2-D code
  ae16: 'ae16', // the same layers with a 16-D code: AE vs PCA at k = 16
  ae32: 'ae32', // and with a 32-D code
  vae2: 'vae2', // the same architecture as a VAE
  vae16: 'vae16', // dense VAE, 16-D code
  vae16_beta4: 'vae16_beta4', // the same VAE trained with β = 4 (its KL pushes more dimensions to the prior)
  dae: 'dae_conv', // convolutional denoising autoencoder
  ae_conv: 'ae_conv', // the same conv layers trained without noise: the denoiser's plain twin
  cvae: 'cvae', // conditional VAE
};
export const TRAINED = 'trained';

class ModelStore {
  #cache = new Map(); // id -> Promise<Model>
  #cards = new Map(); // id -> Promise<object|null>
  #codes = new WeakMap(); // Model -> Map<data set name, Float32Array>
  #trained = null; // { model, info }
  #listeners = new Set();
  #retired = [];

  has(id) {
    // Own properties only: ids come from the URL, and 'constructor' or '__proto__' are "in" every object.
    return Object.hasOwn(PRETRAINED, id) || (id === TRAINED && this.#trained !== null);
  }

  // Ids to offer in a model picker: the given pretrained ones plus 'trained' when there is one.
  choices(pretrainedIds, accept = () => true) {
    const ids = [...pretrainedIds];
    if (this.#trained && accept(this.#trained.model)) ids.push(TRAINED);
    return ids;
  }

  get(id) {
    if (id === TRAINED) {
      if (!this.#trained) return Promise.reject(new LocalizedError('error.noTrainedModel'));
      return Promise.resolve(this.#trained.model);
    }
    const stem = Object.hasOwn(PRETRAINED, id) ? PRETRAINED[id] : undefined;
    if (!stem) return Promise.reject(new LocalizedError('error.unknownModel', { id }));
    if (!this.#cache.has(id)) {
      const promise = (async () => {
        const path = `models/${stem}.safetensors`;
        const [lab, bytes] = await Promise.all([loadLab(), fetchAssetBytes(path, 'error.modelMissing')]);
        try {
          return lab.loadModel(bytes);
        } catch (error) {
          throw new LocalizedError('error.modelCorrupt', { url: assetUrl(path) }, error.message);
        }
      })();
      promise.catch(() => this.#cache.delete(id));
      this.#cache.set(id, promise);
    }
    return this.#cache.get(id);
  }

  // The model card (JSON beside the weights), or null when there is none.
  card(id) {
    const stem = Object.hasOwn(PRETRAINED, id) ? PRETRAINED[id] : undefined;
    if (!stem) return Promise.resolve(id === TRAINED ? this.#trained?.info ?? null : null);
    if (!this.#cards.has(id)) {
      this.#cards.set(id, fetchAsset(`models/${stem}.json`)
        .then((r) => (r.ok ? r.json() : null))
        .catch(() => null));
    }
    return this.#cards.get(id);
  }

  get trained() {
    return this.#trained;
  }

  // A model trained in this tab that was not downloaded: it would be lost on leaving the page.
  get unsaved() {
    return this.#trained?.info.origin === 'trained' && !this.#trained.info.saved;
  }

  markSaved() {
    if (this.#trained) this.#trained.info.saved = true;
  }

  // info: { origin: 'trained' | 'file', name?, epochs? }. The previous trained
  // model is disposed a little later, so a view drawing with it this frame
  // finishes first (views re-fetch on the change event).
  setTrained(model, info = {}) {
    const previous = this.#trained;
    this.#trained = { model, info };
    for (const listener of this.#listeners) listener(this.#trained);
    if (previous && previous.model !== model) {
      this.#retired.push(previous.model);
      setTimeout(() => {
        const old = this.#retired.shift();
        if (old && !old.disposed) old.dispose();
      }, 2000);
    }
  }

  onTrainedChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // Encodings (posterior means for a VAE) of a whole data set, computed once per model,
  // a slice of rows per task: the page keeps drawing (and taking strokes) meanwhile.
  codes(model, set) {
    let perModel = this.#codes.get(model);
    if (!perModel) this.#codes.set(model, (perModel = new Map()));
    if (!perModel.has(set.name)) {
      const promise = encodeInSlices(model, set);
      promise.catch(() => perModel.delete(set.name));
      perModel.set(set.name, promise);
    }
    return perModel.get(set.name);
  }
}

// The rows of a data set as codes, a slice of rows per task (ui/slices.js).
function encodeInSlices(model, { images, labels }) {
  if (images.length % model.imageSize !== 0) return Promise.resolve().then(() => model.encodeAll(images, model.isConditional ? labels : undefined));  // which says why
  const labelsOf = (start, end) => (model.isConditional ? labels.subarray(start, end) : undefined);
  return inSlices(images, (rows, start, end) => model.encode(rows, labelsOf(start, end)),
    { rowSize: model.imageSize, width: model.latentSize });
}

export const models = new ModelStore();
