/**
 * The ownership rule for a bucket configuration (README "Adopting what already exists"; /ownership.ts for the marks):
 * create takes over only what is unmarked-and-adopted, or marked mine; delete never removes what another resource
 * now owns. @internal
 * @packageDocumentation
 */
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { lastWrite, noteWrite, readSettled, staleWindowMs, within } from "./consistency";
import { aliasAdvice, hintTags, type OwnerKind, ownerTagKey, readMark, relation, releaseMarked, writeMark } from "./ownership";

/** What the rule needs to know of the resource. */
export interface Claimant {
  kind: OwnerKind;
  label: string;
  loc: BucketLocation;
  ownerKey?: string;
  adopt?: boolean;
}

/**
 * Before writing a configuration on create: succeeds when it may be written (nothing live; live and marked mine — an
 * earlier attempt of this resource; or `adopt`), and then marks it mine *before* the write, so a lost answer or a
 * crash between the two leaves a configuration the next attempt recognises. Fails with the advice that fits.
 */
export async function claimConfiguration<C>(client: CosClient, who: Claimant, existing: C | undefined, reread: () => Promise<C | undefined>): Promise<void> {
  if (existing !== undefined) {
    let mark = await readMark(client, who.loc, who.kind);
    let rel = relation(mark, who.ownerKey);
    // Right after this process removed it (a replacement deletes first), a GET may still return the old document.
    const removedAt = lastWrite(who.loc.bucket, who.kind);
    if (rel !== "mine" && within(removedAt, staleWindowMs())) {
      existing = await readSettled(reread, (v) => v === undefined, removedAt, staleWindowMs());
      if (existing !== undefined) {
        mark = await readMark(client, who.loc, who.kind);
        rel = relation(mark, who.ownerKey);
      }
    }
    if (existing !== undefined && rel !== "mine" && !who.adopt) {
      const what = `the ${who.label} of bucket ${who.loc.bucket}`;
      if (rel === "sibling") throw new Error(aliasAdvice(what, mark!));
      if (rel === "foreign") throw new Error(`${what} is managed by another stack (owner ${mark}). Set \`adopt: true\` on this resource to take it over (it will be replaced by the declared one); the other stack then leaves it alone.`);
      throw new Error(
        `bucket ${who.loc.bucket} already has a ${who.label} that this stack did not create (made outside Pulumi, or by an ` +
          "older version of this package). Set `adopt: true` on this resource to take it over (it will be replaced by the declared one), or remove it first.",
      );
    }
  }
  if (who.ownerKey) await writeMark(client, who.loc, who.kind, who.ownerKey);
}

/** After an update: a new owner key (an alias rename, or state from before marks) moves the mark, unless someone else holds it. */
export async function remark(client: CosClient, who: Claimant, previousKey: string | undefined): Promise<void> {
  if (!who.ownerKey) return;
  const mark = await readMark(client, who.loc, who.kind);
  if (mark === who.ownerKey) return;
  const rel = relation(mark, previousKey);
  if (rel === "mine" || rel === "unmarked") await writeMark(client, who.loc, who.kind, who.ownerKey);
}

/**
 * Deletes the configuration unless another resource now owns it (it was adopted: a rename, another stack); then it is
 * left alone with a warning and the resource simply leaves state. `remove` must treat "not configured" as done. The
 * mark is decided on, and removed, in the bucket's tag batch ({@link releaseMarked}).
 */
export async function releaseConfiguration(client: CosClient, who: Claimant, remove: () => Promise<void>): Promise<void> {
  const done = await releaseMarked(client, who.loc, who.kind, who.ownerKey, async () => {
    await remove();
    noteWrite(who.loc.bucket, who.kind);
  });
  if (!done.removed) {
    process.stderr.write(`warning: the ${who.label} of bucket ${who.loc.bucket} is now managed by another resource (owner ${done.mark}${done.rel === "foreign" ? ", another stack" : ""}); it was left in place.\n`);
  }
}

/** A warning for a refresh that finds the configuration marked by someone else (read never changes marks). */
export async function warnIfNotMine(client: CosClient, who: Claimant): Promise<void> {
  let mark: string | undefined;
  try {
    mark = (await hintTags(client, who.loc))[ownerTagKey(who.kind)];
  } catch {
    return; // a hint only
  }
  const rel = relation(mark, who.ownerKey);
  if (who.ownerKey && (rel === "sibling" || rel === "foreign")) {
    process.stderr.write(`warning: the ${who.label} of bucket ${who.loc.bucket} is marked as managed by another resource (owner ${mark}); this resource's delete will leave it alone.\n`);
  }
}
