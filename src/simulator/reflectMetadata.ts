// Minimal `Reflect` metadata polyfill. @peculiar/x509 resolves its algorithms through
// tsyringe, which refuses to load without `Reflect.getMetadata` ("tsyringe requires a
// reflect polyfill"). The `reflect-metadata` package is not a dependency, and tsyringe
// only needs define/get/getOwn (plus tslib's `Reflect.metadata` decorator factory), so
// this module installs just those, and only when nothing else did. Import it before
// '@peculiar/x509'.

type MetadataMap = Map<unknown, unknown>;

interface ReflectWithMetadata {
  defineMetadata?(key: unknown, value: unknown, target: object, property?: string | symbol): void;
  getOwnMetadata?(key: unknown, target: object, property?: string | symbol): unknown;
  getMetadata?(key: unknown, target: object, property?: string | symbol): unknown;
  hasMetadata?(key: unknown, target: object, property?: string | symbol): boolean;
  metadata?(key: unknown, value: unknown): (target: object, property?: string | symbol) => void;
}

const store = new WeakMap<object, Map<string | symbol | undefined, MetadataMap>>();

function own(target: object, property: string | symbol | undefined, create: boolean): MetadataMap | undefined {
  let byProperty = store.get(target);
  if (!byProperty) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let map = byProperty.get(property);
  if (!map && create) {
    map = new Map();
    byProperty.set(property, map);
  }
  return map;
}

function lookup(key: unknown, target: object, property?: string | symbol): unknown {
  // Walks the prototype chain, as reflect-metadata's getMetadata does.
  for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
    const map = own(t, property, false);
    if (map?.has(key)) return map.get(key);
  }
  return undefined;
}

const R = Reflect as unknown as ReflectWithMetadata;
if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key, value, target, property) => void own(target, property, true)?.set(key, value);
  R.getOwnMetadata = (key, target, property) => own(target, property, false)?.get(key);
  R.getMetadata = lookup;
  R.hasMetadata = (key, target, property) => lookup(key, target, property) !== undefined;
  R.metadata = (key, value) => (target, property) => void own(target, property, true)?.set(key, value);
}

export {};
