export { toSizeText } from "@/components/ui/file-drop-field";
// Number and size formatting shared by the exports page.

const COUNT = new Intl.NumberFormat("en");

/** A count with thousands separators ("100,000"). */
export function toCountText(n: number): string {
  return COUNT.format(n);
}

/** "1 number" / "2 numbers". */
export function toPlural(n: number, one: string, many: string): string {
  return `${toCountText(n)} ${n === 1 ? one : many}`;
}
