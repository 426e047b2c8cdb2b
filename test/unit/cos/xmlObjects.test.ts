import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createBucketXml,
  deleteObjectsToXml,
  deleteResultFromXml,
  initiateFromXml,
  listObjectsFromXml,
  listUploadsFromXml,
  listVersionsFromXml,
  locationFromXml,
  serviceFromXml,
} from "../../../provider/cos";

const fixture = (name: string): string => readFileSync(join(__dirname, "../../fixtures/xml", name), "utf8");

describe("bucket", () => {
  it("GET Service: reads the 002 sample's CreateDate (§7 C9) and CreationDate", () => {
    expect(serviceFromXml(fixture("service-002.xml"))).toEqual([
      { name: "01", location: "ap-beijing", creationDate: "2016-09-13 15:20:15" },
      { name: "0111", location: "ap-hongkong", creationDate: "2017-01-11 17:23:51" },
    ]);
    expect(serviceFromXml("<ListAllMyBucketsResult><Buckets><Bucket><Name>a-1</Name><Location>ap-guangzhou</Location><CreationDate>2019-05-24T10:56:40Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>")).toEqual([
      { name: "a-1", location: "ap-guangzhou", creationDate: "2019-05-24T10:56:40Z" },
    ]);
    expect(serviceFromXml("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>")).toEqual([]);
  });
  it("GET location strips the 002 sample's cos. prefix (002:L1722)", () => {
    expect(locationFromXml('<?xml version="1.0" encoding="UTF-8" ?>\n<LocationConstraint>cos.ap-beijing</LocationConstraint>')).toBe("ap-beijing");
    expect(locationFromXml("<LocationConstraint>ap-guangzhou</LocationConstraint>")).toBe("ap-guangzhou");
  });
  it("multi-AZ create body", () => {
    expect(createBucketXml(true)).toBe("<CreateBucketConfiguration><BucketAZConfig>MAZ</BucketAZConfig></CreateBucketConfiguration>");
    expect(createBucketXml(false)).toBeUndefined();
  });
});

describe("list objects", () => {
  it("parses the 002 sample: Encoding-Type url decodes keys; NextMarker ignored when not truncated", () => {
    const page = listObjectsFromXml(fixture("list-objects-002.xml"));
    expect(page.contents.map((c) => c.key)).toEqual(["testL", "腾讯云"]);
    expect(page.contents[0]).toEqual({ key: "testL", lastModified: "2017-06-23T12:33:26.000Z", etag: '"79f2a852fac7e826c9f4dbe037f8a63b"', size: 10485760, storageClass: "STANDARD", owner: { id: "1252375641" } });
    expect(page).toMatchObject({ prefix: "ela", marker: "", delimiter: "/", maxKeys: 1000, isTruncated: false });
    expect(page.nextMarker).toBeUndefined();
  });
  it("uses NextMarker when truncated, else the last key or common prefix; accepts CommonPrefixs", () => {
    const withNext = listObjectsFromXml("<ListBucketResult><IsTruncated>true</IsTruncated><NextMarker>b</NextMarker><Contents><Key>a</Key></Contents></ListBucketResult>");
    expect(withNext.nextMarker).toBe("b");
    const without = listObjectsFromXml("<ListBucketResult><IsTruncated>TRUE</IsTruncated><Contents><Key>a</Key></Contents><CommonPrefixs><Prefix>z/</Prefix></CommonPrefixs></ListBucketResult>");
    expect(without.commonPrefixes).toEqual(["z/"]);
    expect(without.nextMarker).toBe("z/");
  });
});

describe("list object versions", () => {
  it("parses versions, delete markers, markers and EncodingType", () => {
    const xml = `<ListVersionsResult><EncodingType>url</EncodingType><Name>b-1</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><NextKeyMarker>a%20b</NextKeyMarker><NextVersionIdMarker>v2</NextVersionIdMarker>
      <Version><Key>a%20b</Key><VersionId>v1</VersionId><IsLatest>false</IsLatest><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"e"</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Version>
      <DeleteMarker><Key>a%20b</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest><LastModified>2024-01-02T00:00:00.000Z</LastModified></DeleteMarker></ListVersionsResult>`;
    expect(listVersionsFromXml(xml)).toEqual({
      prefix: "",
      keyMarker: "",
      versionIdMarker: "",
      isTruncated: true,
      nextKeyMarker: "a b",
      nextVersionIdMarker: "v2",
      versions: [{ key: "a b", versionId: "v1", isLatest: false, lastModified: "2024-01-01T00:00:00.000Z", etag: '"e"', size: 3, storageClass: "STANDARD" }],
      deleteMarkers: [{ key: "a b", versionId: "v2", isLatest: true, lastModified: "2024-01-02T00:00:00.000Z" }],
      commonPrefixes: [],
    });
  });
});

describe("delete multiple objects", () => {
  it("serializes Quiet and VersionId; parses Deleted/Error (single and repeated)", () => {
    expect(deleteObjectsToXml([{ key: "a&b" }], false)).toBe("<Delete><Object><Key>a&amp;b</Key></Object></Delete>");
    const res = deleteResultFromXml("<DeleteResult><Deleted><Key>a</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>dm</DeleteMarkerVersionId></Deleted><Error><Key>b</Key><VersionId>v</VersionId><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>");
    expect(res).toEqual({
      deleted: [{ key: "a", deleteMarker: true, deleteMarkerVersionId: "dm" }],
      errors: [{ key: "b", versionId: "v", code: "AccessDenied", message: "no" }],
    });
    expect(deleteResultFromXml("<DeleteResult/>")).toEqual({ deleted: [], errors: [] });
  });
});

describe("multipart uploads", () => {
  it("initiate reads UploadId (and UploadID)", () => {
    expect(initiateFromXml("<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>u1</UploadId></InitiateMultipartUploadResult>")).toBe("u1");
    expect(initiateFromXml("<InitiateMultipartUploadResult><UploadID>u2</UploadID></InitiateMultipartUploadResult>")).toBe("u2");
  });
  it("parses the 002 list sample: UploadID, CommonPrefixs, Encoding-Type (§7 C10/C11)", () => {
    expect(listUploadsFromXml(fixture("list-uploads-002.xml"))).toEqual({
      prefix: "",
      keyMarker: "",
      uploadIdMarker: "",
      isTruncated: false,
      uploads: [{ key: "Object", uploadId: "1484726657932bcb5b17f7a98a8cad9fc36a340ff204c79bd2f51e7dddf0b6d1da6220520c", storageClass: "Standard", initiated: "Wed Jan 18 16:04:17 2017" }],
      commonPrefixes: ["photos/"],
    });
  });
  it("parses markers of a truncated page", () => {
    const page = listUploadsFromXml("<ListMultipartUploadsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker><NextUploadIdMarker>u</NextUploadIdMarker><Upload><Key>k</Key><UploadId>u</UploadId></Upload><Upload><Key>k2</Key><UploadId>u2</UploadId></Upload></ListMultipartUploadsResult>");
    expect(page).toMatchObject({ isTruncated: true, nextKeyMarker: "k", nextUploadIdMarker: "u" });
    expect(page.uploads).toHaveLength(2);
  });
});
