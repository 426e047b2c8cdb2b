/**
 * Generates provider/native/schema.json, the Pulumi package schema of the native provider, from the one source of
 * truth the TypeScript users already have: the sdk classes (their `…Args` interfaces, `Output` declarations and
 * TSDoc), read with the TypeScript compiler API. A resource or property added to sdk/ (and to provider/index.ts
 * `resources`) is in the schema after the next `npm run build`, with no edit here.
 *
 *   tsx scripts/gen-schema.ts           write the schema
 *   tsx scripts/gen-schema.ts --check   exit 1 when the written schema is not what the sdk says
 *
 * Mapping: `pulumi.Input<T>`/`pulumi.Output<T>` → T; string/number/boolean (and unions of their literals) → the
 * primitive; `T[]` → array; `Record<string, T>` → map; an interface or an object literal → a named object type; a
 * union of different kinds, an intersection or a mapped type (the policy document) → `pulumi.json#/Any`. A default is
 * taken from a doc sentence "Defaults to `x`." (or true/false/"" /a number); `@secret` marks a secret output.
 *
 * Functions: one per lookup function the provider serves (provider/functions.ts `functions`, what Invoke answers),
 * token `tencentcos:index:<name>`, its inputs the args interface of the sdk function of that name
 * (sdk/functions.ts), its outputs the result type that function promises (provider/functions.ts), same mapping.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { CONFIG_KEYS, functions, resources } from "../provider/index";
import { CONFIG_NAMES, SECRET_CONFIG } from "../provider/native/config";
import { functionToken } from "../provider/native/invoke";
import { PACKAGE, className, tokenOf } from "../provider/native/kinds";

const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_PATH = path.join(ROOT, "provider", "native", "schema.json");

type Spec = { type?: string; items?: Spec; additionalProperties?: Spec; $ref?: string };
interface Prop extends Spec {
  description?: string;
  default?: unknown;
  secret?: boolean;
}
interface ObjectSpec {
  type: "object";
  description?: string;
  properties: Record<string, Prop>;
  required?: string[];
}

const ANY: Spec = { $ref: "pulumi.json#/Any" };

export function generateSchema(): Record<string, unknown> {
  const sdkDir = path.join(ROOT, "sdk");
  const files = fs.readdirSync(sdkDir).filter((f) => f.endsWith(".ts")).map((f) => path.join(sdkDir, f));
  const program = ts.createProgram([...files, path.join(ROOT, "provider", "config.ts")], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, esModuleInterop: true });
  const checker = program.getTypeChecker();
  const types: Record<string, ObjectSpec> = {};
  const typeOrigin = new Map<string, ts.Node>();

  const docOf = (node: ts.Node): string | undefined => {
    const sym = (node as { name?: ts.Node }).name ? checker.getSymbolAtLocation((node as unknown as { name: ts.Node }).name) : undefined;
    const text = sym ? ts.displayPartsToString(sym.getDocumentationComment(checker)) : "";
    const clean = text.replace(/\{@link\s+([^}\s|]+)[^}]*\}/g, (_m, ref: string) => `\`${ref.split(".").pop()}\``).trim();
    return clean || undefined;
  };
  const hasTag = (node: ts.Node, tag: string) => ts.getJSDocTags(node).some((t) => t.tagName.text === tag);

  /** A named object type from property signatures (an interface, an object literal). */
  function objectType(name: string, origin: ts.Node, members: readonly ts.Symbol[], description?: string): Spec {
    if (typeOrigin.get(name) !== origin) {
      let unique = name;
      for (let i = 2; typeOrigin.has(unique) && typeOrigin.get(unique) !== origin; i++) unique = `${name}${i}`;
      if (!typeOrigin.has(unique)) {
        typeOrigin.set(unique, origin);
        types[`${PACKAGE}:index:${unique}`] = { type: "object", properties: {} }; // placeholder: recursion-safe
        types[`${PACKAGE}:index:${unique}`] = { type: "object", ...(description ? { description } : {}), ...propertiesOf(members, unique) };
      }
      name = unique;
    }
    return { $ref: `#/types/${PACKAGE}:index:${name}` };
  }

  function propertiesOf(members: readonly ts.Symbol[], owner: string): { properties: Record<string, Prop>; required?: string[] } {
    const properties: Record<string, Prop> = {};
    const required: string[] = [];
    for (const m of members) {
      const decl = m.valueDeclaration ?? m.declarations?.[0];
      if (!decl || !(ts.isPropertySignature(decl) || ts.isPropertyDeclaration(decl)) || !decl.type) continue;
      properties[m.name] = propertyOf(decl, decl.type, `${owner}${className(m.name)}`);
      if (!decl.questionToken && !includesUndefined(decl.type)) required.push(m.name);
    }
    return { properties, ...(required.length ? { required } : {}) };
  }

  function propertyOf(decl: ts.Node, typeNode: ts.TypeNode, hint: string): Prop {
    const spec: Prop = { ...specOf(typeNode, hint) };
    const description = docOf(decl);
    if (description) spec.description = description;
    const d = description && /Defaults to (?:`([^`]+)`|(true|false|""|\d+))\s*\./.exec(description);
    if (d) {
      const raw = d[1] ?? d[2];
      const value = spec.type === "boolean" ? raw === "true" : spec.type === "number" || spec.type === "integer" ? Number(raw) : raw === '""' ? "" : raw;
      if (spec.type === "boolean" ? raw === "true" || raw === "false" : spec.type !== undefined) spec.default = value;
    }
    if (hasTag(decl, "secret")) spec.secret = true;
    return spec;
  }

  function includesUndefined(node: ts.TypeNode): boolean {
    const inner = unwrap(node);
    return ts.isUnionTypeNode(inner) && inner.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword);
  }

  function unwrap(node: ts.TypeNode): ts.TypeNode {
    if (ts.isParenthesizedTypeNode(node)) return unwrap(node.type);
    if (ts.isTypeReferenceNode(node) && /^(pulumi\.)?(Input|Output)$/.test(node.typeName.getText()) && node.typeArguments?.length === 1) return unwrap(node.typeArguments[0]);
    return node;
  }

  function specOf(node: ts.TypeNode, hint: string): Spec {
    const n = unwrap(node);
    switch (n.kind) {
      case ts.SyntaxKind.StringKeyword: return { type: "string" };
      case ts.SyntaxKind.NumberKeyword: return { type: "number" };
      case ts.SyntaxKind.BooleanKeyword: return { type: "boolean" };
    }
    if (ts.isLiteralTypeNode(n)) {
      if (ts.isStringLiteral(n.literal)) return { type: "string" };
      if (ts.isNumericLiteral(n.literal)) return { type: "number" };
      if (n.literal.kind === ts.SyntaxKind.TrueKeyword || n.literal.kind === ts.SyntaxKind.FalseKeyword) return { type: "boolean" };
      return ANY;
    }
    if (ts.isUnionTypeNode(n)) {
      const parts = n.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
      const specs = parts.map((p) => specOf(p, hint));
      return specs.length > 0 && specs.every((s) => JSON.stringify(s) === JSON.stringify(specs[0])) ? specs[0] : ANY;
    }
    if (ts.isArrayTypeNode(n)) return { type: "array", items: specOf(n.elementType, hint) };
    if (ts.isTypeLiteralNode(n)) return objectType(hint, n, checker.getPropertiesOfType(checker.getTypeAtLocation(n)));
    if (ts.isTypeReferenceNode(n)) {
      const name = n.typeName.getText();
      if (name === "Record" && n.typeArguments?.length === 2) return { type: "object", additionalProperties: specOf(n.typeArguments[1], hint) };
      if (name === "Array" && n.typeArguments?.length === 1) return { type: "array", items: specOf(n.typeArguments[0], hint) };
      return named(checker.getSymbolAtLocation(n.typeName), hint);
    }
    if (ts.isImportTypeNode(n) && n.qualifier) return named(checker.getSymbolAtLocation(n.qualifier), hint);
    return ANY;
  }

  /** A reference to a declared type: an interface becomes a named object type; an alias is followed. */
  function named(symbol: ts.Symbol | undefined, hint: string, alias?: string): Spec {
    if (!symbol) return ANY;
    const sym = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const decl = sym.declarations?.[0];
    if (!decl) return ANY;
    if (ts.isInterfaceDeclaration(decl)) {
      if (decl.typeParameters?.length) return ANY;
      return objectType(alias ?? sym.name, decl, checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(sym)), docOf(decl));
    }
    if (ts.isTypeAliasDeclaration(decl)) {
      if (decl.typeParameters?.length) return ANY;
      const target = unwrap(decl.type);
      if (ts.isTypeReferenceNode(target) && !["Record", "Array"].includes(target.typeName.getText())) return named(checker.getSymbolAtLocation(target.typeName), hint, sym.name);
      if (ts.isImportTypeNode(target) && target.qualifier) return named(checker.getSymbolAtLocation(target.qualifier), hint, sym.name);
      return specOf(decl.type, alias ?? sym.name);
    }
    return ANY;
  }

  const resourceSpecs: Record<string, unknown> = {};
  const found = new Set<string>();
  for (const file of files) {
    const sf = program.getSourceFile(file)!;
    for (const stmt of sf.statements) {
      if (!ts.isClassDeclaration(stmt) || !stmt.name || !stmt.heritageClauses?.some((h) => h.getText().includes("CosResource"))) continue;
      const cls = stmt.name.text;
      const kind = cls.charAt(0).toLowerCase() + cls.slice(1);
      if (!Object.prototype.hasOwnProperty.call(resources, kind)) continue; // not served by the provider (yet)
      found.add(kind);
      const ctor = stmt.members.find(ts.isConstructorDeclaration);
      const argsType = ctor?.parameters[1]?.type;
      if (!argsType) throw new Error(`${cls}: its constructor has no typed args parameter`);
      const argsSym = ts.isTypeReferenceNode(argsType) ? checker.getSymbolAtLocation(argsType.typeName) : undefined;
      if (!argsSym) throw new Error(`${cls}: the args type must be a named interface`);
      const inputs = propertiesOf(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(argsSym)), cls);
      const outputMembers = stmt.members
        .filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !!m.type && /Output</.test(m.type.getText()))
        .map((m) => checker.getSymbolAtLocation(m.name)!)
        .filter(Boolean);
      const outputs = propertiesOf(outputMembers, cls);
      resourceSpecs[tokenOf(kind)] = {
        description: docOf(stmt),
        properties: outputs.properties,
        ...(outputs.required ? { required: outputs.required } : {}),
        inputProperties: inputs.properties,
        ...(inputs.required ? { requiredInputs: inputs.required } : {}),
      };
    }
  }
  const missing = Object.keys(resources).filter((k) => !found.has(k));
  if (missing.length) throw new Error(`provider/index.ts serves ${missing.join(", ")} but sdk/ has no class for it (class ${missing.map(className).join(", ")} extends CosResource)`);

  const functionSpecs = functionsOf(program, checker, path.join(sdkDir, "functions.ts"), (members, owner) => ({ type: "object", ...propertiesOf(members, owner) }), docOf);

  // Provider configuration: the names of CONFIG_KEYS, typed and described by ProviderSettings (provider/config.ts).
  const settings = program.getSourceFile(path.join(ROOT, "provider", "config.ts"))!.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "ProviderSettings");
  if (!settings) throw new Error("provider/config.ts has no ProviderSettings interface");
  const config: Record<string, Prop> = {};
  for (const name of CONFIG_NAMES) {
    const member = settings.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && m.name.getText() === name);
    const spec: Prop = member?.type ? propertyOf(member, member.type, `Config${className(name)}`) : { type: "string" };
    const env = { secretId: "TENCENTCLOUD_SECRET_ID", secretKey: "TENCENTCLOUD_SECRET_KEY", securityToken: "TENCENTCLOUD_SECURITY_TOKEN", region: "TENCENTCLOUD_REGION", appId: "TENCENTCLOUD_APPID" }[name as string];
    spec.description = `${spec.description ?? `The ${name} setting (\`${CONFIG_KEYS[name]}\` for the dynamic resources).`}${env ? ` Falls back to the ${env} environment variable.` : ""}`;
    if (SECRET_CONFIG.has(name)) spec.secret = true;
    config[name] = spec;
  }

  return {
    name: PACKAGE,
    displayName: "Tencent Cloud COS",
    description: "Tencent Cloud Object Storage (COS) buckets and bucket configurations, driven by a signed COS XML client (the native provider of pulumi-tencent-cos).",
    keywords: ["pulumi", "tencent-cloud", "cos", "object-storage", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-tencent-cos",
    config: { variables: config },
    provider: { description: "The tencentcos provider. Its configuration comes from `tencentcos:*` stack config, then the environment.", inputProperties: config },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    resources: resourceSpecs,
    functions: functionSpecs,
  };
}

/**
 * The lookup functions, one per key of provider/functions.ts `functions` (what Invoke serves): inputs from the
 * parameter type of the sdk function of that name in sdk/functions.ts, outputs from its `Promise<T>` return type
 * (the provider's result types), descriptions from their TSDoc.
 */
function functionsOf(
  program: ts.Program,
  checker: ts.TypeChecker,
  file: string,
  object: (members: readonly ts.Symbol[], owner: string) => ObjectSpec,
  docOf: (node: ts.Node) => string | undefined,
): Record<string, unknown> {
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error("sdk/functions.ts is missing: the lookup functions are declared there");
  /** The properties of a named object type (an interface, or an alias of one), followed through aliases. */
  const membersOf = (node: ts.TypeNode, what: string): readonly ts.Symbol[] => {
    const type = checker.getTypeFromTypeNode(node);
    if (!(type.flags & ts.TypeFlags.Object)) throw new Error(`sdk/functions.ts ${what} must be an object type, not ${checker.typeToString(type)}`);
    return checker.getPropertiesOfType(type);
  };
  const specs: Record<string, unknown> = {};
  for (const name of Object.keys(functions).sort()) {
    const decl = sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
    if (!decl) throw new Error(`provider/functions.ts serves ${name} but sdk/functions.ts has no function ${name}`);
    const argsType = decl.parameters[0]?.type;
    const ret = decl.type;
    if (!argsType) throw new Error(`sdk/functions.ts ${name}: its first parameter needs a named args type`);
    if (!ret || !ts.isTypeReferenceNode(ret) || ret.typeName.getText() !== "Promise" || ret.typeArguments?.length !== 1) {
      throw new Error(`sdk/functions.ts ${name}: its return type must be written as Promise<Result>`);
    }
    const base = className(name);
    const inputs = object(membersOf(argsType, `${name}(args)`), `${base}Args`);
    const outputs = object(membersOf(ret.typeArguments[0], `${name}'s result`), `${base}Result`);
    specs[functionToken(name)] = {
      ...(docOf(decl) ? { description: docOf(decl) } : {}),
      inputs: { description: `The arguments of ${name}.`, ...inputs },
      outputs: { description: `What ${name} returns.`, ...outputs },
    };
  }
  return specs;
}

export const schemaJson = (): string => `${JSON.stringify(generateSchema(), null, 2)}\n`;

if (require.main === module) {
  const text = schemaJson();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(SCHEMA_PATH) ? fs.readFileSync(SCHEMA_PATH, "utf8") : "";
    if (current !== text) {
      process.stderr.write("provider/native/schema.json is out of date with sdk/: run `npm run build` (or `tsx scripts/gen-schema.ts`)\n");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(SCHEMA_PATH, text);
    const written = JSON.parse(text) as { resources: object; functions: object };
    process.stdout.write(`wrote provider/native/schema.json (${Object.keys(written.resources).length} resources, ${Object.keys(written.functions).length} functions)\n`);
  }
}
