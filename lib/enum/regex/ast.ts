import type { CharSet } from "./charset";

/** Zero-width assertions. `bol`/`eol` are boost's line anchors, `bob`/`eob` buffer anchors. */
export type AssertKind =
  | "bol"
  | "eol"
  | "bob"
  | "eob"
  | "eob-soft"
  | "word-boundary"
  | "not-word-boundary"
  | "word-start"
  | "word-end";

/** The parsed form of a pattern, shared by both dialects. */
export type Node =
  | { readonly type: "empty" }
  | { readonly type: "char"; readonly set: CharSet }
  | { readonly type: "seq"; readonly items: readonly Node[] }
  | { readonly type: "alt"; readonly branches: readonly Node[] }
  | { readonly type: "group"; readonly index: number; readonly body: Node }
  | { readonly type: "repeat"; readonly body: Node; readonly min: number; readonly max: number }
  | { readonly type: "assert"; readonly kind: AssertKind };
