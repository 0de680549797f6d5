// What the client's modules share (not public API; latentlab.js re-exports
// LatentLabError): how a bound call's C++ error becomes a JS Error with a
// code, how JS objects hold their Embind handles, and the argument checks.
// A feature module (web/client/<feature>.js) binds further C++ classes
// (src/wasm/bindings_<feature>.cpp) with these, the way Model is bound.

// An Error with a stable code (src/nn/errors.hpp: 'invalid_argument',
// 'diverged', ...): callers branch on error.code, people read error.message.
export class LatentLabError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'LatentLabError';
    this.code = code;
  }
}

// The client's own argument checks throw the codes C++ would.
const invalid = (message) => new LatentLabError('invalid_argument', message);

export function asFloat32(values, name) {
  if (values instanceof Float32Array) return values;
  if (Array.isArray(values) || ArrayBuffer.isView(values)) return Float32Array.from(values);
  throw invalid(`${name} must be a Float32Array`);
}

export function asLabels(labels) {
  if (labels == null) return undefined;
  if (labels instanceof Int32Array || Array.isArray(labels)) return Array.from(labels);
  if (ArrayBuffer.isView(labels)) return Array.from(labels);
  throw invalid('labels must be an Int32Array or an array of class ids');
}

export function asBytes(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw invalid('weights must be a Uint8Array or an ArrayBuffer');
}

// The module records a C++ error instead of throwing through its own frames
// (see last_error in src/wasm/boundary.hpp); this turns it into an Error.
export function checked(module, result) {
  const message = module.takeError();
  const code = module.takeErrorCode();
  if (message !== '') throw new LatentLabError(code || 'internal', message);
  return result;
}

// Each live object's Embind handle and module, kept out of the public surface.
const handles = new WeakMap();

export function handleOf(object) {
  const entry = handles.get(object);
  if (entry === undefined) throw new LatentLabError('disposed', `${object.constructor.name} was disposed`);
  return entry.handle;
}

// handle.method(...args), throwing the C++ error if the call failed.
export function call(object, method, ...args) {
  const handle = handleOf(object);
  return checked(handles.get(object).module, handle[method](...args));
}

// dispose() frees the WASM memory behind an object; `using` and lab.scope() call it for you.
export class Disposable {
  constructor(module, handle) {
    handles.set(this, { module, handle });
  }
  get disposed() {
    return !handles.has(this);
  }
  dispose() {
    const entry = handles.get(this);
    if (entry !== undefined) {
      handles.delete(this);
      entry.handle.delete();
    }
  }
  [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
    this.dispose();
  }
}

// The Embind module behind each LatentLab.
const labModules = new WeakMap();
export function registerModule(lab, module) {
  labModules.set(lab, module);
}
export function moduleOf(lab) {
  const module = labModules.get(lab);
  if (module === undefined) throw invalid('expected a LatentLab from loadLatentLab()');
  return module;
}
