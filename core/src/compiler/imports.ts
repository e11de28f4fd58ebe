import ts from 'typescript'
import { SDK_MODULE } from './sdk-declarations.ts'
import { type CompileDiagnostic, DIAGNOSTIC_CODES } from './types.ts'

/**
 * Finds every way the source reaches for a module other than the SDK — static imports and
 * re-exports, `import x = require()`, `require()`, dynamic `import()` and `import.meta` — and
 * reports each at its line. Plugins run in a sandbox without modules; only `@vm-algo/sdk`
 * exists, and the bundler inlines it.
 */
export function forbiddenImports(file: ts.SourceFile): CompileDiagnostic[] {
  const found: CompileDiagnostic[] = []
  const report = (node: ts.Node, message: string) => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file))
    found.push({
      severity: 'error',
      message,
      line: line + 1,
      column: character + 1,
      code: DIAGNOSTIC_CODES.forbiddenImport,
    })
  }
  const checkSpecifier = (node: ts.Node, specifier: ts.Expression | undefined) => {
    if (specifier && ts.isStringLiteral(specifier) && specifier.text !== SDK_MODULE) {
      report(
        specifier,
        `cannot import '${specifier.text}': plugins may import only '${SDK_MODULE}'`,
      )
    } else if (specifier && !ts.isStringLiteral(specifier)) {
      report(node, `plugins may import only '${SDK_MODULE}'`)
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      checkSpecifier(node, node.moduleSpecifier)
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      checkSpecifier(node, node.moduleReference.expression)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      report(
        node,
        `dynamic import() is not available in plugins; import '${SDK_MODULE}' statically`,
      )
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require'
    ) {
      report(node, `require() is not available in plugins; import '${SDK_MODULE}' instead`)
    } else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      report(node, 'import.meta is not available in plugins')
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument
      if (ts.isLiteralTypeNode(arg)) checkSpecifier(node, arg.literal as ts.Expression)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  // `/// <reference …>` would pull other declarations (DOM, Node) into the type check that do
  // not exist in the sandbox.
  for (const ref of [
    ...file.referencedFiles,
    ...file.typeReferenceDirectives,
    ...file.libReferenceDirectives,
  ]) {
    const { line, character } = file.getLineAndCharacterOfPosition(ref.pos)
    found.push({
      severity: 'error',
      message: `triple-slash references are not available in plugins ('${ref.fileName}')`,
      line: line + 1,
      column: character + 1,
      code: DIAGNOSTIC_CODES.forbiddenImport,
    })
  }
  return found
}
