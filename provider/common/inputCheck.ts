/**
 * Top-level input checks shared by every resource's `check` (issue 10 "Messages and inputs"). @internal
 * @packageDocumentation
 */
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { closest, distance } from "fastest-levenshtein";
import type { Checker, Obj } from "./validate";

/** Inputs the sdk classes pass besides the user's arguments; never named in a suggestion. */
export const HIDDEN_INPUTS = ["__provider", "ownerKey", "autoNameBase"] as const;

/**
 * Records a failure for every top-level property of `news` that is not in `known`, naming the closest known name
 * (`forceDestory` → "did you mean `forceDestroy`?"): JavaScript programs get no compiler help.
 */
export function checkKnownProperties(c: Checker, news: Obj, known: readonly string[], resource: string): void {
  const all = new Set<string>([...known, ...HIDDEN_INPUTS]);
  const visible = known.filter((k) => !(HIDDEN_INPUTS as readonly string[]).includes(k));
  for (const k of Object.keys(news)) {
    if (all.has(k) || news[k] === undefined) continue;
    const near = visible.length ? closest(k, visible) : undefined;
    const close = near !== undefined && distance(k.toLowerCase(), near.toLowerCase()) <= Math.max(2, Math.floor(near.length / 3));
    c.fail(k, `is not a known property of ${resource}${close ? `; did you mean \`${near}\`?` : ` (known: ${visible.join(", ")})`}`);
  }
}

/**
 * The engine prints a failure as "property <p> value {<inputs[p]>} has a problem", looking `p` up among the top-level
 * inputs only (pkg/resource/deploy/step_generator.go issueCheckFailures), so a nested path or a missing property shows
 * as `value {<nil>}`. Such failures are reported without a property, their reason naming the path: self-contained.
 */
export function forEngine(failures: readonly CheckFailure[], news: Obj): CheckFailure[] {
  return failures.map((f) => {
    const top = f.property !== "" && Object.prototype.hasOwnProperty.call(news, f.property) && news[f.property] !== undefined && news[f.property] !== null;
    return top || f.property === "" ? f : { property: "", reason: `${f.property}: ${f.reason}` };
  });
}
