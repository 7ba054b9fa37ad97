/**
 * One parse of each declaration file per test process. The README compile check and the plugin
 * schema generator build TypeScript programs over the package's types; parsing their .d.ts files
 * (@pulumi/aws alone has 2,700) is most of each program's time, and none changes during a run.
 */
import * as ts from "typescript";

const parsed = new Map<string, ts.SourceFile>();

/**
 * A compiler host for `options` that reuses the declaration files any earlier host of this
 * process parsed with the same language version; other files are read afresh.
 */
export function sharedDeclarationsHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const { getSourceFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    if (!fileName.endsWith(".d.ts")) return getSourceFile.call(host, fileName, language, ...rest);
    const key = `${JSON.stringify(typeof language === "object" ? [language.languageVersion, language.impliedNodeFormat] : language)} ${fileName}`;
    const file = parsed.get(key) ?? getSourceFile.call(host, fileName, language, ...rest);
    if (file) parsed.set(key, file);
    return file;
  };
  return host;
}
