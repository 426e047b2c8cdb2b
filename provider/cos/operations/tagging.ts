/**
 * PUT/GET/DELETE Bucket tagging (digest §5.19): pure serde between {@link Tag}[] and `<Tagging>`.
 * @packageDocumentation
 */
import { buildXml, child, children, parseDocument, text, type XmlNode } from "../xml";

/** A key/value tag (bucket tags, lifecycle filter tags). */
export interface Tag {
  key: string;
  value: string;
}

/** Wire form of a tag list, shared with lifecycle filters. @internal */
export function tagsToXml(tags: Tag[]): { Key: string; Value: string }[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

/** Reads `<Tag><Key/><Value/></Tag>` nodes. @internal */
export function tagsFromNodes(nodes: XmlNode[]): Tag[] {
  return nodes.map((n) => ({ key: text(n, "Key") ?? "", value: text(n, "Value") ?? "" }));
}

/** Serializes bucket tags. */
export function taggingToXml(tags: Tag[]): string {
  return buildXml("Tagging", { TagSet: { Tag: tagsToXml(tags) } });
}

/** Parses `<Tagging>`; `undefined` for an empty body or an empty tag set. */
export function taggingFromXml(xml: string): Tag[] | undefined {
  const tags = tagsFromNodes(children(child(parseDocument(xml, "GetBucketTagging", "Tagging"), "TagSet"), "Tag"));
  return tags.length ? tags : undefined;
}

/**
 * The `x-cos-tagging` header value, `k1=v1&k2=v2` with each part URL-encoded (003:L62766-62864 documents it for
 * uploads; PUT Bucket with tags at creation is [NOT IN SEEDS], digest "Not documented"; the provider therefore also
 * makes sure of the tags with PUT ?tagging afterwards).
 */
export function taggingHeader(tags: readonly Tag[]): string {
  return tags.map((t) => `${encodeURIComponent(t.key)}=${encodeURIComponent(t.value)}`).join("&");
}
