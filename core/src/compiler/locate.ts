import ts from 'typescript'

/**
 * Finds the line and column (1-based) of a field of the `defineStrategy({...})` /
 * `defineScanner({...})` argument, e.g. `manifest.version` or `params.fast`; falls back to the
 * call itself when the field is not written literally.
 */
export function locateDefinitionField(
  file: ts.SourceFile,
  path: string,
): { line: number; column: number } | undefined {
  const call = findDefineCall(file)
  if (!call) return undefined
  let node: ts.Node = call
  let object = call.arguments[0]
  for (const name of path.split('.')) {
    if (!object || !ts.isObjectLiteralExpression(object)) break
    const prop = object.properties.find(
      (p) => p.name && ts.isIdentifier(p.name) && p.name.text === name,
    )
    if (!prop) break
    node = prop
    object = ts.isPropertyAssignment(prop) ? prop.initializer : undefined
  }
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file))
  return { line: line + 1, column: character + 1 }
}

function findDefineCall(file: ts.SourceFile): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined
  const visit = (node: ts.Node): void => {
    if (found) return
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      (node.expression.text === 'defineStrategy' || node.expression.text === 'defineScanner')
    ) {
      found = node
      return
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}
