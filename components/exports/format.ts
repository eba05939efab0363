// Number and size formatting shared by the exports page.

const COUNT = new Intl.NumberFormat("en");

/** A count with thousands separators ("100,000"). */
export function toCountText(n: number): string {
  return COUNT.format(n);
}

/** A byte size as people read it ("812 B", "14.2 KB", "61.0 MB"). */
export function toSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "1 number" / "2 numbers". */
export function toPlural(n: number, one: string, many: string): string {
  return `${toCountText(n)} ${n === 1 ? one : many}`;
}
