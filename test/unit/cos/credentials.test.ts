import { CosCredentialsError, resolveCredentials } from "../../../provider/cos";
import { fixedCredentials } from "../../../provider/cos/credentials";

const ENV = { TENCENTCLOUD_SECRET_ID: "AKIDENV", TENCENTCLOUD_SECRET_KEY: "env-secret-key", TENCENTCLOUD_SECURITY_TOKEN: "env-token" };

describe("credential chain", () => {
  it("explicit values beat the environment", async () => {
    await expect(resolveCredentials({ secretId: "AKIDX", secretKey: "x" }, ENV)).resolves.toEqual({ secretId: "AKIDX", secretKey: "x" });
  });
  it("a provider function (sync or async) is called at resolve time", async () => {
    let calls = 0;
    const fn = async () => {
      calls++;
      return { secretId: "AKIDF", secretKey: "f", securityToken: "t" };
    };
    await expect(resolveCredentials(fn, {})).resolves.toEqual({ secretId: "AKIDF", secretKey: "f", securityToken: "t" });
    await resolveCredentials(fn, {});
    expect(calls).toBe(2);
  });
  it("falls back to TENCENTCLOUD_* env, including the security token", async () => {
    await expect(resolveCredentials(undefined, ENV)).resolves.toEqual({ secretId: "AKIDENV", secretKey: "env-secret-key", securityToken: "env-token" });
    await expect(resolveCredentials({ secretId: "", secretKey: "" }, ENV)).resolves.toMatchObject({ secretId: "AKIDENV" });
  });
  it("reads process.env at call time, not at import time", async () => {
    const saved = { ...process.env };
    try {
      process.env["TENCENTCLOUD_SECRET_ID"] = "AKIDLATE";
      process.env["TENCENTCLOUD_SECRET_KEY"] = "late";
      delete process.env["TENCENTCLOUD_SECURITY_TOKEN"];
      await expect(resolveCredentials()).resolves.toEqual({ secretId: "AKIDLATE", secretKey: "late" });
    } finally {
      process.env = saved;
    }
  });
  it("missing → CosCredentialsError listing names tried, never values", async () => {
    const err = await resolveCredentials({ secretId: "AKIDPARTIAL", secretKey: "" }, { TENCENTCLOUD_SECRET_KEY: "only-the-key-secret" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CosCredentialsError);
    const e = err as CosCredentialsError;
    expect(e.tried).toEqual(["options.credentials", "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"]);
    expect(e.message).toContain("TENCENTCLOUD_SECRET_ID");
    for (const s of [e.message, String(e), JSON.stringify(e)]) expect(s).not.toContain("only-the-key-secret");
    const none = (await resolveCredentials(undefined, {}).catch((x: unknown) => x)) as CosCredentialsError;
    expect(none.tried).toEqual(["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"]);
  });
});

describe("fixedCredentials (the signing step's no-await path)", () => {
  it("is the pair itself only when resolveCredentials would return it first", async () => {
    const pair = { secretId: "AKIDX", secretKey: "x", securityToken: "t" };
    expect(fixedCredentials(pair)).toBe(pair);
    await expect(resolveCredentials(pair, ENV)).resolves.toBe(pair);
    expect(fixedCredentials(undefined)).toBeUndefined();
    expect(fixedCredentials(() => pair)).toBeUndefined();
    expect(fixedCredentials({ secretId: "AKIDX", secretKey: "" })).toBeUndefined();
  });
});
