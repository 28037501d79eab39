/**
 * An exact set of 52-bit id hashes with the file each was first seen in, packed in typed
 * arrays (open addressing, linear probing): about 20 bytes per id at worst, where a Map
 * costs 80–100. inspect uses it to find duplicate incident ids across millions of rows.
 */
export class IdTable {
  private keys = new Float64Array(1 << 16);
  private files = new Uint16Array(1 << 16);
  private size = 0;

  /** Records the id; returns the file it was first seen in, or -1 when it is new. */
  seen(hash: number, file: number): number {
    const key = hash === 0 ? 1 : hash;
    const mask = this.keys.length - 1;
    let i = (key ^ (key / 0x100000000)) & mask;
    for (;;) {
      const k = this.keys[i];
      if (k === 0) break;
      if (k === key) return this.files[i];
      i = (i + 1) & mask;
    }
    this.keys[i] = key;
    this.files[i] = Math.min(file, 0xffff);
    if (++this.size * 2 > this.keys.length) this.grow();
    return -1;
  }

  private grow(): void {
    const keys = this.keys;
    const files = this.files;
    this.keys = new Float64Array(keys.length * 2);
    this.files = new Uint16Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      if (key === 0) continue;
      let i = (key ^ (key / 0x100000000)) & mask;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.files[i] = files[j];
    }
  }
}
