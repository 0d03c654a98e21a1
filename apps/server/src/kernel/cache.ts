/**
 * Serialized responses keyed by a change counter's version: an entry is only ever served for
 * the version it was computed at, so a write anywhere (any process) makes it unreachable.
 * Entries of older versions are dropped as soon as a newer version is seen.
 */
export class VersionedCache<T = string> {
  private version = -1;
  private readonly entries = new Map<string, T>();

  constructor(private readonly maxEntries = 1000) {}

  get(version: number, key: string): T | undefined {
    if (version !== this.version) return undefined;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh its place: eviction takes the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(version: number, key: string, value: T): void {
    if (version < this.version) return;
    if (version > this.version) {
      this.entries.clear();
      this.version = version;
    }
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
  }
}
