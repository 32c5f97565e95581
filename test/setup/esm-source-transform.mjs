/**
 * Jest transform for the TypeScript source a CommonJS package ships (see jest.config.js): emits ES
 * modules, whatever the package's `type` says, so that source can import Nest 12 (ESM only).
 */
import ts from 'typescript';

export default {
  process(sourceText, sourcePath) {
    const { outputText, sourceMapText } = ts.transpileModule(sourceText, {
      fileName: sourcePath,
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2023,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
        sourceMap: true,
      },
    });
    return { code: outputText, map: sourceMapText };
  },
};
