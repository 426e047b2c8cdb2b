import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { dequal as deepEqual } from "dequal";
import { containsUnknown } from "./unknowns";

/** Keys that never take part in a diff: the serialised provider and bookkeeping inputs. @internal */
const NEVER_COMPARED = new Set(["__provider", "autoNameBase", "adopt"]);

/** What {@link diffNormalized} compares. @internal */
export interface DiffSpec {
  /** Input properties whose change replaces the resource. */
  replaceOn: readonly string[];
  /** Output-only properties (computed by the provider): not inputs, never compared. */
  outputsOnly?: readonly string[];
  /** A semantic comparison for properties whose raw forms may differ while meaning the same thing. */
  equal?: (key: string, a: unknown, b: unknown) => boolean | undefined;
}

/**
 * Compares two already-normalised input bags property by property (a stable deep compare) and reports which
 * properties changed and which of those force a replacement. Unknown values (preview) count as changed.
 * Configurations are per-bucket singletons, so a replacement always deletes the old one first. @internal
 */
export function diffNormalized(olds: Record<string, unknown>, news: Record<string, unknown>, spec: DiffSpec): DiffResult & { changed: string[] } {
  const skip = new Set([...NEVER_COMPARED, ...(spec.outputsOnly ?? [])]);
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !skip.has(k)).sort();
  const changed = keys.filter((k) => {
    const a = olds[k];
    const b = news[k];
    if (containsUnknown(b)) return true;
    const custom = spec.equal?.(k, a, b);
    if (custom !== undefined) return !custom;
    return !deepEqual(a ?? null, b ?? null);
  });
  const replaces = changed.filter((k) => spec.replaceOn.includes(k));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: true, changed };
}
